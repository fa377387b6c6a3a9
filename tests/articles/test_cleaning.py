import codecs
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from apps.articles.cleaning import CleanedArticle, CleaningError, clean_html, clean_plain_text, decode_bytes

SEED = Path(__file__).resolve().parents[2] / "seeds" / "kazakhstan-unrest.txt"

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Kazakhstan: President blames foreign-trained terrorists - Daily Ledger</title>
  <link rel="canonical" href="/world/2022/01/kazakhstan-unrest">
  <meta property="og:title" content="Kazakhstan: President blames foreign-trained terrorists">
  <meta name="author" content="Jane Doe">
  <meta property="article:published_time" content="2022-01-07T14:30:00+06:00">
  <script>window.dataLayer = [{"page": "article"}];</script>
  <style>.ad { color: red }</style>
</head>
<body>
  <header class="site-header">
    <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
    <li><a href="/sport">Sport</a></li>
    <li><a href="/subscribe">Subscribe now for unlimited access to every story</a></li></ul></nav>
  </header>
  <div class="ad-banner advertisement">Buy the new SuperPhone today with free shipping on every order</div>
  <main>
    <article>
      <h1>Kazakhstan: President blames foreign-trained terrorists</h1>
      <p class="byline">By <span class="author">Jane Doe</span></p>
      <time datetime="2022-01-07T14:30:00+06:00">7 January 2022</time>
      <p>Kazakhstan's President Kassym-Jomart Tokayev said on Friday that he had ordered security forces to
      shoot to kill without warning, as unrest continued in the country's largest city, Almaty.</p>
      <p>In a televised address, he said that twenty thousand bandits had attacked Almaty and that the
      authorities would destroy those who did not surrender. He did not give evidence for the figure.</p>
      <p>Russian-led troops arrived in the country this week at the request of the government, after
      protests over a rise in fuel prices turned into wider unrest across several regions.</p>
      <p>Officials said dozens of protesters and at least eighteen members of the security forces had
      died, while thousands of people were detained by the police during the week.</p>
    </article>
    <section class="comments" id="comments">
      <h2>Comments</h2>
      <div class="comment">
        <p>CommentBot99 wrote: this is all fake news, wake up people, read my blog!</p></div>
      <div class="comment">
        <p>Another reader: I completely disagree with the previous commenter here.</p></div>
    </section>
  </main>
  <aside class="related">
    <h3>Most read</h3><ul><li><a href="/x">Celebrity chef opens restaurant</a></li></ul></aside>
  <footer><p>© 2022 Daily Ledger. All rights reserved. Privacy policy. Cookie settings.</p></footer>
</body>
</html>
"""


def test_clean_html_extracts_the_article_and_its_metadata():
    article = clean_html(NEWS_PAGE, url="https://ledger.example/world/kazakhstan?utm_source=feed")

    assert isinstance(article, CleanedArticle)
    assert article.title == "Kazakhstan: President blames foreign-trained terrorists"
    assert article.byline == "Jane Doe"
    assert article.published_at == datetime(2022, 1, 7, 14, 30, tzinfo=timezone(timedelta(hours=6)))
    assert article.language == "en"
    assert article.canonical_url == "https://ledger.example/world/2022/01/kazakhstan-unrest"
    assert "ordered security forces to shoot to kill without warning" in article.text
    assert "He did not give evidence for the figure." in article.text
    assert "thousands of people were detained by the police during the week." in article.text


def test_clean_html_leaves_out_navigation_ads_comments_and_footer():
    text = clean_html(NEWS_PAGE, url="https://ledger.example/a").text

    for boilerplate in (
        "Subscribe now",
        "SuperPhone",
        "CommentBot99",
        "Another reader",
        "Celebrity chef",
        "All rights reserved",
        "dataLayer",
        "color: red",
    ):
        assert boilerplate not in text


def test_clean_html_puts_each_paragraph_on_its_own_line():
    lines = clean_html(NEWS_PAGE).text.split("\n")

    assert any(line.startswith("Kazakhstan's President Kassym-Jomart Tokayev said") for line in lines)
    assert any(line.startswith("Russian-led troops arrived") for line in lines)
    assert all(line == line.strip() and line for line in lines)
    # the line breaks inside a <p> in the source are not paragraph breaks
    assert any("shoot to kill without warning, as unrest continued" in line for line in lines)


def test_clean_html_without_a_time_zone_gives_utc():
    page = NEWS_PAGE.replace("2022-01-07T14:30:00+06:00", "2022-01-07")

    assert clean_html(page).published_at == datetime(2022, 1, 7, tzinfo=UTC)


def test_clean_html_reads_broken_markup():
    broken = (
        "<html><head><title>Broken page</title><body><div class=story><h1>Bridge delayed</h1>"
        "<p>The mayor said on Tuesday that the new bridge"
        " would open next spring, but engineers at the site disagreed with that timeline strongly"
        "<p>They said inspections had found cracks in two of the supports, which would take months to fix"
        " <b>before any traffic <i>could cross</b> the river safely.</div><div><p>Unclosed tail"
    )

    article = clean_html(broken)

    assert "The mayor said on Tuesday that the new bridge would open next spring" in article.text
    assert "found cracks in two of the supports" in article.text


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html><head><title>Empty</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><p>Too short.</p></body></html>",
        "<html><body><img src='chart.png'><script>var x = 'lots of script words that are not text';</script>"
        "</body></html>",
    ],
)
def test_clean_html_without_article_text_is_an_error(html):
    with pytest.raises(CleaningError) as caught:
        clean_html(html)

    assert caught.value.message == "No article text found on the page."
    assert str(caught.value) == caught.value.message


# decode_bytes -------------------------------------------------------------------------------------------

TEXT = "Café “quoted” — naïve résumé, déjà vu: the minister’s claim. " * 5


def test_decode_utf8():
    assert decode_bytes(TEXT.encode("utf-8")) == TEXT
    assert decode_bytes(TEXT.encode("utf-8"), "utf-8") == TEXT


def test_decode_cp1252_mislabelled_as_utf8():
    assert decode_bytes(TEXT.encode("cp1252"), "utf-8") == TEXT


def test_decode_cp1252_with_no_label():
    assert decode_bytes(TEXT.encode("cp1252")) == TEXT


def test_decode_declared_latin1():
    text = "Señor Müller paid 5 £ for the café. " * 5

    assert decode_bytes(text.encode("latin-1"), "ISO-8859-1") == text


def test_decode_latin1_label_is_read_as_windows_1252_like_browsers_do():
    assert decode_bytes("“Smart quotes”".encode("cp1252"), "iso-8859-1") == "“Smart quotes”"


def test_decode_meta_charset_when_the_header_says_nothing():
    html = '<html><head><meta charset="windows-1251"></head><body><p>Президент заявил</p></body></html>'

    assert decode_bytes(html.encode("cp1251")) == html


def test_decode_header_charset_wins_over_meta_when_it_decodes():
    html = '<meta charset="iso-8859-1"><p>Президент заявил</p>'

    assert decode_bytes(html.encode("utf-8"), "utf-8") == html


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le"])
def test_decode_byte_order_mark(encoding):
    bom = {
        "utf-8": codecs.BOM_UTF8,
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
    }[encoding]

    assert decode_bytes(bom + TEXT.encode(encoding), "iso-8859-1") == TEXT


def test_decode_unknown_declared_charset_is_ignored():
    assert decode_bytes(TEXT.encode("utf-8"), "x-no-such-charset") == TEXT


def test_decode_empty_body():
    assert decode_bytes(b"") == ""


@pytest.mark.parametrize("size", [64, 1000, 20000])
def test_decode_garbage_bytes_is_an_error(size):
    garbage = random.Random(size).randbytes(size)

    with pytest.raises(CleaningError) as caught:
        decode_bytes(garbage, "utf-8")

    assert (
        caught.value.message == "The page's text could not be decoded (unknown or broken character encoding)."
    )


def test_decode_control_characters_is_an_error():
    with pytest.raises(CleaningError):
        decode_bytes(bytes(range(0, 9)) * 200)


# clean_plain_text ---------------------------------------------------------------------------------------


def test_clean_plain_text_keeps_the_seed_article_identical():
    seed = SEED.read_text(encoding="utf-8")

    assert clean_plain_text(seed) == seed
    assert clean_plain_text(seed).encode("utf-8") == SEED.read_bytes()


def test_clean_plain_text_normalises_newlines():
    assert clean_plain_text("one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_clean_plain_text_strips_control_characters_but_keeps_tabs_and_newlines():
    assert clean_plain_text("a\x00b\x07c\td\x1b[0m\ne\x0cf") == "abc\td[0m\nef"


def test_clean_plain_text_strips_trailing_spaces_only():
    assert clean_plain_text("  indented line   \nnext\t \n") == "  indented line\nnext\n"


def test_clean_plain_text_applies_nfc_and_drops_a_leading_bom():
    assert clean_plain_text("\ufeffCafe\u0301") == "Café"


def test_clean_plain_text_keeps_everything_else():
    text = "“Quotes” — dashes… «guillemets» 中文 emoji 🎉 non\u00a0breaking\n\n\nblank lines kept"

    assert clean_plain_text(text) == text
