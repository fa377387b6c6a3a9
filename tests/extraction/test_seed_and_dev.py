"""Quality bars on the seed article (seeds/, always present) and the dev corpus (../shared, optional)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apps.extraction import extract_claims
from apps.extraction.evaluation import evaluate, match_claims

REPO = Path(__file__).resolve().parents[2]
SEED_GOLD = REPO / "seeds" / "kazakhstan-unrest.gold.json"
SEED_TEXT = REPO / "seeds" / "kazakhstan-unrest.txt"
DEV = REPO.parent / "shared" / "eval" / "claimtrack-dev"


@pytest.fixture(scope="module")
def seed_metrics() -> dict:
    metrics, _ = evaluate([SEED_GOLD])
    return metrics


@pytest.fixture(scope="module")
def seed_pairs() -> tuple[list[dict], list[dict], list[tuple[int, int]]]:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["claims"]
    pred = [c.to_eval_dict() for c in extract_claims(SEED_TEXT.read_text(encoding="utf-8")).claims]
    return gold, pred, match_claims(gold, pred, 0.5)


def test_seed_span_f1(seed_metrics: dict) -> None:
    # the demo article: one lost claim (12 gold) would put it at 0.92, so the bar catches a single regression
    assert seed_metrics["slices"]["overall"]["span"]["f1"] >= 0.95


def test_seed_speaker_accuracy(seed_metrics: dict) -> None:
    assert seed_metrics["slices"]["overall"]["speaker"]["accuracy_on_matched"] >= 0.90


def test_seed_finds_every_unsupported_claim_with_its_cue(seed_pairs) -> None:
    gold, pred, pairs = seed_pairs
    by_gold = dict(pairs)
    unsupported = [i for i, g in enumerate(gold) if g["evidence"] == "not_provided"]
    assert len(unsupported) == 3
    for gi in unsupported:
        assert gi in by_gold, f"missed {gold[gi]['content']!r}"
        p = pred[by_gold[gi]]
        assert p["evidence"] == "not_provided"
        assert p["evidence_cue"] == gold[gi]["evidence_cue"]


def test_seed_flags_nothing_else_as_unsupported(seed_pairs) -> None:
    gold, pred, pairs = seed_pairs
    by_pred = {pi: gi for gi, pi in pairs}
    for pi, p in enumerate(pred):
        if p["evidence"] == "not_provided":
            assert pi in by_pred and gold[by_pred[pi]]["evidence"] == "not_provided", p["content"]


def test_seed_text_is_the_shared_one() -> None:
    shared = REPO.parent / "shared" / "seeds" / "kazakhstan-unrest.txt"
    if not shared.exists():
        pytest.skip("../shared/seeds not present")
    assert SEED_TEXT.read_bytes() == shared.read_bytes()


@pytest.fixture(scope="module")
def dev_metrics() -> dict:
    if not DEV.is_dir():
        pytest.skip(f"dev corpus not found at {DEV} (it lives in ../shared, outside this repository)")
    metrics, _ = evaluate([DEV])
    return metrics


@pytest.mark.parametrize("slice_", ["overall", "direct", "indirect"])
def test_dev_span_f1(dev_metrics: dict, slice_: str) -> None:
    assert dev_metrics["slices"][slice_]["span"]["f1"] >= 0.85


@pytest.mark.parametrize("slice_", ["overall", "direct", "indirect"])
def test_dev_speaker_accuracy(dev_metrics: dict, slice_: str) -> None:
    assert dev_metrics["slices"][slice_]["speaker"]["accuracy_on_matched"] >= 0.85


def test_dev_not_provided_recall_and_precision(dev_metrics: dict) -> None:
    matched = dev_metrics["evidence"]["not_provided"]["matched"]
    assert matched["recall"] >= 0.90
    assert matched["precision"] >= 0.85


def test_dev_provided_precision(dev_metrics: dict) -> None:
    assert dev_metrics["evidence"]["provided"]["matched"]["precision"] >= 0.85
