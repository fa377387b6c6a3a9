"""The desk's model on a written scenario of editor decisions (tests/triage/scenario.py), on PostgreSQL."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.claims.models import Claim
from apps.triage import prior
from apps.triage.models import TriageModel
from apps.triage.services import claims_score, triage_retrain
from apps.triage.tasks import retrain

from . import scenario

pytestmark = pytest.mark.django_db


def test_learned_model_beats_newest_first_twice_and_the_prior(settings):
    scenario.build(decisions=600)
    row = triage_retrain(force=True)
    model, newest, prior_ = (row.metrics[k] for k in ("model", "newest_first", "prior"))
    assert row.tested_on == 120 and row.trained_on == 480
    assert model["p_at_20"] >= 2 * newest["p_at_20"]
    assert model["p_at_20"] > prior_["p_at_20"]
    assert model["auc"] > prior_["auc"] > 0.5 > newest["auc"] - 0.1
    assert row.active and row.verdict.startswith("in use: ")
    # the exact figures of the seeded scenario (deterministic: liblinear, fixed seed)
    assert (newest["p_at_20"], prior_["p_at_20"], model["p_at_20"]) == (0.3, 0.55, 1.0)
    assert (newest["auc"], prior_["auc"], model["auc"]) == (0.5153, 0.581, 0.9272)


def test_retraining_happens_by_itself_and_rescores_the_queue(settings):
    settings.CLAIMTRACK_TRIAGE_MIN_DECISIONS = 300
    settings.CLAIMTRACK_TRIAGE_RETRAIN_AFTER = 100
    editor = scenario.EditorFactory()
    scenario.build(decisions=200, editor=editor)
    assert retrain() == "not retrained"  # too few decisions yet: the prior scores
    assert not TriageModel.objects.exists()

    scenario.build(decisions=300, seed=8, editor=editor, start=timezone.now() - timedelta(days=20))
    new = Claim.objects.create(
        article=Claim.objects.first().article,
        content="waiting times at Hull hospital rose to 40 weeks",
        start=9000,
        end=9040,
        cue="said",
    )
    verdict = retrain()  # as beat sends it; the rescore it queues is run here as a worker would
    assert verdict.startswith("in use: ")
    active = TriageModel.objects.get(active=True)
    claims_score(claim_ids=[new.pk])
    new.refresh_from_db()
    assert new.worth_model == active.label and new.worth_score > 50

    assert retrain() == "not retrained"  # no new decisions since


def test_a_worse_model_is_never_put_in_use():
    """A desk that changed its mind: a model trained on the old policy loses to the prior on the newest
    decisions, so the prior stays in use."""
    old = timezone.now() - timedelta(days=30)
    # the old policy: what this scenario calls not worth checking was checked (inverted labels) ...
    scenario.build(decisions=400, seed=3, invert=True, start=old)
    # ... and the newest decisions follow the prior's idea of worth (no evidence given: checked)
    newest = scenario.build(decisions=100, seed=4, start=old + timedelta(days=10))
    for claim in newest:
        worth = claim.evidence == Claim.Evidence.NOT_PROVIDED or "£" in claim.content
        claim.review_status = Claim.ReviewStatus.UNSUPPORTED if worth else Claim.ReviewStatus.DISMISSED
    Claim.objects.bulk_update(newest, ["review_status"])
    row = triage_retrain(force=True)
    assert row is not None and not row.active
    assert row.metrics["model"]["auc"] < row.metrics["current"]["auc"]
    assert row.metrics["current_label"] == prior.VERSION
    assert row.verdict.startswith(f"not used, {prior.VERSION} stays: ")
    assert not TriageModel.objects.filter(active=True).exists()


def test_triage_eval_prints_the_time_split(capsys):
    scenario.build(decisions=300)
    call_command("triage_eval")
    out = capsys.readouterr().out
    assert "newest first" in out and "prior (prior-1)" in out and "trained now" in out
    assert out.strip().splitlines()[-1].startswith("triage precision at 20 vs newest first: ")


def test_triage_eval_corpus_checks_the_prior_on_the_seed(capsys, tmp_path):
    import shutil
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    shutil.copy(seeds / "kazakhstan-unrest.gold.json", tmp_path)
    call_command("triage_eval", "--corpus", str(tmp_path))
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0].startswith("corpus: 1 files, 13 claims, quarters of 3")
    assert out[-1].startswith("triage prior top/bottom quarter: not_provided ")
