"""The accuracy page's count tables, kept exact in the transaction of every write (docs/accuracy.md, "Count
tables").

`accuracy_recount(ids)` runs on `claims_counted` (sent by apps/claims/counts.py at the end of every claims
service, in its transaction): it records the claims' outcomes (what the extractor said), works out what
each claim counts for now with the same definitions as the cases lists (`claims_with_outcome_flags`, by id),
compares with its AccuracyFact (what it counted for before) and adds the difference to AccuracyCount, one
row per row of the page. "Articles reviewed" is not a sum: AccuracyArticle counts each article's reviewed
claims per row, and the row's `articles` moves when an article's count crosses zero.

`counts_rebuild_all()` recounts every count table from the claims table (`manage.py rebuild_counts`);
`counts_check()` (beat, hourly: `accuracy.check_counts`) recounts when a table has lost step.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from apps.claims.counts import (
    Deltas,
    chunked,
    counts_add,
    counts_rebuild,
    deltas_between,
    facts_swap,
    local_day,
)
from apps.claims.models import Claim, ClaimTally

from .models import AccuracyArticle, AccuracyCount, AccuracyFact, ClaimOutcome
from .selectors import claims_with_outcome_flags
from .services import claim_outcomes_record

logger = logging.getLogger(__name__)

FACT_FIELDS = ("article_id", "source_key", "version", "day", "flags")
FIGURES = AccuracyCount.COUNT_VALUES[:-1]  # every column but `articles`, one bit each in a fact's flags
REVIEWED = 1 << len(FIGURES)  # the claim makes its article "reviewed"
N_VALUES = len(AccuracyCount.COUNT_VALUES)


def _flags(origin, status, has_outcome, speaker_same, span_same, evidence_same, machine_confident) -> int:
    """The figures a claim counts in, as in apps/accuracy/selectors.py (MACHINE, JUDGED, KEPT, ...)."""
    machine = origin == Claim.Origin.MACHINE
    judged = machine and status != Claim.ReviewStatus.NEW
    dismissed = machine and status == Claim.ReviewStatus.DISMISSED
    kept = judged and not dismissed
    compared = kept and has_outcome
    uncertain = machine and machine_confident is not None and not machine_confident
    missed = origin == Claim.Origin.EDITOR and status != Claim.ReviewStatus.DISMISSED
    bits = {
        "claims": True,
        "machine": machine,
        "judged": judged,
        "dismissed": dismissed,
        "kept": kept,
        "compared": compared,
        "speaker_changed": compared and not speaker_same,
        "span_changed": compared and not span_same,
        "evidence_changed": compared and not evidence_same,
        "missed": missed,
        "speaker_uncertain": uncertain,
        "uncertain_compared": compared and uncertain,
        "uncertain_speaker_changed": compared and uncertain and not speaker_same,
    }
    flags = sum(1 << i for i, name in enumerate(FIGURES) if bits[name])
    return flags | (REVIEWED if judged or missed else 0)


def accuracy_facts(qs: QuerySet[Claim]) -> dict[int, tuple]:
    rows = (
        claims_with_outcome_flags(qs)
        .order_by()
        .values_list(
            "pk",
            "article_id",
            "article__source_id",
            "counted_version",
            "created_at",
            "origin",
            "review_status",
            "accuracy_outcome",
            "speaker_same",
            "span_same",
            "evidence_same",
            "machine_speaker_confident",
        )
    )
    facts = {}
    for pk, article, source, version, created, origin, status, outcome, *same, confident in rows:
        flags = _flags(origin, status, outcome is not None, *(bool(s) for s in same), confident)
        facts[pk] = (article, str(source) if source else "none", version or "", local_day(created), flags)
    return facts


def row_keys(fact: tuple) -> Iterator[tuple[str, str]]:
    """The page's rows a claim counts in: overall, its source, its version, its week and its month."""
    _, source_key, version, day, _ = fact
    yield "all", ""
    yield "source", source_key
    yield "version", version
    yield "week", (day - timedelta(days=day.weekday())).isoformat()
    yield "month", day.replace(day=1).isoformat()


def contributions(fact: tuple) -> Iterator[tuple[tuple, list[int]]]:
    article_id, *_, flags = fact
    values = [(flags >> i) & 1 for i in range(len(FIGURES))] + [0]
    for kind, key in row_keys(fact):
        yield ("count", kind, key), values
        if flags & REVIEWED:
            yield ("article", kind, key, article_id), [1]


def _split(deltas: Deltas) -> tuple[Deltas, Deltas]:
    counts = {key[1:]: v for key, v in deltas.items() if key[0] == "count"}
    articles = {key[1:]: v for key, v in deltas.items() if key[0] == "article"}
    return counts, articles


def accuracy_recount(claim_ids: Iterable[int], speaker_ids: Iterable[int] = ()) -> None:
    """Bring the accuracy counts up to date for these claims (created, changed or deleted), and for the
    claims whose original speaker is one of `speaker_ids` (merged away) or was merged into one of them."""
    ids = set(claim_ids)
    speaker_ids = list(speaker_ids)
    if speaker_ids:
        ids |= set(
            ClaimOutcome.objects.filter(
                Q(speaker_id__in=speaker_ids) | Q(speaker__merged_into__in=speaker_ids)
            ).values_list("claim_id", flat=True)
        )
    ids = sorted(ids)
    if not ids:
        return
    # in the caller's transaction, without a savepoint: a failure undoes its write too
    with transaction.atomic(savepoint=False):
        claim_outcomes_record(claim_ids=ids)
        new = accuracy_facts(Claim.objects.filter(pk__in=ids))
        old = facts_swap(AccuracyFact, FACT_FIELDS, new, ids)
        counts, articles = _split(deltas_between(old, new, contributions))
        for kind, key, article_id, reviewed in counts_add(AccuracyArticle, articles, returning=True):
            before = reviewed - articles[(kind, key, article_id)][0]
            crossed = (reviewed > 0) - (before > 0)
            if crossed:
                counts.setdefault((kind, key), [0] * N_VALUES)[-1] += crossed
        counts_add(AccuracyCount, counts)


@transaction.atomic
def accuracy_counts_rebuild() -> dict[str, int]:
    """Recount the accuracy tables from the claims table, a range of articles at a time (all the claims of
    an article in one range, so its "reviewed" counts are complete there). Returns {table: rows}."""
    AccuracyFact.objects.all().delete()
    AccuracyCount.objects.all().delete()
    AccuracyArticle.objects.all().delete()
    claim_outcomes_record()
    totals: Deltas = defaultdict(lambda: [0] * N_VALUES)
    n = 0
    for chunk in chunked(Claim.objects.all(), "article_id"):
        new = accuracy_facts(chunk)
        AccuracyFact.objects.bulk_create(
            [AccuracyFact(pk, *fact) for pk, fact in new.items()], batch_size=5000
        )
        counts, articles = _split(deltas_between({}, new, contributions))
        for key, values in counts.items():
            total = totals[key]
            for i, v in enumerate(values):
                total[i] += v
        AccuracyArticle.objects.bulk_create(
            [
                AccuracyArticle(kind=k, key=key, article_id=a, reviewed=v[0])
                for (k, key, a), v in articles.items()
            ],
            batch_size=5000,
        )
        for kind, key, _ in articles:
            totals[(kind, key)][-1] += 1
        n += len(new)
    counts_add(AccuracyCount, dict(totals))
    return {"accuracy facts": n, "accuracy rows": AccuracyCount.objects.count()}


def counts_rebuild_all() -> dict[str, int]:
    """Every count table recounted from the claims table (the claims' and the accuracy page's), in one
    transaction. On PostgreSQL the tables of what each claim counted for are locked first, so a review
    made meanwhile waits and is then counted once, against the recounted rows."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (ClaimTally, AccuracyFact):
                    cursor.execute(f"LOCK TABLE {model._meta.db_table} IN EXCLUSIVE MODE")
        return {**counts_rebuild(), **accuracy_counts_rebuild()}


def counts_check() -> bool:
    """Cheap drift check (beat, hourly): every claim has exactly one row of what it counted for in each
    table, else something wrote claims past the services (a bulk load, a restore, an upgrade that added
    the tables) and everything is recounted. Two index-only counts and one of the claims. Returns whether
    it recounted."""
    claims = Claim.objects.count()
    if ClaimTally.objects.count() == claims and AccuracyFact.objects.count() == claims:
        return False
    logger.warning("Count tables out of step with %s claims: recounting them all.", claims)
    counts_rebuild_all()
    return True
