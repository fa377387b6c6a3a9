"""Read RSS and Atom feeds (feedparser) into plain entries. Plain Python, no Django, no network."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from time import struct_time
from urllib.parse import urljoin, urlsplit

import feedparser

MAX_SUMMARY_CHARS = 2000


class FeedError(Exception):
    """The feed could not be read; `message` says why in a sentence an editor can read."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FeedEntry:
    entry_id: str  # the entry's id (guid), or its link when it has none
    url: str  # absolute http(s) link to the article
    title: str  # plain text
    published_at: datetime | None  # aware, UTC
    summary: str  # plain text, tags removed


def parse_feed(body: bytes, *, base_url: str = "") -> list[FeedEntry]:
    """The entries of an RSS or Atom feed, in feed order. Entries without an http(s) link are skipped,
    relative links are resolved against the feed's address, and repeated entries (same id or same link)
    are kept once. Slightly broken XML is read when feedparser can; otherwise FeedError."""
    if not body.strip():
        raise FeedError("The feed could not be read: it is empty.")
    # A stream, never bytes or str: feedparser treats a string as a file name or URL to open.
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={"content-location": base_url} if base_url else None,
        resolve_relative_uris=True,
        sanitize_html=True,
    )
    if not parsed.get("version") and not parsed.entries:
        raise FeedError(f"The feed could not be read: {_reason(parsed)}.")
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for raw in parsed.entries:
        entry = _entry(raw, base_url)
        if entry is None or entry.entry_id in seen or entry.url in seen:
            continue
        seen.update((entry.entry_id, entry.url))
        entries.append(entry)
    if not entries and parsed.get("bozo"):
        # broken XML that yielded nothing usable is an error to show, not an empty feed
        raise FeedError(f"The feed could not be read: {_reason(parsed)}.")
    return entries


def _reason(parsed: feedparser.FeedParserDict) -> str:
    if not parsed.get("bozo"):
        return "it is not an RSS or Atom feed"
    exception = parsed.get("bozo_exception")
    detail = " ".join(str(getattr(exception, "getMessage", lambda: exception)()).split())
    if not detail:
        return "it is not an RSS or Atom feed"
    return f"it is not well-formed XML ({detail})"


def _entry(raw: feedparser.FeedParserDict, base_url: str) -> FeedEntry | None:
    url = _link(raw, base_url)
    if not url:
        return None
    entry_id = " ".join(str(raw.get("id") or "").split()) or url
    return FeedEntry(
        entry_id=entry_id,
        url=url,
        title=_plain_text(raw.get("title") or ""),
        published_at=_datetime(raw.get("published_parsed") or raw.get("updated_parsed")),
        summary=_plain_text(raw.get("summary") or "")[:MAX_SUMMARY_CHARS],
    )


def _link(raw: feedparser.FeedParserDict, base_url: str) -> str:
    candidates = [raw.get("link")]
    candidates += [
        link.get("href") for link in raw.get("links", []) if link.get("rel", "alternate") == "alternate"
    ]
    for href in candidates:
        href = (href or "").strip()
        if not href:
            continue
        absolute = urljoin(base_url, href) if base_url else href
        parts = urlsplit(absolute)
        if parts.scheme in ("http", "https") and parts.hostname:
            return absolute
    return ""


def _datetime(value: struct_time | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)  # feedparser gives UTC
    except (TypeError, ValueError):
        return None


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("p", "br", "div", "li"):
            self.parts.append(" ")


def _plain_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join("".join(collector.parts).split())
