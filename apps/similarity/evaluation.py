"""Measuring the matcher on a set of claim pairs (tests/similarity/pairs.json, tests/similarity/hard_pairs.json):
each pair is the same claim reworded (`same: true`) or a related but different claim. Scores are computed the
way the linker does it (embedding cosine or word overlap for the candidates, then the frames and the guard),
so the figures hold for what runs in the worker.

`unrelated` adds the easy negatives: every base claim against every other base claim's rewording."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from . import guard
from .backends import EMBEDDINGS, LEXICAL, encode, lexical_score, lexical_text, phrase_similarity
from .frames import AGREEMENT_BONUS, agreement_bonus, claims_compare, frames_of

PAIRS = Path(settings.BASE_DIR) / "tests" / "similarity" / "pairs.json"
HARD_PAIRS = Path(settings.BASE_DIR) / "tests" / "similarity" / "hard_pairs.json"


@dataclass(frozen=True)
class Metrics:
    threshold: float
    precision: float
    recall: float
    f1: float
    unrelated_false_rate: float  # share of unrelated pairs scoring at or above the threshold

    def row(self) -> str:
        return (
            f"{self.threshold:>9.2f} {self.precision:>9.3f} {self.recall:>6.3f} {self.f1:>6.3f} "
            f"{self.unrelated_false_rate:>10.4f}"
        )


def pairs_load(path: Path | str = PAIRS, *, split: str = "") -> list[dict]:
    """The pairs of a pair file; with `split`, only those of that half ("tune" or "held")."""
    pairs = json.loads(Path(path).read_text())["pairs"]
    return [p for p in pairs if not split or p.get("split", "") == split]


def pair_scores(
    pairs: list[dict], *, method: str, model: str = "", use_guard: bool = True, use_frames: bool | None = None
):
    """(scores of the pairs, labels, scores of the unrelated pairs). A pair the check tells apart scores 0.
    `use_guard` alone is the word-list guard; `use_frames` (on with the guard unless said otherwise) adds the
    claim frames, which is what the worker runs."""
    use_frames = use_guard if use_frames is None else use_frames
    a = [p["a"] for p in pairs]
    b = [p["b"] for p in pairs]
    labels = np.array([bool(p["same"]) for p in pairs])
    bases = [p["a"] for p in pairs if p["same"]]
    rewords = [p["b"] for p in pairs if p["same"]]
    if method == EMBEDDINGS:
        va, vb = encode(a, model=model), encode(b, model=model)
        scores = (va * vb).sum(axis=1)
        cross = encode(bases, model=model) @ encode(rewords, model=model).T
    else:
        scores = np.array(
            [lexical_score(lexical_text(x), lexical_text(y)) for x, y in zip(a, b, strict=True)]
        )
        ta, tb = [lexical_text(x) for x in bases], [lexical_text(x) for x in rewords]
        cross = np.array([[lexical_score(x, y) for y in tb] for x in ta])
    if use_frames:
        texts = sorted({*a, *b})
        frames = dict(zip(texts, frames_of(texts), strict=True))
        similar = phrase_similarity(model) if method == EMBEDDINGS else None

        def checked(x: str, y: str, score: float) -> float:
            """The score the linker gives the pair: 0 when the frames tell the claims apart, else the score
            (for word overlap, plus what the frames agree on)."""
            verdict = claims_compare(x, frames[x], y, frames[y], similar=similar, by_words=method == LEXICAL)
            if not verdict.same:
                return 0.0
            return score + (agreement_bonus(verdict) if method == LEXICAL else 0.0)

    elif use_guard:

        def checked(x: str, y: str, score: float) -> float:
            return 0.0 if guard.conflict(x, y) else score

    else:
        return scores, labels, cross[~np.eye(len(bases), dtype=bool)]
    scores = np.array([checked(x, y, s) for x, y, s in zip(a, b, scores, strict=True)])
    floor = min(settings.CLAIMTRACK_SIMILARITY_THRESHOLD, settings.CLAIMTRACK_SIMILARITY_LEXICAL_THRESHOLD)
    floor = min(floor, 0.3) - 2 * AGREEMENT_BONUS
    cross = np.array(
        [
            [
                checked(x, y, cross[i, j]) if cross[i, j] >= floor else cross[i, j]
                for j, y in enumerate(rewords)
            ]
            for i, x in enumerate(bases)
        ]
    )  # (pairs below every threshold need no check: they are never linked)
    unrelated = cross[~np.eye(len(bases), dtype=bool)]
    return scores, labels, unrelated


def metrics_at(scores, labels, unrelated, threshold: float) -> Metrics:
    predicted = scores >= threshold
    tp = int((predicted & labels).sum())
    fp = int((predicted & ~labels).sum())
    fn = int((~predicted & labels).sum())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Metrics(threshold, precision, recall, f1, float((unrelated >= threshold).mean()))


def sweep(scores, labels, unrelated, thresholds) -> list[Metrics]:
    return [metrics_at(scores, labels, unrelated, float(t)) for t in thresholds]


METHODS = (EMBEDDINGS, LEXICAL)
