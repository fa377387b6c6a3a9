"""Turn fetched bytes into article text: decode the bytes, extract the article from HTML (trafilatura),
tidy pasted or uploaded plain text. Plain Python, no Django."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml.etree import ParserError

MIN_ARTICLE_WORDS = 20
# Sentence an editor sees when bytes are not text in any encoding we can recognise.
UNDECODABLE = "The page's text could not be decoded (unknown or broken character encoding)."
# Share of characters that may be replacement or control characters before we call the text garbage.
MAX_JUNK_RATIO = 0.05
# How much more "chaos" (charset_normalizer's mess score, 0 to 1) windows-1252 may show than the best guess.
PLAUSIBLE_CHAOS_MARGIN = 0.1

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is a prefix of this one
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
# Browsers read these labels as windows-1252 (WHATWG Encoding Standard); so do we.
_WINDOWS_1252_LABELS = frozenset({"iso-8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "iso8859-1"})
_JUNK = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_C0_EXCEPT_TAB_NEWLINE = re.compile("[\x00-\x08\x0b-\x1f]")
_TRAILING_SPACE = re.compile("[ \t]+$", re.MULTILINE)


class CleaningError(Exception):
    """The text could not be made readable; `message` says why in a sentence an editor can read."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CleanedArticle:
    title: str
    byline: str
    published_at: datetime | None  # aware; UTC when the page gave no time zone
    language: str  # primary language subtag, e.g. "en"; "" when the page does not say
    canonical_url: str
    text: str  # paragraphs separated by "\n"


# Decoding ------------------------------------------------------------------------------------------------


def decode_bytes(body: bytes, declared_charset: str | None = None) -> str:
    """Decode a page or text file. Tries, in order: a byte-order mark, the declared charset (HTTP header),
    a <meta charset>, UTF-8, then charset detection; the first that decodes cleanly wins. A wrong
    declaration therefore falls through to the next guess. Raises CleaningError for undecodable bytes."""
    if not body:
        return ""
    for encoding, data in _candidates(body, declared_charset):
        text = _try_decode(data, encoding)
        if text is not None and not _looks_like_junk(text):
            return text
    detected = _detect(body)
    if detected is not None and not _looks_like_junk(detected):
        return detected
    raise CleaningError(UNDECODABLE)


def _candidates(body: bytes, declared_charset: str | None) -> list[tuple[str, bytes]]:
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return [(encoding, body[len(bom) :])]
    candidates = []
    meta = _META_CHARSET.search(body[:4096])
    for label in (declared_charset, meta.group(1).decode("ascii") if meta else None, "utf-8"):
        encoding = _normalise_label(label)
        if encoding and encoding not in [known for known, _ in candidates]:
            candidates.append((encoding, body))
    return candidates


def _normalise_label(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252_LABELS:
        label = "windows-1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        if encoding == "cp1252":
            # Five bytes are undefined in windows-1252; browsers map them like latin-1.
            return data.decode("latin-1")
        return None


def _detect(body: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it comes with trafilatura
        return None
    matches = from_bytes(body)
    best = matches.best()
    if best is None:
        return None
    # Several code pages often fit short Western text about as well; windows-1252 is by far the commonest
    # legacy encoding on the web, so it wins when it reads about as cleanly and as much like a language.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + PLAUSIBLE_CHAOS_MARGIN:
            return str(match) if match.coherence >= best.coherence else str(best)
    return str(best)


def _looks_like_junk(text: str) -> bool:
    sample = text[:100_000]
    visible = sum(1 for char in sample if not char.isspace())
    if visible == 0:
        return False
    return len(_JUNK.findall(sample)) / visible > MAX_JUNK_RATIO


# HTML ---------------------------------------------------------------------------------------------------


def clean_html(html: str, *, url: str = "") -> CleanedArticle:
    """The article on a web page: its main text without navigation, ads, comments or tables, and what the
    page says about it (title, byline, date, canonical address, language)."""
    if not html.strip():
        raise CleaningError("No article text found on the page.")
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
            date_extraction_params={
                "extensive_search": True,
                "original_date": True,
                "outputformat": "%Y-%m-%dT%H:%M:%S%z",
            },
        )
    except Exception as exc:  # trafilatura and lxml raise many kinds on hostile markup
        raise CleaningError("The page could not be read as HTML.") from exc
    text = _tidy_text(document.text or "") if document is not None else ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise CleaningError("No article text found on the page.")
    head = _PageHead.read(html, url)
    return CleanedArticle(
        title=_one_line(document.title),
        byline=_one_line(document.author),
        published_at=_parse_date(document.date),
        language=head.language,
        canonical_url=head.canonical_url or (document.url or url),
        text=text,
    )


@dataclass(frozen=True)
class _PageHead:
    language: str
    canonical_url: str

    @classmethod
    def read(cls, html: str, url: str) -> _PageHead:
        try:
            root = lxml.html.document_fromstring(html.encode("utf-8"), base_url=url or None)
        except (ParserError, ValueError):
            return cls("", "")
        language = root.get("lang") or _first(root.xpath("//meta[@http-equiv='content-language']/@content"))
        language = (language or _first(root.xpath("//meta[@property='og:locale']/@content")) or "").strip()
        canonical = _first(
            root.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href")
        )
        canonical = canonical or _first(root.xpath("//meta[@property='og:url']/@content"))
        return cls(_primary_language(language), _absolute_http_url(canonical, url))


def _first(values: list) -> str:
    return str(values[0]).strip() if values else ""


def _primary_language(tag: str) -> str:
    primary = re.split(r"[-_]", tag, maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else ""


def _absolute_http_url(href: str, base: str) -> str:
    if not href:
        return ""
    absolute = urljoin(base, href) if base else href
    return absolute if urlsplit(absolute).scheme in ("http", "https") else ""


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    for pattern in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(value, pattern)
        except ValueError:
            continue
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def _tidy_text(text: str) -> str:
    lines = (" ".join(line.split()) for line in clean_plain_text(text).split("\n"))
    return "\n".join(line for line in lines if line)


# Plain text ---------------------------------------------------------------------------------------------


def clean_plain_text(text: str) -> str:
    """Pasted or uploaded text, tidied without changing its words: Windows and old-Mac newlines become
    "\\n", control characters other than newline and tab go, as do trailing spaces and a leading BOM;
    the result is NFC-normalised. Everything else is kept exactly (claim spans index into it)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = _C0_EXCEPT_TAB_NEWLINE.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    return unicodedata.normalize("NFC", text)


# Pasted HTML --------------------------------------------------------------------------------------------

# Tags that give away a web page's code (opening or closing); "x < 5" or "<3" in a plain text are not tags.
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|title|meta|link|script|style|article|main|section|header|footer|nav|aside|div|"
    r"span|p|br|hr|a|img|figure|figcaption|h[1-6]|ul|ol|li|blockquote|strong|em|b|i|u|table|tr|td|th)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_DOCUMENT = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether pasted text is a web page's code rather than its words: a doctype or <html>, or at least
    three HTML tags in its first 100,000 characters."""
    if _DOCUMENT.match(text[:1000]):
        return True
    sample = text[:100_000]
    return len(list(islice(_HTML_TAG.finditer(sample), 3))) == 3


def clean_pasted_html(html: str) -> CleanedArticle:
    """Pasted or uploaded HTML, a whole page or a fragment, cleaned to its text like a fetched page.
    A fragment is wrapped in a document first (trafilatura reads whole documents only)."""
    if not re.search(r"<body[\s>]", html[:100_000], re.IGNORECASE):
        html = f"<html><body>{html}</body></html>"
    return clean_html(html)
