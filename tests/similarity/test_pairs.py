"""The matcher on the claim pairs of tests/similarity/pairs.json, at the thresholds in settings. The floors
are the figures measured when the thresholds were chosen (docs/similarity.md) less a margin of 0.05."""

import pytest
from django.conf import settings

from apps.similarity.backends import EMBEDDINGS, LEXICAL
from apps.similarity.evaluation import metrics_at, pair_scores, pairs_load

from .conftest import MODEL, needs_embeddings

MARGIN = 0.05
MEASURED = {  # precision, recall, share of unrelated pairs matched
    EMBEDDINGS: (0.676, 0.960, 0.0),
    LEXICAL: (0.625, 0.800, 0.0004),
}


def test_the_pair_set_is_balanced_and_big_enough():
    pairs = pairs_load()
    assert len(pairs) >= 80
    assert sum(p["same"] for p in pairs) == len(pairs) // 2
    assert len({(p["a"], p["b"]) for p in pairs}) == len(pairs)


@pytest.mark.parametrize(
    ("method", "setting"),
    [
        pytest.param(EMBEDDINGS, "CLAIMTRACK_SIMILARITY_THRESHOLD", marks=needs_embeddings),
        (LEXICAL, "CLAIMTRACK_SIMILARITY_LEXICAL_THRESHOLD"),
    ],
)
def test_precision_and_recall_at_the_chosen_threshold(method, setting):
    scores, labels, unrelated = pair_scores(pairs_load(), method=method, model=MODEL)
    m = metrics_at(scores, labels, unrelated, getattr(settings, setting))
    precision, recall, unrelated_rate = MEASURED[method]
    assert m.precision >= precision - MARGIN, m
    assert m.recall >= recall - MARGIN, m
    assert m.unrelated_false_rate <= unrelated_rate + 0.005, m
