"""The extractor's accuracy as the editors' decisions measure it. Definitions: docs/accuracy.md.

What each claim counts for is defined here, in SQL over claims joined to their ClaimOutcome (the
extractor's original speaker, span and evidence flag): the cases lists filter on it, and apps/accuracy/
counts.py keeps the page's count tables from it, claim by claim, as claims are written. The overview
reads those tables only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from apps.articles.models import Article
from apps.claims.models import Claim
from apps.sources.models import Source

from .models import AccuracyCount

PERIODS = 12  # weeks and months shown
CASES_LIMIT = 100

MACHINE = Q(origin=Claim.Origin.MACHINE)
JUDGED = MACHINE & ~Q(review_status=Claim.ReviewStatus.NEW)
DISMISSED = MACHINE & Q(review_status=Claim.ReviewStatus.DISMISSED)
KEPT = JUDGED & ~Q(review_status=Claim.ReviewStatus.DISMISSED)
# the extractor's version is known for these: the speaker, span and evidence measures count them
COMPARED = KEPT & Q(accuracy_outcome__isnull=False)
MISSED = Q(origin=Claim.Origin.EDITOR) & ~Q(review_status=Claim.ReviewStatus.DISMISSED)
REVIEWED = JUDGED | MISSED

# A merge moves claims to the surviving speaker: the extractor named the same person, so that is no change.
SPEAKER_SAME = (
    Q(speaker=F("accuracy_outcome__speaker"))
    | Q(speaker__isnull=True, accuracy_outcome__speaker__isnull=True)
    | Q(accuracy_outcome__speaker__merged_into=F("speaker"))
    | Q(accuracy_outcome__speaker__merged_into__merged_into=F("speaker"))
)
SPAN_SAME = Q(start=F("accuracy_outcome__start"), end=F("accuracy_outcome__end"))
# the extractor marked the speaker uncertain: its latest record of the claim (no user: the extractor's)
SPEAKER_UNCERTAIN = MACHINE & Q(machine_speaker_confident=False)
EVIDENCE_SAME = Q(evidence=F("accuracy_outcome__evidence"))


def _flag(condition: Q) -> CaseRow:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def claims_with_outcome_flags(qs: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    """Claims annotated with `speaker_same`, `span_same`, `evidence_same` (False when no outcome is known)
    and `counted_version`: the claim's extractor version, else (an editor-added claim) the version that had
    last extracted its article when the editor added it, the one that missed it, read from the article's
    history (so a later re-extraction with a new version does not take the old version's misses), else
    the article's current version."""
    qs = Claim.objects.all() if qs is None else qs
    version_when_added = Subquery(
        Article.history.filter(id=OuterRef("article_id"), history_date__lte=OuterRef("created_at"))
        .exclude(extractor_version="")
        .order_by("-history_date", "-history_id")
        .values("extractor_version")[:1]
    )
    machine_confident = Subquery(
        Claim.history.filter(id=OuterRef("pk"), history_user__isnull=True)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .values("speaker_confident")[:1]
    )
    return qs.annotate(
        machine_speaker_confident=machine_confident,
        speaker_same=_flag(SPEAKER_SAME),
        span_same=_flag(SPAN_SAME),
        evidence_same=_flag(EVIDENCE_SAME),
        counted_version=Coalesce(
            NullIf("extractor_version", Value("")),
            version_when_added,
            NullIf("article__extractor_version", Value("")),
            Value(""),
            output_field=CharField(),
        ),
    )


# --- Figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    """hits out of n; `value` is None when n is 0 (nothing to measure yet)."""

    hits: int
    n: int

    @property
    def value(self) -> float | None:
        return self.hits / self.n if self.n else None

    @property
    def percent(self) -> int | None:
        return None if self.value is None else round(100 * self.value)

    @property
    def level(self) -> str:
        """For the bar's colour: good from 90%, fair from 75%, else poor."""
        value = self.value
        if value is None:
            return "none"
        return "good" if value >= 0.9 else "fair" if value >= 0.75 else "poor"


@dataclass(frozen=True)
class Slice:
    """Which claims a row counts, as the query parameters of its cases page."""

    source: str = ""  # a source id, "none" for articles without one, "" for any
    version: str | None = None  # None for any; "" for claims of no known version
    date_from: date | None = None
    date_to: date | None = None

    def params(self) -> dict[str, str]:
        out = {}
        if self.source:
            out["source"] = self.source
        if self.version is not None:
            out["version"] = self.version or "none"
        if self.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to:
            out["to"] = self.date_to.isoformat()
        return out

    @property
    def query(self) -> str:
        """The slice as a query string, to follow `kind=…&` in a cases link."""
        return urlencode(self.params())


@dataclass(frozen=True)
class Figures:
    label: str
    slice: Slice
    machine: int = 0  # machine claims, reviewed or not
    judged: int = 0
    dismissed: int = 0
    kept: int = 0
    compared: int = 0
    speaker_changed: int = 0
    span_changed: int = 0
    evidence_changed: int = 0
    missed: int = 0
    articles: int = 0  # articles with a reviewed claim
    speaker_uncertain: int = 0  # machine claims whose speaker the extractor marked uncertain
    uncertain_compared: int = 0  # ... of them kept after review
    uncertain_speaker_changed: int = 0  # ... and their speaker changed by an editor

    @property
    def unjudged(self) -> int:
        return self.machine - self.judged

    @property
    def precision(self) -> Ratio:
        return Ratio(self.kept, self.judged)

    @property
    def speaker(self) -> Ratio:
        return Ratio(self.compared - self.speaker_changed, self.compared)

    @property
    def confident_compared(self) -> int:
        return self.compared - self.uncertain_compared

    @property
    def confident_speaker_changed(self) -> int:
        return self.speaker_changed - self.uncertain_speaker_changed

    @property
    def speaker_of_uncertain(self) -> Ratio:
        """Speakers the extractor marked uncertain that editors left as they were."""
        return Ratio(self.uncertain_compared - self.uncertain_speaker_changed, self.uncertain_compared)

    @property
    def speaker_of_confident(self) -> Ratio:
        """Speakers the extractor was sure of that editors left as they were."""
        return Ratio(self.confident_compared - self.confident_speaker_changed, self.confident_compared)

    @property
    def uncertain_changed_percent(self) -> int | None:
        ratio = self.speaker_of_uncertain
        return None if ratio.percent is None else 100 - ratio.percent

    @property
    def confident_changed_percent(self) -> int | None:
        ratio = self.speaker_of_confident
        return None if ratio.percent is None else 100 - ratio.percent

    @property
    def span(self) -> Ratio:
        return Ratio(self.compared - self.span_changed, self.compared)

    @property
    def evidence(self) -> Ratio:
        return Ratio(self.compared - self.evidence_changed, self.compared)

    @property
    def recall(self) -> Ratio:
        return Ratio(self.kept, self.kept + self.missed)

    @property
    def missed_per_article(self) -> float | None:
        return self.missed / self.articles if self.articles else None


_AGGREGATES = {
    "machine": Count("id", filter=MACHINE),
    "judged": Count("id", filter=JUDGED),
    "dismissed": Count("id", filter=DISMISSED),
    "kept": Count("id", filter=KEPT),
    "compared": Count("id", filter=COMPARED),
    "speaker_changed": Count("id", filter=COMPARED & Q(speaker_same=False)),
    "span_changed": Count("id", filter=COMPARED & Q(span_same=False)),
    "evidence_changed": Count("id", filter=COMPARED & Q(evidence_same=False)),
    "missed": Count("id", filter=MISSED),
    "articles": Count("article", distinct=True, filter=REVIEWED),
    "speaker_uncertain": Count("id", filter=SPEAKER_UNCERTAIN),
    "uncertain_compared": Count("id", filter=COMPARED & SPEAKER_UNCERTAIN),
    "uncertain_speaker_changed": Count("id", filter=COMPARED & SPEAKER_UNCERTAIN & Q(speaker_same=False)),
}


@dataclass
class Overview:
    overall: Figures
    by_source: list[Figures] = field(default_factory=list)
    by_version: list[Figures] = field(default_factory=list)
    by_week: list[Figures] = field(default_factory=list)
    by_month: list[Figures] = field(default_factory=list)


def accuracy_overview(*, today: date | None = None) -> Overview:
    """The overall figures, then per source, per extractor version, per week and per month (the last
    PERIODS of each, newest first). Read from the count tables (apps/accuracy/counts.py), never the claims:
    two queries (the rows, the sources' names) whatever the number of claims."""
    today = today or timezone.localdate()
    week_start = today - timedelta(days=today.weekday()) - timedelta(weeks=PERIODS - 1)
    month_start = _months_back(today.replace(day=1), PERIODS - 1)
    rows: dict[str, list[tuple[str, dict[str, int]]]] = {
        "all": [],
        "source": [],
        "version": [],
        "week": [],
        "month": [],
    }
    recent = Q(kind__in=["week"], key__gte=week_start.isoformat()) | Q(
        kind__in=["month"], key__gte=month_start.isoformat()
    )
    for row in AccuracyCount.objects.filter(
        Q(kind__in=["all", "source", "version"]) | recent, claims__gt=0
    ).values("kind", "key", *_AGGREGATES):
        rows[row["kind"]].append((row["key"], _counts(row)))
    overall = Figures("All claims", Slice(), **(rows["all"][0][1] if rows["all"] else {}))

    names = dict(
        Source.objects.filter(pk__in=[int(k) for k, _ in rows["source"] if k.isdigit()]).values_list(
            "pk", "name"
        )
    )
    named = [(names.get(int(key)) if key.isdigit() else None, key, counts) for key, counts in rows["source"]]
    # as ORDER BY name on PostgreSQL: "No source" (no name) last
    by_source = [
        Figures(name or "No source", Slice(source=key), **counts)
        for name, key, counts in sorted(named, key=lambda r: (r[0] is None, r[0] or ""))
    ]
    by_version = [
        Figures(key or "Unknown version", Slice(version=key), **counts)
        for key, counts in sorted(rows["version"], key=lambda r: r[0], reverse=True)
    ]
    by_week = []
    for key, counts in sorted(rows["week"], reverse=True):
        monday = date.fromisoformat(key)
        by_week.append(
            Figures(
                f"Week of {_day(monday)}",
                Slice(date_from=monday, date_to=monday + timedelta(days=6)),
                **counts,
            )
        )
    by_month = []
    for key, counts in sorted(rows["month"], reverse=True):
        first = date.fromisoformat(key)
        by_month.append(
            Figures(
                f"{first:%B %Y}",
                Slice(date_from=first, date_to=_months_back(first, -1) - timedelta(1)),
                **counts,
            )
        )
    return Overview(overall, by_source, by_version, by_week, by_month)


def _counts(row: dict) -> dict[str, int]:
    return {k: row[k] for k in _AGGREGATES}


def _day(moment: date) -> str:
    return f"{moment.day} {moment:%b %Y}"


def _months_back(first_of_month: date, n: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


# --- Worst cases ----------------------------------------------------------------------------------

CASE_KINDS = {
    "dismissed": ("Dismissed", "Machine claims an editor dismissed: not claims at all.", DISMISSED),
    "speaker_changed": (
        "Speaker changed",
        "Kept machine claims whose speaker an editor changed.",
        COMPARED & Q(speaker_same=False),
    ),
    "span_changed": (
        "Span changed",
        "Kept machine claims whose text an editor moved or resized.",
        COMPARED & Q(span_same=False),
    ),
    "evidence_changed": (
        "Evidence changed",
        "Kept machine claims whose evidence flag an editor changed.",
        COMPARED & Q(evidence_same=False),
    ),
    "missed": ("Missed", "Claims the extractor missed and an editor added by hand.", MISSED),
}


@dataclass(frozen=True)
class CaseRow:
    claim: Claim
    before: str = ""  # what the extractor said, when the editor changed it
    after: str = ""


@dataclass(frozen=True)
class Cases:
    kind: str
    title: str
    description: str
    total: int
    rows: list[CaseRow]


def accuracy_cases(*, kind: str, slice: Slice, limit: int = CASES_LIMIT) -> Cases:
    """The claims behind one figure of one slice, newest first, each with what the extractor said and what
    the editor made of it. Two queries: the count and the page."""
    title, description, condition = CASE_KINDS[kind]
    qs = claims_with_outcome_flags().filter(condition)
    if slice.source == "none":
        qs = qs.filter(article__source__isnull=True)
    elif slice.source:
        qs = qs.filter(article__source_id=int(slice.source))
    if slice.version is not None:
        qs = qs.filter(counted_version=slice.version)
    tz = timezone.get_current_timezone()
    if slice.date_from:
        qs = qs.filter(created_at__gte=datetime.combine(slice.date_from, time.min, tzinfo=tz))
    if slice.date_to:
        qs = qs.filter(created_at__lte=datetime.combine(slice.date_to, time.max, tzinfo=tz))
    total = qs.order_by().count()
    claims = list(
        qs.select_related(
            "speaker", "article", "article__source", "accuracy_outcome", "accuracy_outcome__speaker"
        ).order_by("-created_at", "-id")[:limit]
    )
    return Cases(kind, title, description, total, [_case(kind, claim) for claim in claims])


def _case(kind: str, claim: Claim) -> CaseRow:
    outcome = getattr(claim, "accuracy_outcome", None)
    if outcome is None:
        return CaseRow(claim)
    if kind == "speaker_changed":
        if outcome.speaker is not None:
            before = outcome.speaker.name
        else:
            before = "no speaker" if outcome.speaker_id is None else f"speaker #{outcome.speaker_id}"
        return CaseRow(claim, before, claim.speaker.name if claim.speaker else "no speaker")
    if kind == "span_changed":
        text = claim.article.text
        return CaseRow(claim, text[outcome.start : outcome.end], claim.content)
    if kind == "evidence_changed":
        labels = dict(Claim.Evidence.choices)
        return CaseRow(
            claim, str(labels.get(outcome.evidence, outcome.evidence)), claim.get_evidence_display()
        )
    return CaseRow(claim)
