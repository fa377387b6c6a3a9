"""Count tables the pages read instead of aggregating the claims table, kept exact in the writing transaction.

How they stay exact: every service that writes claims (apps/claims/services.py) ends with
`claims_recount(ids)` for the claims it touched (created, changed or deleted), inside its transaction. It
reads what each claim counts for now (one indexed query by id), compares it with what the claim counted for
last time (its ClaimTally row, locked), and adds the difference to the count rows with
`INSERT ... ON CONFLICT DO UPDATE SET n = n + delta` (PostgreSQL and SQLite alike). Recounting a claim that
did not change adds nothing, so a service may pass more ids than it changed. Then it sends
`claims_counted` (apps/claims/signals.py) so the accuracy app does the same for its own tables.

`counts_rebuild()` (`manage.py rebuild_counts`) recounts everything from the claims table: after a bulk
load that bypassed the services, or as a repair. Definitions and scopes: docs/accuracy.md ("Count tables").

Scopes of ClaimCount:
- `speaker_month` (key: speaker id, day: first of the month said): all claims; the speaker page.
- `problem_day` (key 0), `problem_speaker_day`, `problem_source_day` (key: speaker / source id): claims
  flagged unsupported or giving no evidence, per day said; the dashboard.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.db import connection, models, transaction
from django.utils import timezone

from .models import Claim, ClaimCount, ClaimTally
from .signals import claims_counted

Key = tuple
Deltas = dict[Key, list[int]]
BATCH = 500
REBUILD_CHUNK = 20_000


# --- The engine, shared with apps/accuracy ----------------------------------------------------------


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def counts_add(model: type[models.Model], deltas: Deltas, *, returning: bool = False) -> list[tuple]:
    """Add each delta to its row of `model` (keyed by model.COUNT_KEY, values model.COUNT_VALUES), creating
    it at 0 first. Rows are written in key order, so two transactions lock them in the same order. With
    `returning`, the rows' new (key..., values...)."""
    meta = model._meta
    qn = connection.ops.quote_name
    key_fields = [meta.get_field(name) for name in model.COUNT_KEY]
    value_cols = [qn(meta.get_field(name).column) for name in model.COUNT_VALUES]
    key_cols = [qn(f.column) for f in key_fields]
    table = qn(meta.db_table)
    rows = [(key, values) for key, values in sorted(deltas.items()) if any(values)]
    width = len(key_cols) + len(value_cols)
    out: list[tuple] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        params: list = []
        for key, values in chunk:
            params += [f.get_db_prep_value(k, connection) for f, k in zip(key_fields, key, strict=True)]
            params += values
        sql = (
            f"INSERT INTO {table} ({', '.join(key_cols + value_cols)}) VALUES "
            + ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(chunk))
            + f" ON CONFLICT ({', '.join(key_cols)}) DO UPDATE SET "
            + ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in value_cols)
        )
        if returning:
            sql += f" RETURNING {', '.join(key_cols + value_cols)}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if returning:
                out += [
                    tuple(f.to_python(v) for f, v in zip(key_fields, row, strict=False))
                    + tuple(row[len(key_fields) :])
                    for row in cursor.fetchall()
                ]
    return out


def facts_swap(
    model: type[models.Model], fields: tuple[str, ...], new: dict[int, tuple], ids: Iterable[int]
) -> dict[int, tuple]:
    """Replace the stored facts of `ids` (rows of `model`, primary key the claim id) with `new` (a claim
    missing from it was deleted), returning the old ones. The old rows are locked first."""
    ids = sorted(set(ids))
    old = {
        row[0]: tuple(row[1:])
        for row in model.objects.select_for_update().filter(pk__in=ids).values_list("pk", *fields)
    }
    gone = [pk for pk in old if pk not in new]
    changed = [pk for pk, fact in new.items() if pk in old and old[pk] != fact]
    added = [pk for pk in new if pk not in old]
    if gone:
        model.objects.filter(pk__in=gone).delete()
    if changed:
        model.objects.bulk_update(
            [model(pk, *new[pk]) for pk in changed], fields=list(fields), batch_size=BATCH
        )
    if added:
        model.objects.bulk_create([model(pk, *new[pk]) for pk in added], batch_size=BATCH)
    return old


def deltas_between(
    old: dict[int, tuple],
    new: dict[int, tuple],
    contributions: Callable[[tuple], Iterator[tuple[Key, list[int]]]],
) -> Deltas:
    """What changed in the counts when each claim went from its old fact to its new one."""
    deltas: Deltas = {}
    for facts, sign in ((old, -1), (new, 1)):
        for fact in facts.values():
            for key, values in contributions(fact):
                total = deltas.setdefault(key, [0] * len(values))
                for i, v in enumerate(values):
                    total[i] += sign * v
    return deltas


def chunked(qs: models.QuerySet, field: str = "pk") -> Iterator[models.QuerySet]:
    """`qs` in ranges of `field` (an indexed integer column) of about REBUILD_CHUNK rows each, in order."""
    last = None
    while True:
        page = qs.order_by(field) if last is None else qs.filter(**{f"{field}__gt": last}).order_by(field)
        values = list(page.values_list(field, flat=True)[REBUILD_CHUNK - 1 : REBUILD_CHUNK])
        if not values:
            rest = page if last is None else qs.filter(**{f"{field}__gt": last})
            if rest.exists():
                yield rest
            return
        upper = values[0]
        yield (
            qs.filter(**{f"{field}__lte": upper})
            if last is None
            else qs.filter(**{f"{field}__gt": last, f"{field}__lte": upper})
        )
        last = upper


# --- The claims' own counts -------------------------------------------------------------------------

TALLY_FIELDS = ("speaker_id", "source_id", "said_at", "review_status", "evidence")


def _month(day: date) -> date:
    return day.replace(day=1)


def tally_contributions(fact: tuple) -> Iterator[tuple[Key, list[int]]]:
    speaker_id, source_id, said_at, status, evidence = fact
    day = local_day(said_at)
    unsupported = int(status == Claim.ReviewStatus.UNSUPPORTED)
    no_evidence = int(evidence == Claim.Evidence.NOT_PROVIDED)
    confirmed = int(status == Claim.ReviewStatus.CONFIRMED)
    problem = int(unsupported or no_evidence)
    if speaker_id is not None:
        yield ("speaker_month", speaker_id, _month(day)), [1, unsupported, no_evidence, problem, confirmed]
    if problem:
        values = [1, unsupported, no_evidence, 1, confirmed]
        yield ("problem_day", 0, day), values
        if speaker_id is not None:
            yield ("problem_speaker_day", speaker_id, day), values
        if source_id is not None:
            yield ("problem_source_day", source_id, day), values


def claims_tally_facts(qs: models.QuerySet[Claim]) -> dict[int, tuple]:
    rows = (
        qs.with_said_at()
        .order_by()
        .values_list("pk", "speaker_id", "article__source_id", "said_at", "review_status", "evidence")
    )
    return {pk: (speaker, source, said, status, ev) for pk, speaker, source, said, status, ev in rows}


_batch: ContextVar[tuple[set[int], set[int]] | None] = ContextVar("claims_recount_batch", default=None)


@contextmanager
def claims_recount_batched() -> Iterator[None]:
    """Within it, claims_recount only notes the ids; they are recounted once, together, at the end (a bulk
    action: one pass, its count rows locked once and in key order). Use inside the caller's transaction."""
    if _batch.get() is not None:
        yield
        return
    token = _batch.set((set(), set()))
    try:
        yield
        claim_ids, speaker_ids = _batch.get()
    finally:
        _batch.reset(token)
    claims_recount(claim_ids, speaker_ids=speaker_ids)


def claims_recount(claim_ids: Iterable[int], *, speaker_ids: Iterable[int] = ()) -> None:
    """Bring the count tables up to date for these claims (any that were created, changed or deleted), in
    the caller's transaction. `speaker_ids`: speakers merged away, for counts that follow a speaker's
    identity (the accuracy app's)."""
    ids = sorted({pk for pk in claim_ids if pk is not None})
    batch = _batch.get()
    if batch is not None:
        batch[0].update(ids)
        batch[1].update(speaker_ids)
        return
    if not ids:
        return
    # in the caller's transaction, without a savepoint: a failure undoes its write too
    with transaction.atomic(savepoint=False):
        new = claims_tally_facts(Claim.objects.filter(pk__in=ids))
        old = facts_swap(ClaimTally, TALLY_FIELDS, new, ids)
        counts_add(ClaimCount, deltas_between(old, new, tally_contributions))
        claims_counted.send(sender=Claim, claim_ids=ids, speaker_ids=list(speaker_ids))


@contextmanager
def claims_recounted(claims: models.QuerySet[Claim]) -> Iterator[None]:
    """For a write no claims service makes (a deletion in the Django admin, cascading from an article or
    a source): the claims' ids are read before it and recounted after it, in one transaction."""
    with transaction.atomic():
        ids = list(claims.values_list("pk", flat=True))
        yield
        claims_recount(ids)


@transaction.atomic
def counts_rebuild() -> dict[str, int]:
    """Recount the claims' count tables from the claims table. Returns {table: rows}."""
    ClaimTally.objects.all().delete()
    ClaimCount.objects.all().delete()
    totals: Deltas = defaultdict(lambda: [0] * len(ClaimCount.COUNT_VALUES))
    n = 0
    for chunk in chunked(Claim.objects.all()):
        new = claims_tally_facts(chunk)
        ClaimTally.objects.bulk_create([ClaimTally(pk, *fact) for pk, fact in new.items()], batch_size=5000)
        for key, values in deltas_between({}, new, tally_contributions).items():
            total = totals[key]
            for i, v in enumerate(values):
                total[i] += v
        n += len(new)
    counts_add(ClaimCount, dict(totals))
    return {"claims": n, "claim counts": ClaimCount.objects.count()}
