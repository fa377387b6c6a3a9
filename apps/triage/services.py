"""Scoring claims and retraining the desk's model.

- `claims_score(claim_ids=...)`: features of each claim (its fields, how often its speaker said it before, how
  many of the speaker's claims were flagged unsupported), scored by the model in use or else the prior, stored
  on the claim by apps.claims.services.claims_set_worth. Called by the worker after extraction and after
  matching (apps/triage/signals.py).
- `triage_retrain()`: when enough new decisions exist, trains a model on the older decisions and measures it on
  the newest ones it did not see (a time split) against the scorer in use; it is put in use only when it beats
  it. Every trained model is kept with its figures, in use or not.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from apps.claims.models import Claim
from apps.claims.selectors import (
    claim_is_worth,
    claims_decided,
    claims_for_scoring,
    claims_unreviewed_ids,
    claims_unscored_ids,
    speakers_unsupported_counts,
)
from apps.claims.services import claims_set_worth

from . import prior
from .features import ClaimFacts
from .learn import LearnedModel, evaluate, train
from .models import TriageModel

log = logging.getLogger(__name__)

TEST_SHARE = 0.2  # the newest fifth of the decisions measures a new model
MIN_TEST = 20


def claims_facts(claims: Sequence[Claim]) -> list[ClaimFacts]:
    unsupported = speakers_unsupported_counts([c.speaker_id for c in claims])
    return [
        ClaimFacts(
            content=c.content,
            cue=c.cue,
            kind=c.kind,
            evidence=c.evidence,
            speaker_kind=c.speaker.kind if c.speaker_id else "",
            speaker_confident=c.speaker_confident,
            said_before=c.said_before,
            # the claim's own verdict is the label, not a feature of it
            speaker_unsupported=max(
                0, unsupported.get(c.speaker_id, 0) - int(c.review_status == Claim.ReviewStatus.UNSUPPORTED)
            ),
        )
        for c in claims
    ]


@dataclass(frozen=True)
class Scorer:
    label: str
    model: LearnedModel | None = None

    def score(self, facts: Sequence[ClaimFacts]) -> list[tuple[int, list[dict]]]:
        if self.model is None:
            return [prior.prior_score(f) for f in facts]
        return self.model.score(facts)

    def numbers(self, facts: Sequence[ClaimFacts]) -> list[float]:
        return [score for score, _ in self.score(facts)]


_cached: tuple[int | None, Scorer] | None = None


def scorer_in_use() -> Scorer:
    """The active model, else the prior; the unpickled model is kept per process until another is active."""
    global _cached
    active = TriageModel.objects.filter(active=True).values_list("pk", flat=True).first()
    if _cached is not None and _cached[0] == active:
        return _cached[1]
    if active is None:
        scorer = Scorer(label=prior.VERSION)
    else:
        row = TriageModel.objects.get(pk=active)
        scorer = Scorer(label=row.label, model=LearnedModel.loads(bytes(row.blob)))
    _cached = (active, scorer)
    return scorer


def claims_score(*, claim_ids: Iterable[int], scorer: Scorer | None = None) -> int:
    claims = claims_for_scoring(claim_ids)
    if not claims:
        return 0
    scorer = scorer or scorer_in_use()
    scored = scorer.score(claims_facts(claims))
    return claims_set_worth(
        scores={
            c.pk: (score, reasons, scorer.label) for c, (score, reasons) in zip(claims, scored, strict=True)
        }
    )


def claims_rescore_unreviewed(*, batch: int = 500) -> int:
    """Score every unreviewed claim again (after a new model is put in use)."""
    ids = claims_unreviewed_ids()
    done = 0
    scorer = scorer_in_use()
    for i in range(0, len(ids), batch):
        done += claims_score(claim_ids=ids[i : i + batch], scorer=scorer)
    return done


def claims_score_missing(*, limit: int = 5000, batch: int = 500) -> int:
    """Score claims that were never scored (their task was lost to a broker outage), newest first."""
    ids = claims_unscored_ids(limit=limit)
    return sum(claims_score(claim_ids=ids[i : i + batch]) for i in range(0, len(ids), batch))


@dataclass(frozen=True)
class Split:
    train: list[Claim]
    test: list[Claim]


def decisions_split(decisions: list[Claim], *, after=None) -> Split:
    """Train on the older decisions, test on the newest: those made after the model in use was trained
    (when there are enough of them), else the newest fifth."""
    if after is not None:
        newer = [c for c in decisions if c.reviewed_at > after]
        if len(newer) >= MIN_TEST:
            return Split(train=decisions[: len(decisions) - len(newer)], test=newer)
    n_test = max(MIN_TEST, round(len(decisions) * TEST_SHARE))
    return Split(train=decisions[:-n_test], test=decisions[-n_test:])


def _newest_first(test: list[Claim]) -> list[float]:
    return [c.created_at.timestamp() for c in test]


def triage_measure(split: Split, current: Scorer) -> tuple[LearnedModel | None, dict]:
    """Train a model on the split's older part and measure it, the scorer in use, the prior and newest first
    on the newest part."""
    train_facts, test_facts = claims_facts(split.train), claims_facts(split.test)
    train_labels = [claim_is_worth(c) for c in split.train]
    test_labels = [claim_is_worth(c) for c in split.test]
    metrics = {
        "current_label": current.label,
        "current": evaluate(current.numbers, test_facts, test_labels),
        "prior": evaluate(Scorer(prior.VERSION).numbers, test_facts, test_labels),
        "newest_first": evaluate(lambda _facts: _newest_first(split.test), test_facts, test_labels),
    }
    try:
        model = train(train_facts, train_labels)
    except ValueError as exc:
        metrics["error"] = str(exc)
        return None, metrics
    metrics["model"] = evaluate(lambda facts: [s for s, _ in model.score(facts)], test_facts, test_labels)
    return model, metrics


def _beats(new: dict, old: dict) -> tuple[bool, str]:
    """Better ranking overall (AUC) and no worse at the top of the queue (precision at 20)."""
    if new.get("auc") is None or old.get("auc") is None:
        return False, "the test decisions are all of one kind"
    if new["auc"] <= old["auc"]:
        return False, f"AUC {new['auc']:.3f} is not above {old['auc']:.3f}"
    if new["p_at_20"] < old["p_at_20"]:
        return False, f"precision at 20 {new['p_at_20']:.2f} is below {old['p_at_20']:.2f}"
    return (
        True,
        f"AUC {new['auc']:.3f} > {old['auc']:.3f}, precision at 20 {new['p_at_20']:.2f} ≥ {old['p_at_20']:.2f}",
    )


def triage_retrain(*, force: bool = False) -> TriageModel | None:
    """Train and measure a new model when enough new decisions exist (or `force`); put it in use only when it
    beats the scorer in use on the newest decisions. Returns the new row, or None when nothing was trained."""
    decisions = claims_decided()
    last = TriageModel.objects.order_by("-version").first()
    if not force:
        if len(decisions) < settings.CLAIMTRACK_TRIAGE_MIN_DECISIONS:
            return None
        if last is not None:  # decisions the last model neither learned from nor was measured on
            new = len(decisions) - last.trained_on - last.tested_on
            if new < settings.CLAIMTRACK_TRIAGE_RETRAIN_AFTER:
                return None
    if len(decisions) < 2 * MIN_TEST:
        return None
    active = TriageModel.objects.filter(active=True).first()
    split = decisions_split(decisions, after=active.decided_until if active else None)
    if not split.train:
        return None
    current = scorer_in_use()
    model, metrics = triage_measure(split, current)
    if model is None:
        log.info("triage: no model trained: %s", metrics.get("error"))
        return None
    better, why = _beats(metrics["model"], metrics["current"])
    with transaction.atomic():
        version = (TriageModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        if better:
            TriageModel.objects.filter(active=True).update(active=False)
        row = TriageModel.objects.create(
            version=version,
            trained_on=len(split.train),
            tested_on=len(split.test),
            decided_until=split.train[-1].reviewed_at,
            metrics=metrics,
            active=better,
            verdict=("in use: " if better else f"not used, {current.label} stays: ") + why,
            blob=model.dumps(),
        )
    log.info("triage: %s trained on %d decisions; %s", row.label, row.trained_on, row.verdict)
    return row
