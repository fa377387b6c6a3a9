"""A check for two claims that read alike but say different things: other figures, the opposite direction,
or one denying what the other asserts. Sentence embeddings (and word overlap even more) score "unemployment
rose to 4%" and "unemployment fell to 4%" as near twins; this finds the words that tell them apart.

Deliberately plain: word lists and a number reader, no model. docs/similarity.md measures what it gains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000, "mn": 1_000_000,
    "billion": 1_000_000_000, "bn": 1_000_000_000, "b": 1_000_000_000, "trillion": 10**12, "tn": 10**12,
}  # fmt: skip
_UP = {
    "rise", "rises", "rose", "risen", "rising", "increase", "increased", "increases", "increasing", "up",
    "higher", "highest", "high", "grew", "grow", "grown", "growing", "gain", "gained", "gains", "add",
    "added", "adds", "create", "created", "creates", "raise", "raised", "raises", "double", "doubled",
    "triple", "tripled", "twofold", "threefold", "soared", "surged", "climbed", "longest", "biggest",
    "largest", "larger", "bigger", "more", "above", "passed", "exceeded", "support", "supports", "backed",
    "overspent", "expand", "expanded", "expansion", "boost", "boosted", "faster", "record-high",
}  # fmt: skip
_DOWN = {
    "fall", "falls", "fell", "fallen", "falling", "drop", "dropped", "drops", "decrease", "decreased",
    "down", "lower", "lowest", "low", "fewer", "less", "least", "declined", "decline", "cut", "cuts",
    "reduced", "reduce", "halved", "shrank", "shrunk", "lost", "lose", "loss", "shortest", "smallest",
    "smaller", "below", "oppose", "opposes", "opposed", "against", "underspent", "cheaper", "slower",
    "saved", "closure", "closed", "retaken", "record-low", "cost", "costs", "shuts", "shut",
}  # fmt: skip
_NUMBER_WORDS = frozenset({*_UNITS, *_SCALES} - {"k", "m", "b"})
_NEGATIONS = {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "n't", "cannot"}
# "no other", "never before": a superlative said the other way round, not a denial
_NOT_NEGATING = re.compile(
    r"\b(?:no|none) (?:other|previous|one else)\b|\bnever before\b|\bnot (?:only|just)\b"
)
# a figure followed by a unit of time is compared in days: "three weeks" = "21 days"
_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30, "year": 365, "years": 365,
         "decade": 3650, "decades": 3650}  # fmt: skip
# "up" in a verb that moves nothing ("growing up", "set up", "gave up"), with "grow" itself: no direction
_PHRASAL_UP = re.compile(
    r"\b(?:(?:grow|grows|grew|grown|growing) up|(?:(?:set|sets|setting|give|gives|gave|given|giving|end|ends|"
    r"ended|ending|sign|signs|signed|signing|make|makes|made|making|take|takes|took|taken|taking|show|shows|"
    r"showed|shown|showing|sum|sums|summed|open|opens|opened|opening|pick|picks|picked|picking)) up)\b"
)
_WORD = re.compile(r"\d[\d,]*(?:\.\d+)?|[a-z]+(?:-[a-z]+)?|n't")


@dataclass(frozen=True)
class Signature:
    numbers: frozenset[float]
    direction: int  # +1 up, -1 down, 0 neither (or both equally)
    negated: bool


def _tokens(text: str) -> list[str]:
    text = text.lower().replace("’", "'")
    text = re.sub(r"(\d)\s*%", r"\1 percent", text)
    text = re.sub(r"[£$€](\d)", r"\1", text)
    text = re.sub(r"(\d)(bn|m|mn|k|tn)\b", r"\1 \2", text)
    text = _NOT_NEGATING.sub(" ", text)
    text = _PHRASAL_UP.sub(lambda m: " " if m.group().startswith("gr") else m.group()[: -len("up")], text)
    return _WORD.findall(text.replace("n't", " n't"))


def _number(tokens: list[str], i: int) -> float | None:
    tok = tokens[i]
    if tok[0].isdigit():
        return float(tok.replace(",", ""))
    if tok in _UNITS and not (tok == "one" and i + 1 < len(tokens) and tokens[i + 1] == "of"):
        return float(_UNITS[tok])
    return None


def _read_numbers(tokens: list[str]) -> list[float]:
    """Figures in the text: "300,000" = "three hundred thousand", "£15bn" = "15 billion", "three weeks" =
    "21 days", "nine in ten" = "90 percent"."""
    numbers: list[float] = []
    i = 0
    while i < len(tokens):
        value = _number(tokens, i)
        if value is None:
            i += 1
            continue
        i += 1
        while i < len(tokens):  # "twenty five", "three hundred thousand", "4 million"
            nxt = tokens[i]
            if nxt in _SCALES and (nxt not in ("m", "b", "k") or tokens[i - 1][0].isdigit()):
                value *= _SCALES[nxt]
            elif nxt in _UNITS and _UNITS[nxt] < 10 and value >= 20 and value % 10 == 0:
                value += _UNITS[nxt]
            else:
                break
            i += 1
        if i < len(tokens) and tokens[i] in _DAYS:
            value *= _DAYS[tokens[i]]
        elif i + 1 < len(tokens) and tokens[i] == "in" and (denominator := _number(tokens, i + 1)):
            value, i = 100 * value / denominator, i + 2  # "nine in ten" -> 90 (percent)
        numbers.append(round(value, 6))
    return numbers


def signature(text: str) -> Signature:
    tokens = _tokens(text)
    ups = sum(tok in _UP for tok in tokens)
    downs = sum(tok in _DOWN for tok in tokens)
    negations = sum(tok in _NEGATIONS for tok in tokens)
    return Signature(frozenset(_read_numbers(tokens)), (ups > downs) - (downs > ups), negations % 2 == 1)


def conflict(a: str | Signature, b: str | Signature) -> str:
    """Why two claims say different things ("" when nothing tells them apart)."""
    sa = a if isinstance(a, Signature) else signature(a)
    sb = b if isinstance(b, Signature) else signature(b)
    if sa.numbers and sb.numbers and not (sa.numbers & sb.numbers):
        return "different figures"
    if sa.direction and sb.direction and sa.direction != sb.direction:
        return "opposite direction"
    if sa.negated != sb.negated:
        return "one denies what the other asserts"
    return ""
