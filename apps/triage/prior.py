"""The prior: hand-set weights over the named features, used until a desk's own model beats it.

Why these weights: the check-worthiness literature (ClaimBuster's annotation guide; Full Fact's claim types)
ranks statistics, causal and comparative claims, accusations of wrongdoing and predictions as what checkers
take up, and opinions and very short fragments as what they leave. "No evidence given" is the product's own
signal: a claim the article says was given without evidence is what this desk exists to see. The weights are
log-odds added to a bias; the score is 100 × sigmoid(bias + Σ weight × feature). `triage_eval --corpus`
checks on the dev corpora that the top quarter holds at least twice the share of no-evidence claims and of
claims with figures as the bottom quarter.
"""

from __future__ import annotations

import math

from .features import ClaimFacts, claim_features, reason_text

VERSION = "prior-1"
BIAS = -1.0
WEIGHTS: dict[str, float] = {
    "figure": 1.2,
    "comparison": 0.5,
    "accusation": 1.0,
    "causal": 0.6,
    "prediction": 0.3,
    "no_evidence": 1.6,
    "evidence_given": -0.2,
    "said_before": 0.8,
    "speaker_record": 0.7,
    "official": 0.2,
    "opinion": -1.5,
    "vague_speaker": -0.3,
    "short": -1.2,
}
# a feature whose contribution is smaller than this is not worth a reason on the page
REASON_MIN = 0.25


def logistic_score(logit: float) -> int:
    return max(0, min(100, round(100 / (1 + math.exp(-logit)))))


def contributions_reasons(contributions: dict[str, float], facts: ClaimFacts, limit: int = 4) -> list[dict]:
    """Reasons as [{"code", "text", "sign"}], strongest first, positives before negatives."""
    ranked = sorted(
        ((name, value) for name, value in contributions.items() if abs(value) >= REASON_MIN),
        key=lambda item: (item[1] < 0, -abs(item[1])),
    )
    return [
        {"code": name, "text": reason_text(name, facts), "sign": "+" if value > 0 else "-"}
        for name, value in ranked[:limit]
    ]


def prior_score(facts: ClaimFacts) -> tuple[int, list[dict]]:
    features = claim_features(facts)
    contributions = {name: WEIGHTS.get(name, 0.0) * value for name, value in features.items()}
    return logistic_score(BIAS + sum(contributions.values())), contributions_reasons(contributions, facts)
