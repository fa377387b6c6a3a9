"""Reading for publishing: the CSV export's rows and the dashboard's series."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DateField, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from apps.claims.models import Claim
from apps.claims.selectors import QueueFilters, claims_filtered, queue_page

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
PROBLEM = Q(review_status=Claim.ReviewStatus.UNSUPPORTED) | Q(evidence=Claim.Evidence.NOT_PROVIDED)
UNSUPPORTED = Count("id", filter=Q(review_status=Claim.ReviewStatus.UNSUPPORTED))
NO_EVIDENCE = Count("id", filter=Q(evidence=Claim.Evidence.NOT_PROVIDED))


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


def _problem_claims(rng: DashboardRange) -> QuerySet[Claim]:
    """Claims made in the range (by `said_at`: publication date, else when stored) that were flagged
    unsupported or gave no evidence."""
    tz = timezone.get_current_timezone()
    trunc = TruncWeek if rng.interval == WEEK else TruncMonth
    return (
        Claim.objects.with_said_at()
        .filter(
            said_at__gte=datetime.combine(rng.date_from, time.min, tzinfo=tz),
            said_at__lte=datetime.combine(rng.date_to, time.max, tzinfo=tz),
        )
        .filter(PROBLEM)
        .annotate(period=trunc("said_at", output_field=DateField()))
        .order_by()
    )


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


def _top(qs: QuerySet[Claim], key: str, name: str, starts: list[date], labels: list[str]) -> list[TopRow]:
    """The TOP_N keys with the most problem claims and a sparkline of them a period: two queries."""
    rows = list(
        qs.filter(**{f"{key}__isnull": False})
        .values(key, name)
        .annotate(unsupported=UNSUPPORTED, no_evidence=NO_EVIDENCE, problems=Count("id"))
        .order_by("-problems", name)[:TOP_N]
    )
    index = {start: i for i, start in enumerate(starts)}
    per_period: dict[int, list[int]] = {row[key]: [0] * len(starts) for row in rows}
    for cell in qs.filter(**{f"{key}__in": list(per_period)}).values(key, "period").annotate(n=Count("id")):
        if cell["period"] in index:
            per_period[cell[key]][index[cell["period"]]] = cell["n"]
    return [
        TopRow(
            pk=row[key],
            name=row[name],
            unsupported=row["unsupported"],
            no_evidence=row["no_evidence"],
            problems=row["problems"],
            spark=charts.sparkline(per_period[row[key]], labels),
        )
        for row in rows
    ]


def dashboard(rng: DashboardRange) -> Dashboard:
    """Unsupported and no-evidence claims over time, and the speakers and sources with most: five queries."""
    qs = _problem_claims(rng)
    starts = period_starts(rng)
    labels = [period_label(s, rng.interval) for s in starts]
    index = {start: i for i, start in enumerate(starts)}
    unsupported, no_evidence = [0] * len(starts), [0] * len(starts)
    for row in qs.values("period").annotate(unsupported=UNSUPPORTED, no_evidence=NO_EVIDENCE):
        i = index.get(row["period"])
        if i is not None:
            unsupported[i], no_evidence[i] = row["unsupported"], row["no_evidence"]
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
        speakers=_top(qs, "speaker_id", "speaker__name", starts, labels),
        sources=_top(qs, "article__source_id", "article__source__name", starts, labels),
    )
