"""The prior on annotated claims (gold JSON files of the eval schema): a sanity check of its ranking."""

from __future__ import annotations

import json
from pathlib import Path

from apps.extraction.lexicon import ORG_NOUNS

from .features import ClaimFacts, claim_features
from .prior import prior_score


def corpus_facts(files: list[Path]) -> list[ClaimFacts]:
    out = []
    for path in files:
        for claim in json.loads(path.read_text(encoding="utf-8"))["claims"]:
            speaker = (claim.get("speaker") or "").lower().split()
            kind = "organisation" if speaker and speaker[-1] in ORG_NOUNS else "person"
            out.append(
                ClaimFacts(
                    content=claim["content"],
                    cue=claim.get("cue") or "",
                    kind=claim.get("kind") or "indirect",
                    evidence=claim.get("evidence") or "not_stated",
                    speaker_kind=kind if speaker else "",
                )
            )
    return out


def corpus_quarters(facts: list[ClaimFacts]) -> dict:
    """Shares of no-evidence claims and of claims with figures in the prior's top and bottom quarters."""
    ranked = sorted(range(len(facts)), key=lambda i: (-prior_score(facts[i])[0], i))
    size = max(1, len(ranked) // 4)

    def shares(indexes: list[int]) -> dict[str, float]:
        chosen = [facts[i] for i in indexes]
        return {
            "not_provided": sum(f.evidence == "not_provided" for f in chosen) / len(chosen),
            "figure": sum("figure" in claim_features(f) for f in chosen) / len(chosen),
        }

    top, bottom = shares(ranked[:size]), shares(ranked[-size:])
    ratio = {k: (top[k] / bottom[k] if bottom[k] else float("inf")) for k in top}
    return {"size": size, "top": top, "bottom": bottom, "ratio": ratio}
