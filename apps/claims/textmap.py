"""Where the words of one version of a text are in another: the offset map a text correction moves claims by.

`TextMap(old, new).move(start, end)` is the span of `old[start:end]` in `new` when those characters are
unchanged there (in one stretch that the correction did not touch), else None. The texts are compared line
by line (difflib.SequenceMatcher, fast on long articles), then changed lines word by word, so a typo fixed
in one sentence leaves every other sentence, and the rest of that one, where it can be found.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from difflib import SequenceMatcher

_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
# past this many tokens in one changed stretch, difflib's popular-token heuristic keeps the diff fast
_EXACT_TOKEN_LIMIT = 20_000


class TextMap:
    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
        self.blocks = _merge(_line_blocks(old, new))  # (old start, old end, new start), ascending, disjoint
        self._starts = [b[0] for b in self.blocks]

    def move(self, start: int, end: int) -> tuple[int, int] | None:
        """The span in `new` of the unchanged characters old[start:end], or None if any of them changed."""
        i = bisect_right(self._starts, start) - 1
        if i < 0:
            return None
        old_start, old_end, new_start = self.blocks[i]
        if not (old_start <= start and end <= old_end):
            return None
        return new_start + start - old_start, new_start + end - old_start


def _line_blocks(old: str, new: str) -> list[tuple[int, int, int]]:
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_at, new_at = _offsets(old_lines), _offsets(new_lines)
    blocks = []
    matcher = SequenceMatcher(None, old_lines, new_lines)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks.append((old_at[i1], old_at[i2], new_at[j1]))
        elif tag == "replace":
            # lines changed one for one (the usual correction) are compared pair by pair, fast however many
            if i2 - i1 == j2 - j1:
                stretches = [
                    (old_at[i], old_at[i + 1], new_at[j], new_at[j + 1])
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                ]
            else:
                stretches = [(old_at[i1], old_at[i2], new_at[j1], new_at[j2])]
            for o1, o2, n1, n2 in stretches:
                for a, b, c in _token_blocks(old[o1:o2], new[n1:n2]):
                    blocks.append((o1 + a, o1 + b, n1 + c))
    return blocks


def _token_blocks(old: str, new: str) -> list[tuple[int, int, int]]:
    old_tokens = [m.span() for m in _TOKENS.finditer(old)]
    new_tokens = [m.span() for m in _TOKENS.finditer(new)]
    a = [old[s:e] for s, e in old_tokens]
    b = [new[s:e] for s, e in new_tokens]
    exact = len(a) + len(b) <= _EXACT_TOKEN_LIMIT
    blocks = []
    for i, j, n in SequenceMatcher(None, a, b, autojunk=not exact).get_matching_blocks():
        if n:
            blocks.append((old_tokens[i][0], old_tokens[i + n - 1][1], new_tokens[j][0]))
    return blocks


def _offsets(lines: list[str]) -> list[int]:
    at = [0]
    for line in lines:
        at.append(at[-1] + len(line))
    return at


def _merge(blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Join blocks that continue each other in both texts: a span across a line end stays movable."""
    merged: list[tuple[int, int, int]] = []
    for old_start, old_end, new_start in sorted(blocks):
        if old_end <= old_start:
            continue
        if merged:
            p_start, p_end, p_new = merged[-1]
            if p_end == old_start and p_new + (p_end - p_start) == new_start:
                merged[-1] = (p_start, old_end, p_new)
                continue
        merged.append((old_start, old_end, new_start))
    return merged
