from datetime import UTC, datetime

import pytest

from apps.articles.feeds import FeedEntry, FeedError, parse_feed

FEED_URL = "https://ledger.example/feeds/world.xml"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Daily Ledger - World</title>
    <link>https://ledger.example/world</link>
    <description>World news</description>
    <item>
      <title>Kazakhstan: President blames foreign-trained terrorists</title>
      <link>https://ledger.example/world/kazakhstan-unrest</link>
      <guid isPermaLink="false">ledger-2022-0107-kz</guid>
      <pubDate>Fri, 07 Jan 2022 14:30:00 +0600</pubDate>
      <description>
        &lt;p&gt;Tokayev said &lt;b&gt;20,000 bandits&lt;/b&gt; attacked Almaty.&lt;/p&gt;
      </description>
    </item>
    <item>
      <title>Fuel prices &amp; protests</title>
      <link>https://ledger.example/world/fuel-prices</link>
      <pubDate>Thu, 06 Jan 2022 09:00:00 GMT</pubDate>
    </item>
    <item>
      <title>An entry with no link is skipped</title>
      <description>Nothing to fetch here.</description>
    </item>
    <item>
      <title>A script link is skipped too</title>
      <link>javascript:alert(1)</link>
    </item>
  </channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Wire</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>
  <updated>2022-01-07T10:00:00Z</updated>
  <entry>
    <title type="html">Russia-led troops &lt;em&gt;arrive&lt;/em&gt;</title>
    <link rel="alternate" type="text/html" href="https://wire.example/2022/01/troops"/>
    <link rel="edit" href="https://wire.example/api/entries/1"/>
    <id>tag:wire.example,2022:troops</id>
    <published>2022-01-07T08:15:00+01:00</published>
    <updated>2022-01-07T09:00:00Z</updated>
    <summary>Troops from a Russia-led alliance arrived on Thursday.</summary>
  </entry>
  <entry>
    <title>Only updated</title>
    <link href="https://wire.example/2022/01/updated-only"/>
    <id>tag:wire.example,2022:updated-only</id>
    <updated>2022-01-06T23:59:59Z</updated>
  </entry>
</feed>
"""


def test_rss_entries():
    entries = parse_feed(RSS, base_url=FEED_URL)

    assert entries == [
        FeedEntry(
            entry_id="ledger-2022-0107-kz",
            url="https://ledger.example/world/kazakhstan-unrest",
            title="Kazakhstan: President blames foreign-trained terrorists",
            published_at=datetime(2022, 1, 7, 8, 30, tzinfo=UTC),
            summary="Tokayev said 20,000 bandits attacked Almaty.",
        ),
        FeedEntry(
            entry_id="https://ledger.example/world/fuel-prices",  # no guid: the link is the id
            url="https://ledger.example/world/fuel-prices",
            title="Fuel prices & protests",
            published_at=datetime(2022, 1, 6, 9, 0, tzinfo=UTC),
            summary="",
        ),
    ]


def test_atom_entries():
    entries = parse_feed(ATOM, base_url="https://wire.example/atom.xml")

    assert [entry.url for entry in entries] == [
        "https://wire.example/2022/01/troops",
        "https://wire.example/2022/01/updated-only",
    ]
    first, second = entries
    assert first.entry_id == "tag:wire.example,2022:troops"
    assert first.title == "Russia-led troops arrive"
    assert first.published_at == datetime(2022, 1, 7, 7, 15, tzinfo=UTC)
    assert first.summary == "Troops from a Russia-led alliance arrived on Thursday."
    assert second.published_at == datetime(2022, 1, 6, 23, 59, 59, tzinfo=UTC)  # falls back to <updated>


def test_relative_links_are_resolved_against_the_feed_address():
    rss = b"""<rss version="2.0"><channel><title>T</title>
      <item><title>A</title><link>/world/a</link></item>
      <item><title>B</title><link>b.html</link></item>
    </channel></rss>"""

    entries = parse_feed(rss, base_url=FEED_URL)

    assert [entry.url for entry in entries] == [
        "https://ledger.example/world/a",
        "https://ledger.example/feeds/b.html",
    ]


def test_relative_links_without_a_base_are_skipped():
    rss = b"""<rss version="2.0"><channel><title>T</title><item><title>A</title><link>/world/a</link></item>
    </channel></rss>"""

    assert parse_feed(rss) == []


def test_duplicate_entries_are_kept_once():
    rss = b"""<rss version="2.0"><channel><title>T</title>
      <item><title>First</title><link>https://x.example/a</link><guid>id-1</guid></item>
      <item><title>Same id again</title><link>https://x.example/a-v2</link><guid>id-1</guid></item>
      <item><title>Same link, new id</title><link>https://x.example/a</link><guid>id-2</guid></item>
      <item><title>Other</title><link>https://x.example/b</link><guid>id-3</guid></item>
    </channel></rss>"""

    entries = parse_feed(rss)

    assert [(entry.entry_id, entry.title) for entry in entries] == [("id-1", "First"), ("id-3", "Other")]


def test_malformed_xml_that_is_still_readable_gives_its_entries():
    broken = RSS.replace(b"</item>\n    <item>\n      <title>Fuel", b"\n    <item>\n      <title>Fuel", 1)
    broken = broken.replace(b"</channel>\n</rss>", b"")  # unclosed tags all over
    assert broken != RSS

    entries = parse_feed(broken, base_url=FEED_URL)

    assert entries
    assert entries[0].url == "https://ledger.example/world/kazakhstan-unrest"


def test_bad_entity_still_gives_entries():
    rss = b"""<rss version="2.0"><channel><title>T</title>
      <item><title>Caf&eacute; &nbsp; news</title><link>https://x.example/a</link></item>
    </channel></rss>"""

    assert [entry.url for entry in parse_feed(rss)] == ["https://x.example/a"]


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><head><title>Daily Ledger</title></head><body><p>Welcome</p></body></html>",
        b"Just some plain text, not a feed at all.",
        b'{"items": []}',
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ],
)
def test_not_a_feed_is_an_error(body):
    with pytest.raises(FeedError) as caught:
        parse_feed(body, base_url=FEED_URL)

    assert caught.value.message.startswith("The feed could not be read: ")
    assert caught.value.message.endswith(".")
    assert str(caught.value) == caught.value.message


def test_empty_body_is_an_error():
    with pytest.raises(FeedError, match="it is empty"):
        parse_feed(b"  \n")


def test_bytes_that_look_like_a_file_name_are_not_opened(tmp_path):
    local_feed = tmp_path / "feed.xml"
    local_feed.write_bytes(RSS)

    with pytest.raises(FeedError):
        parse_feed(str(local_feed).encode())  # feedparser alone would open and read that local file


def test_valid_feed_with_no_entries_is_empty():
    assert parse_feed(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>') == []
