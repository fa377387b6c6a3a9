"""What makes a claim worth checking, as named features an editor can read back as reasons.

Plain Python, no Django: `ClaimFacts` is what the worker knows of a claim (its stored fields and, from the
database, how often its speaker said it before and how many of the speaker's claims editors flagged
unsupported); `claim_features` turns it into numbers in [0, 1] keyed by feature name. The text features read
the claim's words with a tokeniser of regular expressions, not a second parse: the extractor's parse stays
the one parse of an article.

Every feature has a reason (`REASONS`) shown on the queue row and the claim page when it counts towards the
score; a negative one ("opinion, not a checkable fact") lowers it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from apps.extraction.lexicon import (
    ACCUSATION_CUES,
    COMPARISON_WORDS,
    FIGURE_WORDS,
    OPINION_CUES,
    OPINION_WORDS,
    ORG_NOUNS,
    WRONGDOING_WORDS,
)


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    content: str
    cue: str = ""
    kind: str = "indirect"
    evidence: str = "not_stated"
    speaker_kind: str = ""  # "" when no speaker was resolved
    speaker_confident: bool = True
    said_before: int = 0  # earlier claims of this speaker linked as the same claim
    speaker_unsupported: int = 0  # this speaker's claims that editors flagged unsupported


REASONS = {
    "figure": "gives a figure",
    "comparison": "compares or ranks (record, most, more than)",
    "accusation": "accuses a named party",
    "causal": "says what caused what",
    "prediction": "a prediction",
    "no_evidence": "no evidence given",
    "evidence_given": "evidence given in the article",
    "said_before": "said before by this speaker",
    "speaker_record": "speaker has claims flagged unsupported",
    "official": "made by an organisation or official body",
    "opinion": "opinion, not a checkable fact",
    "vague_speaker": "speaker uncertain",
    "short": "too short to check",
}

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*%?")
_MONEY = re.compile(r"[£$€¥]\s?\d|\d\s?(?:%|bn|m\b|k\b)|\bper ?cent\b", re.IGNORECASE)
_CAUSAL = re.compile(
    r"\b(?:because of|caused|causes|causing|led to|leads to|lead to|due to|result(?:ed|s)? in|responsible for"
    r"|blamed? for|as a result)\b",
    re.IGNORECASE,
)
_PREDICTION = re.compile(
    r"\b(?:will|won't|would|going to|is set to|are set to|expects?|expected to|forecasts?|predicts?|by 20\d\d)\b",
    re.IGNORECASE,
)
_FIRST_PERSON_OPINION = re.compile(r"\b(?:I|we) (?:think|believe|feel|hope|am|are proud)\b")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _has_named_party(content: str, words: list[str]) -> bool:
    """A capitalised word after the first (a name, an organisation), or an organisation noun."""
    for i, word in enumerate(words):
        if i and word[:1].isupper() and word.lower() not in {"i"}:
            return True
    return any(w.lower() in ORG_NOUNS for w in words)


def claim_features(facts: ClaimFacts) -> dict[str, float]:
    """Named features in [0, 1]; absent features are 0 and left out."""
    content = facts.content or ""
    words = _words(content)
    lower = [w.lower() for w in words]
    cue = (facts.cue or "").lower().split()
    cue_word = cue[-1] if cue else ""
    out: dict[str, float] = {}

    if any(w[0].isdigit() for w in words) or _MONEY.search(content) or FIGURE_WORDS.intersection(lower):
        out["figure"] = 1.0
    if COMPARISON_WORDS.intersection(lower) or " than " in f" {content.lower()} ":
        out["comparison"] = 1.0
    accusing = cue_word in ACCUSATION_CUES or bool(WRONGDOING_WORDS.intersection(lower))
    if accusing and _has_named_party(content, words):
        out["accusation"] = 1.0
    if _CAUSAL.search(content):
        out["causal"] = 1.0
    if _PREDICTION.search(content):
        out["prediction"] = 1.0
    if facts.evidence == "not_provided":
        out["no_evidence"] = 1.0
    elif facts.evidence == "provided":
        out["evidence_given"] = 1.0
    if facts.said_before:
        out["said_before"] = min(facts.said_before, 3) / 3
    if facts.speaker_unsupported:
        out["speaker_record"] = min(facts.speaker_unsupported, 2) / 2
    if facts.speaker_kind in {"organisation", "group"}:
        out["official"] = 1.0
    checkable = "figure" in out or "accusation" in out or "causal" in out
    opinion = (
        cue_word in OPINION_CUES
        or bool(_FIRST_PERSON_OPINION.search(content))
        or bool(OPINION_WORDS.intersection(lower))
    )
    if opinion and not checkable:
        out["opinion"] = 1.0
    if not facts.speaker_confident or not facts.speaker_kind:
        out["vague_speaker"] = 1.0
    if len(words) < 5:
        out["short"] = 1.0
    return out


def reason_text(name: str, facts: ClaimFacts | None = None) -> str:
    """The reason an editor reads; counts where they help ("said before by this speaker (3 times)")."""
    text = REASONS.get(name, name.replace("_", " "))
    if facts is not None and name == "said_before" and facts.said_before:
        times = "once" if facts.said_before == 1 else f"{facts.said_before} times"
        text = f"{text} ({times})"
    if facts is not None and name == "speaker_record" and facts.speaker_unsupported:
        text = f"{text} ({facts.speaker_unsupported})"
    return text
