"""Slice article text into plain segments for the templates to escape and wrap: never HTML built in Python.

Every segment keeps its character offset into the article text (`start`), which the template writes to a
`data-start` attribute so the browser can turn a text selection back into offsets.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

# Where spans overlap, the higher kind wins the characters.
PRIORITY = {"claim": 4, "evidence": 3, "cue": 2, "other": 1}
# The article page shows at most this many characters at once (about ten screens of text).
ARTICLE_PAGE_CHARS = 20_000
# A claim's context reaches at most this far either side of it, however long its paragraph.
CONTEXT_CHARS = 3_000


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "claim" (the one in focus), "evidence", "cue", "other" (another claim)
    claim_id: int | None = None
    status: str = ""


@dataclass(frozen=True)
class Segment:
    text: str
    start: int
    kind: str = "text"
    claim_id: int | None = None
    status: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def segments(text: str, spans: Iterable[Span], start: int = 0, end: int | None = None) -> list[Segment]:
    """`text[start:end]` as consecutive segments covering every character once, each marked with the
    highest-priority span covering it. Spans outside the window are clipped; empty ones ignored."""
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    if start >= end:
        return []
    clipped = [
        Span(max(s.start, start), min(s.end, end), s.kind, s.claim_id, s.status)
        for s in spans
        if s.end > start and s.start < end and s.end > s.start
    ]
    cuts = sorted({start, end, *(s.start for s in clipped), *(s.end for s in clipped)})
    result: list[Segment] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in clipped if s.start <= left and right <= s.end]
        best = max(covering, key=lambda s: PRIORITY.get(s.kind, 0), default=None)
        key = (best.kind, best.claim_id, best.status) if best else ("text", None, "")
        if result and (result[-1].kind, result[-1].claim_id, result[-1].status) == key:
            last = result[-1]
            result[-1] = Segment(last.text + text[left:right], last.start, *key)
        else:
            result.append(Segment(text[left:right], left, *key))
    return result


def paragraphs(
    text: str, spans: Iterable[Span], start: int = 0, end: int | None = None
) -> list[list[Segment]]:
    """Like `segments`, split into paragraphs at line breaks (the line breaks themselves are left out, and
    blank lines give no paragraph). Offsets stay absolute."""
    spans = list(spans)
    end = len(text) if end is None else min(end, len(text))
    result = []
    position = max(0, start)
    while position < end:
        newline = text.find("\n", position, end)
        stop = end if newline == -1 else newline
        if text[position:stop].strip():
            result.append(segments(text, spans, position, stop))
        position = stop + 1
    return result


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end of the paragraph(s) holding text[start:end]."""
    left = text.rfind("\n", 0, max(0, start)) + 1
    right = text.find("\n", end)
    return left, len(text) if right == -1 else right


def claim_spans(claim, *, focus: bool = True) -> list[Span]:
    """The spans one claim contributes: its text (in focus or as another claim), its cue, its evidence cue."""
    spans = [Span(claim.start, claim.end, "claim" if focus else "other", claim.pk, claim.review_status)]
    if focus and claim.cue_start is not None and claim.cue_end is not None:
        spans.append(Span(claim.cue_start, claim.cue_end, "cue", claim.pk))
    if focus and claim.evidence_start is not None and claim.evidence_end is not None:
        spans.append(Span(claim.evidence_start, claim.evidence_end, "evidence", claim.pk))
    return spans


def claim_context(claim, text: str) -> list[list[Segment]]:
    """The paragraph(s) around a claim, its span, cue and evidence cue highlighted; at most CONTEXT_CHARS
    either side of them (cut at a space), so a text with no paragraph breaks is not shown whole."""
    spans = claim_spans(claim)
    first, last = min(s.start for s in spans), max(s.end for s in spans)
    left, right = paragraph_bounds(text, first, last)
    if first - left > CONTEXT_CHARS:
        space = text.find(" ", first - CONTEXT_CHARS, first)
        left = space + 1 if space != -1 else first - CONTEXT_CHARS
    if right - last > CONTEXT_CHARS:
        space = text.rfind(" ", last, last + CONTEXT_CHARS)
        right = space if space != -1 else last + CONTEXT_CHARS
    return paragraphs(text, spans, left, right)


def page_bounds(text: str, size: int = ARTICLE_PAGE_CHARS) -> list[tuple[int, int]]:
    """The text cut into pages of at most `size` characters that cover it: at a paragraph break in the
    page's second half where there is one, else at a space, else mid-word."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut != -1 else end
        bounds.append((start, end))
        start = end
    return bounds


def page_of(bounds: list[tuple[int, int]], offset: int) -> int:
    """The 1-based page of `bounds` holding the character at `offset`."""
    return max(1, bisect_right([start for start, _ in bounds], offset))


def article_paragraphs(
    text: str, claims: Iterable, start: int = 0, end: int | None = None
) -> list[list[Segment]]:
    """The article (or `text[start:end]`, one page of it), every claim highlighted with its status."""
    spans = [Span(c.start, c.end, "other", c.pk, c.review_status) for c in claims]
    return paragraphs(text, spans, start, end)
