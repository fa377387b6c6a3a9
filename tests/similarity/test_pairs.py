"""The matcher on the pair sets, at the thresholds in settings, the way the worker runs it (candidates by word
overlap or embeddings, then the claim frames). hard_pairs.json's held-back half was never used to choose the
rules' thresholds and bonuses (its misses were read to find the kinds of rewording the rules misread); its floors
are the issue's targets (docs/similarity.md), the word overlap's recall held to 0.80 for a margin over 0.75, and
no unrelated pair is linked in either half or in the whole file."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from apps.similarity.backends import EMBEDDINGS, LEXICAL
from apps.similarity.evaluation import HARD_PAIRS, metrics_at, pair_scores, pairs_load

from .conftest import MODEL, needs_embeddings

MARGIN = 0.03
OLD_SET = {  # pairs.json: precision, recall, share of unrelated pairs matched (measured, docs/similarity.md)
    EMBEDDINGS: (0.797, 0.940, 0.0),
    LEXICAL: (0.778, 0.840, 0.0),
}
HELD_BACK = {  # hard_pairs.json, held-back half (measured: embeddings 1.000 / 0.958, word overlap 1.000 / 0.812)
    EMBEDDINGS: (0.90, 0.85, 0.0),  # the target
    LEXICAL: (0.90, 0.80, 0.0),  # the target, recall with a margin over its 0.75
}
SETTING = {EMBEDDINGS: "CLAIMTRACK_SIMILARITY_THRESHOLD", LEXICAL: "CLAIMTRACK_SIMILARITY_LEXICAL_THRESHOLD"}
METHODS = [pytest.param(EMBEDDINGS, marks=needs_embeddings), LEXICAL]


def test_the_hard_set_is_big_balanced_and_split():
    pairs = pairs_load(HARD_PAIRS)
    assert len(pairs) >= 200 and len({(p["a"], p["b"]) for p in pairs}) == len(pairs)
    same = [p for p in pairs if p["same"]]
    assert len(same) == len(pairs) // 2
    assert sum(p["how"] == "reworded, little overlap" for p in same) >= len(same) / 3
    kinds = {"figure", "swap", "polarity", "scope", "time", "modality", "object", "direction"}
    for half in ("tune", "held"):
        assert {p["how"] for p in pairs if not p["same"] and p["split"] == half} == kinds


@pytest.mark.parametrize("method", METHODS)
def test_held_back_half_of_the_hard_set(method):
    scores, labels, unrelated = pair_scores(pairs_load(HARD_PAIRS, split="held"), method=method, model=MODEL)
    m = metrics_at(scores, labels, unrelated, getattr(settings, SETTING[method]))
    precision, recall, unrelated_rate = HELD_BACK[method]
    assert m.precision >= precision and m.recall >= recall, m
    assert m.unrelated_false_rate <= unrelated_rate, m


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("split", ["tune", ""])
def test_no_unrelated_pair_is_linked_in_the_tune_half_or_the_whole_hard_set(method, split):
    """The whole file adds every base claim of one half against the other half's rewordings."""
    scores, labels, unrelated = pair_scores(pairs_load(HARD_PAIRS, split=split), method=method, model=MODEL)
    m = metrics_at(scores, labels, unrelated, getattr(settings, SETTING[method]))
    assert m.unrelated_false_rate == 0.0 and m.precision >= 0.90, m


@pytest.mark.parametrize("method", METHODS)
def test_the_first_pair_set_does_not_get_worse(method):
    scores, labels, unrelated = pair_scores(pairs_load(), method=method, model=MODEL)
    m = metrics_at(scores, labels, unrelated, getattr(settings, SETTING[method]))
    precision, recall, unrelated_rate = OLD_SET[method]
    assert m.precision >= precision - MARGIN and m.recall >= recall - MARGIN, m
    assert m.unrelated_false_rate <= unrelated_rate + 0.001, m


def test_similarity_eval_prints_each_half_and_the_backend_in_use(settings):
    settings.CLAIMTRACK_SIMILARITY_BACKEND = LEXICAL
    out = io.StringIO()
    call_command("similarity_eval", "--pairs", str(HARD_PAIRS), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert any(line.split()[:2] == ["held", "96"] for line in lines)
    assert any(line.split()[:2] == ["tune", "112"] for line in lines)
    last = lines[-1]
    assert last.startswith("said-before precision at setting: 1.000 recall: ")
    assert float(last.rsplit(" ", 1)[1]) >= 0.80
