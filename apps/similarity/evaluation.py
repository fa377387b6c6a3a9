"""Measuring the matcher on a set of claim pairs (tests/similarity/pairs.json): each pair is the same claim
reworded (`same: true`) or a related but different claim. Scores are computed the way the linker does it
(embedding cosine or word overlap, then the guard), so the figures hold for what runs in the worker.

`unrelated` adds the easy negatives: every base claim against every other topic's rewording."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from . import guard
from .backends import EMBEDDINGS, LEXICAL, encode, lexical_score, lexical_text

PAIRS = Path(settings.BASE_DIR) / "tests" / "similarity" / "pairs.json"


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


def pairs_load(path: Path = PAIRS) -> list[dict]:
    return json.loads(path.read_text())["pairs"]


def pair_scores(pairs: list[dict], *, method: str, model: str = "", use_guard: bool = True):
    """(scores of the pairs, labels, scores of the unrelated pairs). The guard sets a conflicting pair to 0."""
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
    if use_guard:
        scores = np.where([bool(guard.conflict(x, y)) for x, y in zip(a, b, strict=True)], 0.0, scores)
        sig_a = [guard.signature(x) for x in bases]
        sig_b = [guard.signature(x) for x in rewords]
        cross = np.array(
            [
                [0.0 if guard.conflict(sa, sb) else cross[i, j] for j, sb in enumerate(sig_b)]
                for i, sa in enumerate(sig_a)
            ]
        )
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
