"""Reading for publishing: the CSV export's rows and the dashboard's series."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Model, QuerySet

from apps.claims.models import Claim, ClaimCount, Speaker
from apps.claims.selectors import QueueFilters, claims_filtered, queue_page
from apps.sources.models import Source

from . import charts

# --- CSV export ---------------------------------------------------------------------------------------

EXPORT_CHUNK = 1000
EXPORT_FIRST = 100  # a small first page: the download starts before a thousand rows are read


def claims_for_export(filters: QueueFilters) -> Iterator[Claim]:
    """The queue's claims under `filters`, in the queue's order, streamed from the database a keyset page at
    a time (the queue's own pages: EXPORT_FIRST claims, then EXPORT_CHUNK each). A server-side cursor over the whole ordered
    set let PostgreSQL plan for all rows: at 1,000,000 claims it sorted them before the first (9 s)."""
    qs = claims_filtered(filters).select_related("reviewed_by")
    after = ""
    while True:
        size = EXPORT_CHUNK if after else EXPORT_FIRST
        page = queue_page(qs, after=after, size=size, by_worth=filters.by_worth)
        yield from page.claims
        if not page.next_cursor:
            return
        after = page.next_cursor


# --- Dashboard ----------------------------------------------------------------------------------------

WEEK, MONTH = "week", "month"
TOP_N = 10


@dataclass(frozen=True)
class DashboardRange:
    date_from: date
    date_to: date
    interval: str = MONTH


def period_starts(rng: DashboardRange) -> list[date]:
    """Every week (Mondays) or month (1sts) that overlaps the range, oldest first."""
    if rng.interval == WEEK:
        current = rng.date_from - timedelta(days=rng.date_from.weekday())
        step = lambda d: d + timedelta(days=7)  # noqa: E731
    else:
        current = rng.date_from.replace(day=1)
        step = lambda d: (d.replace(day=28) + timedelta(days=4)).replace(day=1)  # noqa: E731
    starts = []
    while current <= rng.date_to:
        starts.append(current)
        current = step(current)
    return starts


def period_label(start: date, interval: str) -> str:
    return start.strftime("%-d %b %y") if interval == WEEK else start.strftime("%b %Y")


def period_start(day: date, interval: str) -> date:
    return day - timedelta(days=day.weekday()) if interval == WEEK else day.replace(day=1)


def _problem_counts(rng: DashboardRange, scope: str) -> QuerySet[ClaimCount]:
    """Count rows (apps/claims/counts.py) of claims made in the range (by `said_at`: publication date,
    else when stored, as a day in the site's time zone) that were flagged unsupported or gave no evidence."""
    # a row back at zero (its claims reviewed since) counts nothing and names no speaker or source
    return ClaimCount.objects.filter(
        scope=scope, day__gte=rng.date_from, day__lte=rng.date_to, problems__gt=0
    ).order_by()


@dataclass
class TopRow:
    pk: int | None
    name: str
    unsupported: int
    no_evidence: int
    problems: int
    spark: charts.Sparkline


@dataclass
class Dashboard:
    range: DashboardRange
    totals: dict[str, int]
    chart: charts.BarChart
    speakers: list[TopRow]
    sources: list[TopRow]


def _top(
    rng: DashboardRange, scope: str, names: type[Model], starts: list[date], labels: list[str]
) -> list[TopRow]:
    """The TOP_N keys (speakers or sources: `names` their model) with the most problem claims and a
    sparkline of them a period: two queries on the count table. The names are joined after the sums (not
    looked up a group), so the ranking costs one pass over the range's rows of this scope."""
    qn = connection.ops.quote_name
    counts, named = qn(ClaimCount._meta.db_table), qn(names._meta.db_table)
    key = qn("key")
    sql = (
        f"SELECT t.{key}, n.name, t.unsupported, t.no_evidence, t.problems FROM ("
        f"SELECT {key}, SUM(unsupported) AS unsupported, SUM(no_evidence) AS no_evidence, "
        f"SUM(problems) AS problems FROM {counts} "
        f"WHERE scope = %s AND day >= %s AND day <= %s AND problems > 0 GROUP BY {key}"
        f") t LEFT JOIN {named} n ON n.id = t.{key} ORDER BY t.problems DESC, n.name LIMIT %s"
    )
    day = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope, day(rng.date_from), day(rng.date_to), TOP_N])
        rows = cursor.fetchall()
    index = {start: i for i, start in enumerate(starts)}
    per_period: dict[int, list[int]] = {row[0]: [0] * len(starts) for row in rows}
    cells = _problem_counts(rng, scope).filter(key__in=list(per_period)).values_list("key", "day", "problems")
    for key, cell_day, problems in cells:
        i = index.get(period_start(cell_day, rng.interval))
        if i is not None:
            per_period[key][i] += problems
    return [
        TopRow(
            pk=key,
            name=name,
            unsupported=unsupported,
            no_evidence=no_evidence,
            problems=problems,
            spark=charts.sparkline(per_period[key], labels),
        )
        for key, name, unsupported, no_evidence, problems in rows
    ]


def dashboard(rng: DashboardRange) -> Dashboard:
    """Unsupported and no-evidence claims over time, and the speakers and sources with most: five queries,
    on the count table only (apps/claims/counts.py), whatever the number of claims."""
    starts = period_starts(rng)
    labels = [period_label(s, rng.interval) for s in starts]
    index = {start: i for i, start in enumerate(starts)}
    unsupported, no_evidence = [0] * len(starts), [0] * len(starts)
    for day, n_unsupported, n_no_evidence in _problem_counts(rng, "problem_day").values_list(
        "day", "unsupported", "no_evidence"
    ):
        i = index.get(period_start(day, rng.interval))
        if i is not None:
            unsupported[i] += n_unsupported
            no_evidence[i] += n_no_evidence
    chart = charts.grouped_bar_chart(
        title=f"Unsupported and no-evidence claims a {rng.interval}",
        periods=labels,
        series=[
            charts.Series("Unsupported", "series-unsupported", unsupported),
            charts.Series("No evidence given", "series-no-evidence", no_evidence),
        ],
    )
    return Dashboard(
        range=rng,
        totals={"unsupported": sum(unsupported), "no_evidence": sum(no_evidence)},
        chart=chart,
        speakers=_top(rng, "problem_speaker_day", Speaker, starts, labels),
        sources=_top(rng, "problem_source_day", Source, starts, labels),
    )
