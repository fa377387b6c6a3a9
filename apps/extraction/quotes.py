"""Find quoted passages in raw text (regex-level, before any parse).

Double quotes (straight, curly, low-9, guillemets) and curly single quotes are paired inside a
paragraph. A quote left open at the end of a paragraph continues when the next paragraph opens
with the same kind of mark (the newspaper convention for quotes running over paragraphs); a quote
left open otherwise is dropped. Apostrophes (letter-’-letter, or a ’ not followed by a break) never
close a single quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‹"
_SINGLE_CLOSE = "’›"
_STRAIGHT = '"'
# Two apostrophes are the typewriter's double quote (''like this''), opening and closing alike.
_MARKS = re.compile(r"''|[\"“”„«»‘’‹›]")
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # index of the opening mark
    end: int  # index after the closing mark
    paragraphs: int = 1


def _family(ch: str) -> str:
    return "single" if ch in _SINGLE_OPEN + _SINGLE_CLOSE else "double"


def _is_opener(text: str, i: int, ch: str, open_family: str | None) -> bool:
    if ch in _DOUBLE_OPEN or ch in _SINGLE_OPEN:
        prev = text[i - 1] if i > 0 else " "
        return ch not in _SINGLE_OPEN or not prev.isalnum()
    if ch == _STRAIGHT:
        return open_family is None
    return False


def _is_closer(text: str, i: int, ch: str) -> bool:
    if ch in _DOUBLE_CLOSE or ch == _STRAIGHT:
        return True
    if ch in _SINGLE_CLOSE:
        nxt = text[i + 1] if i + 1 < len(text) else " "
        prev = text[i - 1] if i > 0 else " "
        return not nxt.isalnum() and not prev.isspace()
    return False


def _scan_paragraph(
    text: str, start: int, end: int, carried: int | None = None
) -> tuple[list[tuple[int, int]], int | None]:
    """Closed quotes in text[start:end], and the position of a quote left open at the end.

    ``carried`` is the opening mark of a quote that runs into this paragraph from an earlier one.
    """
    found: list[tuple[int, int]] = []
    open_at: int | None = carried
    open_family: str | None = _family(text[carried]) if carried is not None else None
    straight_open = carried is not None and text[carried] in (_STRAIGHT, "'")
    for m in _MARKS.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if ch == "''":
            ch = _STRAIGHT
        if open_at is None:
            if _is_opener(text, i, ch, None):
                open_at, open_family = i, _family(ch)
                straight_open = ch == _STRAIGHT
            continue
        if straight_open:
            if ch == _STRAIGHT:
                found.append((open_at, m.end()))
                open_at = None
            continue
        if _family(ch) == open_family and _is_closer(text, i, ch):
            found.append((open_at, m.end()))
            open_at = None
    return found, open_at


def _opens_with_quote(text: str, start: int, end: int, family: str) -> bool:
    stripped = text[start:end].lstrip()
    if not stripped:
        return False
    ch = stripped[0]
    if family == "double" and stripped.startswith("''"):
        return True
    return ch in _DOUBLE_OPEN + _STRAIGHT if family == "double" else ch in _SINGLE_OPEN


def find_quotes(text: str) -> list[Quote]:
    """All quoted passages of the text, in order, multi-paragraph quotes as one."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    quotes: list[Quote] = []
    carry: int | None = None  # start of a quote continuing from the previous paragraph
    carry_paragraphs = 0
    for index, (p_start, p_end) in enumerate(paragraphs):
        scan_from = p_start
        if carry is not None:
            # This paragraph reopened the quote: its first mark belongs to the running quote.
            first = _MARKS.search(text, p_start, p_end)
            scan_from = first.end() if first else p_start
        found, open_at = _scan_paragraph(text, scan_from, p_end, carry)
        if carry is not None:
            if found and found[0][0] == carry:
                quotes.append(Quote(carry, found[0][1], carry_paragraphs + 1))
                found = found[1:]
                carry = None
            elif open_at == carry:
                nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
                family = _family(text[carry])
                if nxt and _opens_with_quote(text, nxt[0], nxt[1], family):
                    carry_paragraphs += 1
                    continue
                carry = None  # never closed: drop it
                open_at = None
        quotes.extend(Quote(s, e) for s, e in found)
        carry = None
        if open_at is not None:
            family = _family(text[open_at])
            nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            if nxt and _opens_with_quote(text, nxt[0], nxt[1], family):
                carry, carry_paragraphs = open_at, 1
    return quotes
