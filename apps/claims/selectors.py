"""Reading claims: one claim, the filtered queue (the desk's, the CSV export's and the API's), keyset pages,
capped counts, neighbours, audit, an article's claims and speakers, speakers' pages."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db import connections
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum, Value
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import (
    READING_ORDER_REVERSED,
    WORTH_ORDER_REVERSED,
    Claim,
    ClaimCount,
    ClaimQuerySet,
    ClaimTally,
    EvidenceLink,
    Note,
    ReviewerPreference,
    Speaker,
    normalise_name,
)

if TYPE_CHECKING:  # the claims app reads an article through its relation, never imports the app
    from apps.articles.models import Article

CLAIM_RELATED = ("speaker", "article", "article__source", "reviewed_by")
PAGE_SIZE = 50
COUNT_CAP = 1000  # past this, a tab says "1,000+"
SCAN_CAP = 5000  # up to this many matching claims, every tab's count is exact (one grouped scan)
RARE_SCAN_CAP = 20_000  # past SCAN_CAP, the statuses still under the cap are counted in one pass up to this


def claim_get(pk: int) -> Claim:
    """The claim with its speaker, article, source and reviewer, or 404. Every signed-in user may read a
    claim; who may act on it is the view's decorator (apps/core/permissions.py)."""
    return get_object_or_404(Claim.objects.select_related(*CLAIM_RELATED), pk=pk)


def claim_evidence_links(claim: Claim) -> list[EvidenceLink]:
    return list(EvidenceLink.objects.filter(claim=claim).select_related("added_by"))


def claim_notes(claim: Claim) -> list[Note]:
    return list(Note.objects.filter(claim=claim).select_related("author"))


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    evidence: str = ""
    kind: str = ""
    source_id: int | None = None
    speaker: str = ""
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    speaker_uncertain: bool = False  # only claims whose speaker the extractor could not tell
    article_id: int | None = None
    created_since: datetime | None = None  # instants (the API's since/until); date_from/date_to are days
    created_until: datetime | None = None
    min_score: int | None = None  # worth-checking score at least this (0-100)
    sort: str = ""  # "" reading order; SORT_WORTH: worth checking first

    @property
    def by_worth(self) -> bool:
        return self.sort == SORT_WORTH


SORT_WORTH = "worth"


def claims_filtered(filters: QueueFilters, *, with_status: bool = True) -> QuerySet[Claim]:
    """The queue's claims in reading order: articles newest first, each article's claims in text order.
    `with_status=False` leaves out the status filter (for its counts)."""
    qs = Claim.objects.all()
    if with_status and filters.status:
        qs = qs.filter(review_status=filters.status)
    if filters.evidence:
        qs = qs.filter(evidence=filters.evidence)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.speaker_uncertain:
        qs = qs.filter(speaker_confident=False)
    if filters.source_id:
        if connections[qs.db].vendor == "postgresql":  # the copy a trigger keeps (Claim.source)
            qs = qs.filter(source_id=filters.source_id)
        else:
            qs = qs.filter(article__source_id=filters.source_id)
    if filters.article_id is not None:
        qs = qs.filter(article_id=filters.article_id)
    if filters.speaker:
        if filters.speaker.isdigit():
            qs = qs.filter(speaker_id=int(filters.speaker))
        else:
            qs = qs.filter(
                speaker__normalised_name__contains=normalise_name(filters.speaker) or filters.speaker
            )
    tz = timezone.get_current_timezone()
    if filters.date_from:
        qs = qs.filter(created_at__gte=datetime.combine(filters.date_from, time.min, tzinfo=tz))
    if filters.date_to:
        qs = qs.filter(created_at__lte=datetime.combine(filters.date_to, time.max, tzinfo=tz))
    if filters.created_since is not None:
        qs = qs.filter(created_at__gte=filters.created_since)
    if filters.created_until is not None:
        qs = qs.filter(created_at__lte=filters.created_until)
    if filters.min_score is not None:
        qs = qs.filter(worth_score__gte=filters.min_score)
    if filters.q:
        qs = qs.search(filters.q)
    return qs.in_worth_order() if filters.by_worth else qs.in_reading_order()


def capped_status_counts(filters: QueueFilters, cap: int | None = None) -> dict[str, int | None]:
    """Claims per review status (and "all") under the other filters, never a full COUNT(*) of a big table.

    One pass groups at most SCAN_CAP + 1 matching rows by status: exact counts whenever the filters match up
    to SCAN_CAP claims (one cheap scan, where counting each status apart would walk the same rows four
    times). Past that, "all" is None ("1,000+"), a status the sample already holds more than `cap` of is None,
    and a second query counts each other status up to `cap` (index-only scans on the status indexes for the
    common filters). A search counts those statuses' claims together first, up to RARE_SCAN_CAP (one GIN scan,
    not one per status), and counts them apart only past that. A status past the cap is None.
    """
    cap = COUNT_CAP if cap is None else cap
    scan = max(cap, SCAN_CAP)
    base = claims_filtered(filters, with_status=False).order_by()
    connection = connections[base.db]
    sql, params = base.values("review_status")[: scan + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT review_status, COUNT(*) FROM ({sql}) AS capped GROUP BY review_status", params
        )
        sampled = dict(cursor.fetchall())
    counts: dict[str, int | None] = {status: sampled.get(status, 0) for status in Claim.ReviewStatus.values}
    total = sum(sampled.values())
    if total <= scan:
        return {"all": total, **counts}
    # a status already past the cap in the sample is "1,000+" without counting it again
    unknown = [status for status in Claim.ReviewStatus.values if counts[status] <= cap]
    capped: dict[str, int | None] = {status: None for status in Claim.ReviewStatus.values}
    if unknown and filters.q:
        # a search: one pass over the other statuses' claims, up to RARE_SCAN_CAP of them, runs its GIN scan
        # once instead of once per status (the other filters' counts are index-only scans, below)
        rare_sql, rare_params = (
            base.filter(review_status__in=unknown)
            .values("review_status")[:RARE_SCAN_CAP]
            .query.sql_with_params()
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT review_status, COUNT(*) FROM ({rare_sql}) AS rare GROUP BY review_status",
                rare_params,
            )
            rare = dict(cursor.fetchall())
        if sum(rare.values()) < RARE_SCAN_CAP:
            capped.update({s: (rare.get(s, 0) if rare.get(s, 0) <= cap else None) for s in unknown})
            return {"all": None, **capped}
    if unknown:
        parts, params = [], []
        for index, status in enumerate(unknown):
            sub_sql, sub_params = (
                base.filter(review_status=status).values("pk")[: cap + 1].query.sql_with_params()
            )
            parts.append(f"(SELECT COUNT(*) FROM ({sub_sql}) AS capped_{index})")
            params.extend(sub_params)
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            row = cursor.fetchone()
        capped.update({s: (n if n <= cap else None) for s, n in zip(unknown, row, strict=True)})
    return {"all": None, **capped}


# --- Keyset pagination on the reading order (article id descending, start, id) --------------------


def encode_cursor(claim: Claim, *, by_worth: bool = False) -> str:
    """A page boundary: "article_id|start|id" in reading order, "w|worth_score|id" in worth order."""
    if by_worth:
        raw = f"w|{claim.worth_score}|{claim.pk}".encode()
    else:
        raw = f"{claim.article_id}|{claim.start}|{claim.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str, *, by_worth: bool = False) -> tuple[int, ...] | None:
    """(article_id, start, id) in reading order, (worth_score, id) in worth order, or None for anything
    else (an old or hand-made cursor, or one of the other order: the first page)."""
    try:
        parts = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode().split("|")
        if by_worth:
            if parts[0] != "w" or len(parts) != 3:
                return None
            return tuple(int(part) for part in parts[1:])
        article_id, start, pk = (int(part) for part in parts)
    except (ValueError, UnicodeDecodeError, IndexError):
        return None
    return (article_id, start, pk)


@dataclass
class QueuePage:
    claims: list[Claim]
    next_cursor: str = ""  # further on in the order (older articles, or lower scores)
    prev_cursor: str = ""  # back towards the first page
    is_first: bool = True
    ids: list[int] = field(default_factory=list)


def _order_ops(by_worth: bool):
    """(after, before, reversed order, key of a claim) for the queue's order."""
    if by_worth:
        return (
            ClaimQuerySet.after_in_worth_order,
            ClaimQuerySet.before_in_worth_order,
            WORTH_ORDER_REVERSED,
            lambda c: (c.worth_score, c.pk),
        )
    return (
        ClaimQuerySet.after_in_reading_order,
        ClaimQuerySet.before_in_reading_order,
        READING_ORDER_REVERSED,
        lambda c: (c.article_id, c.start, c.pk),
    )


# What a queue row shows (apps/review/views/queue.py's rows) and the page's cursors read: a row loads these
# columns and no others (a claim has 30, its article 20, its source 14).
QUEUE_ROW_FIELDS = (
    "id",
    "article_id",
    "speaker_id",
    "content",
    "start",
    "cue",
    "kind",
    "evidence",
    "review_status",
    "speaker_confident",
    "created_at",
    "worth_score",
    "worth_reasons",
    "worth_model",
    "speaker__id",
    "speaker__name",
    "article__id",
    "article__title",
    "article__url",
    "article__source_id",
    "article__source__id",
    "article__source__name",
)


def queue_page(
    qs: QuerySet[Claim],
    *,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
    by_worth: bool = False,
    fields: tuple[str, ...] | None = None,
) -> QueuePage:
    """One page of `qs` (in reading order, or in worth order with `by_worth`) after or before a cursor: one
    query, whatever the depth. `fields`: load only these columns (QUEUE_ROW_FIELDS for the queue's rows)."""
    qs = qs.for_queue()
    if fields is not None:
        qs = qs.only(*fields)
    after_of, before_of, reversed_order, _key = _order_ops(by_worth)
    after_key = decode_cursor(after, by_worth=by_worth) if after else None
    before_key = decode_cursor(before, by_worth=by_worth) if before else None

    def cursor(claim: Claim) -> str:
        return encode_cursor(claim, by_worth=by_worth)

    if before_key:
        rows = _first_rows(before_of(qs, *before_key).order_by(*reversed_order), size + 1)
        more_before = len(rows) > size
        claims = list(reversed(rows[:size]))
        page = QueuePage(claims, is_first=not more_before)
        page.next_cursor = cursor(claims[-1]) if claims else ""
        page.prev_cursor = cursor(claims[0]) if claims and more_before else ""
    else:
        if after_key:
            qs = after_of(qs, *after_key)
        rows = _first_rows(qs, size + 1)
        claims = rows[:size]
        page = QueuePage(claims, is_first=after_key is None)
        page.next_cursor = cursor(claims[-1]) if len(rows) > size else ""
        page.prev_cursor = cursor(claims[0]) if after_key and claims else ""
    page.ids = [c.pk for c in page.claims]
    return page


def _first_rows(qs: QuerySet[Claim], limit: int) -> list[Claim]:
    """The first `limit` claims of the ordered `qs`, in one query: their ids picked in a subquery on the claims'
    own indexes, then those rows with their relations. Joined in the same query as the ordered scan, the
    article could steer the plan: at 1,000,000 claims a merge join walked 90,000 articles (120 ms) from the
    newest down to a deep page's."""
    return list(qs.filter(pk__in=qs.values("pk")[:limit]))


def claim_neighbours(
    qs: QuerySet[Claim], claim: Claim, *, by_worth: bool = False
) -> tuple[int | None, int | None]:
    """The ids of the claims before and after `claim` in the queue's order of `qs` (previous / next)."""
    after_of, before_of, reversed_order, key_of = _order_ops(by_worth)
    key = key_of(claim)
    previous = before_of(qs, *key).order_by(*reversed_order).values_list("pk", flat=True)
    following = after_of(qs, *key).values_list("pk", flat=True)
    return (previous.first(), following.first())


def reviewer_advances(user) -> bool:
    """Whether the editor moves on to the next claim by itself after confirm / flag / dismiss."""
    return bool(
        ReviewerPreference.objects.filter(user_id=user.pk)
        .values_list("advance_after_action", flat=True)
        .first()
    )


# --- Audit ----------------------------------------------------------------------------------------

_AUDIT_EXCLUDED = {"updated_at", "version", "reviewed_at", "reviewed_by", "created_at"}
_FIELD_LABELS = {
    "review_status": "status",
    "speaker": "speaker",
    "content": "claim text",
    "evidence": "evidence",
    "evidence_cue": "evidence cue",
    "review_rating": "rating",
    "review_rationale": "why flagged",
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditEntry:
    when: datetime
    who: str
    what: str
    changes: list[FieldChange]
    reason: str = ""
    version: int | None = None


def _display(field_name: str, value, speakers: dict[int, Speaker]) -> str:
    if value in (None, ""):
        return "—"
    if field_name == "speaker":
        speaker = speakers.get(value)
        return speaker.name if speaker else f"speaker #{value}"
    choices = {
        "review_status": Claim.ReviewStatus,
        "kind": Claim.Kind,
        "evidence": Claim.Evidence,
        "origin": Claim.Origin,
        "review_rating": Claim.Rating,
    }.get(field_name)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return str(value)


def _field_changes(new_record, old_record) -> list:
    delta = new_record.diff_against(old_record, excluded_fields=_AUDIT_EXCLUDED)
    return delta.changes


def claim_audit(claim: Claim) -> list[AuditEntry]:
    """Who changed what and when, newest first: the claim's history diffed record by record, plus the
    evidence links and notes added to it. A fixed number of queries (two, three when a speaker changed)."""
    records = list(claim.history.select_related("history_user").order_by("history_date", "history_id"))
    diffs = []
    speaker_ids: set[int] = set()
    previous = None
    for record in records:
        changes = _field_changes(record, previous) if previous is not None else []
        for change in changes:
            if change.field == "speaker":
                speaker_ids.update(v for v in (change.old, change.new) if v)
        diffs.append((record, changes))
        previous = record
    speakers = Speaker.objects.in_bulk(speaker_ids) if speaker_ids else {}
    entries = []
    for record, changes in diffs:
        if record.history_type == "+":
            what = "created the claim" if record.origin == Claim.Origin.EDITOR else "extracted the claim"
        elif record.history_type == "-":
            what = "deleted the claim"
        else:
            what = "changed the claim" if changes else "saved the claim"
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=_who(record),
                what=what,
                changes=[
                    FieldChange(
                        c.field,
                        _FIELD_LABELS.get(c.field, c.field.replace("_", " ")),
                        _display(c.field, c.old, speakers),
                        _display(c.field, c.new, speakers),
                    )
                    for c in changes
                ],
                reason=record.history_change_reason or "",
                version=record.version,
            )
        )
    for when, change, username, what, title, link_url in _attachments_history(claim):
        verb = {"+": "added", "~": "changed", "-": "removed"}[change]
        what = f"{verb} evidence link “{title or link_url}”" if what == "link" else f"{verb} a note"
        entries.append(AuditEntry(when, username or "Claimtrack", what, []))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _attachments_history(claim: Claim):
    """The history of the claim's evidence links and notes in one query: (when, "+"/"~"/"-", username or
    None, "link" or "note", the link's title, its url; a note's are empty)."""
    columns = ("history_date", "history_type", "history_user__username", "what", "label", "target")
    links = (
        EvidenceLink.history.filter(claim_id=claim.pk)
        .annotate(what=Value("link"), label=F("title"), target=F("url"))
        .order_by()  # the history's default order: not allowed inside a UNION on SQLite (sorted after)
        .values_list(*columns)
    )
    notes = (
        Note.history.filter(claim_id=claim.pk)
        .annotate(what=Value("note"), label=Value(""), target=Value(""))
        .order_by()
        .values_list(*columns)
    )
    return links.union(notes, all=True)


def _who(record) -> str:
    user = record.history_user
    return user.get_username() if user else "Claimtrack"


def claim_changes_since(claim: Claim, version: int) -> tuple[str, list[FieldChange]]:
    """What changed on `claim` since the editor loaded `version`: (who saved last, the field changes)."""
    records = list(claim.history.select_related("history_user").order_by("-history_date", "-history_id"))
    if not records:
        return "", []
    latest = records[0]
    old = next((r for r in records if r.version == version), None)
    if old is None or old is latest:
        return _who(latest), []
    changes = _field_changes(latest, old)
    speaker_ids = {v for c in changes if c.field == "speaker" for v in (c.old, c.new) if v}
    speakers = Speaker.objects.in_bulk(speaker_ids) if speaker_ids else {}
    return _who(latest), [
        FieldChange(
            c.field,
            _FIELD_LABELS.get(c.field, c.field.replace("_", " ")),
            _display(c.field, c.old, speakers),
            _display(c.field, c.new, speakers),
        )
        for c in changes
    ]


# --- An article's claims ---------------------------------------------------------------------------


def article_claims(article: Article) -> list[Claim]:
    """The article's claims in text order, with their speakers (each knows its article: no query for it)."""
    return list(article.claims.select_related("speaker").order_by("start"))


def article_speakers(article_id: int) -> list[Speaker]:
    """The speakers of the article's claims, by name: the choices of its claim forms."""
    return list(Speaker.objects.filter(claims__article=article_id).distinct().order_by("name"))


def article_reextraction_preview(article: Article) -> dict[str, int]:
    """What re-running extraction may do to the article's claims (ClaimQuerySet.reextraction_preview)."""
    return article.claims.reextraction_preview()


# --- Speakers -------------------------------------------------------------------------------------


def speaker_get(pk: int) -> Speaker:
    """The speaker with who it was merged into, its aliases and who was merged into it, or 404."""
    return get_object_or_404(
        Speaker.objects.select_related("merged_into").prefetch_related(
            "aliases", Prefetch("merged_from", queryset=Speaker.objects.order_by("name"))
        ),
        pk=pk,
    )


def speaker_recent_claims(speaker: Speaker, limit: int = 25) -> list[Claim]:
    """The speaker's latest claims by when they were made, as queue rows. Which ones: from the claims'
    count rows (ClaimTally's index by speaker and said_at), so a speaker with 10,000 claims is not joined
    and sorted whole; then those rows."""
    ids = list(
        ClaimTally.objects.filter(speaker_id=speaker.pk)
        .order_by("-said_at", "-claim_id")
        .values_list("claim_id", flat=True)[:limit]
    )
    claims = {claim.pk: claim for claim in Claim.objects.filter(pk__in=ids).for_queue().with_said_at()}
    return [claims[pk] for pk in ids if pk in claims]


def speaker_stats(speaker: Speaker) -> dict[str, int]:
    """Read from the speaker's monthly count rows (apps/claims/counts.py): a few rows, not their claims."""
    totals = ClaimCount.objects.filter(scope="speaker_month", key=speaker.pk).aggregate(
        total=Sum("total"),
        unsupported=Sum("unsupported"),
        no_evidence=Sum("no_evidence"),
        confirmed=Sum("confirmed"),
    )
    return {name: n or 0 for name, n in totals.items()}


def speaker_timeline(speaker: Speaker) -> list[dict]:
    """Claims per month they were made (article publication date, else when stored, in the site's time
    zone), oldest first, with the unsupported and no-evidence counts; from the speaker's count rows."""
    tz = timezone.get_current_timezone()
    rows = (
        ClaimCount.objects.filter(scope="speaker_month", key=speaker.pk, total__gt=0)
        .order_by("day")
        .values_list("day", "total", "unsupported", "no_evidence")
    )
    return [
        {
            "month": datetime.combine(day, time.min, tzinfo=tz),
            "total": total,
            "unsupported": u,
            "no_evidence": n,
        }
        for day, total, u, n in rows
    ]


def speakers_similar(speaker: Speaker, limit: int = 8) -> list[Speaker]:
    """Other live speakers sharing the surname (the last word of the name): merge candidates."""
    words = speaker.normalised_name.split()
    if not words:
        return []
    last = words[-1]
    return list(
        Speaker.objects.filter(merged_into__isnull=True)
        .filter(Q(normalised_name__endswith=f" {last}") | Q(normalised_name=last))
        .exclude(pk=speaker.pk)
        .order_by("name")[:limit]
    )


# --- for the triage score (apps/triage) -------------------------------------------------------------

DECIDED_WORTH = (Claim.ReviewStatus.CONFIRMED, Claim.ReviewStatus.UNSUPPORTED)
DECIDED_NOT_WORTH = (Claim.ReviewStatus.DISMISSED,)


def claims_for_scoring(claim_ids) -> list[Claim]:
    """The claims with what their features read (speaker kind), in one query."""
    return list(
        Claim.objects.filter(pk__in=list(claim_ids))
        .select_related("speaker")
        .only(
            "pk",
            "content",
            "cue",
            "kind",
            "evidence",
            "speaker_confident",
            "speaker__kind",
            "speaker__name",
            "created_at",
            "review_status",
            "reviewed_at",
            "speaker_id",
        )
    )


def claims_decided() -> list[Claim]:
    """Every editor decision, oldest first: confirmed or flagged unsupported (worth checking) and dismissed
    (not). The labels of the triage model; reviewed_at orders them for the time split."""
    return list(
        Claim.objects.filter(review_status__in=DECIDED_WORTH + DECIDED_NOT_WORTH, reviewed_at__isnull=False)
        .select_related("speaker")
        .only(
            "pk",
            "content",
            "cue",
            "kind",
            "evidence",
            "speaker_confident",
            "speaker__kind",
            "speaker__name",
            "created_at",
            "review_status",
            "reviewed_at",
            "speaker_id",
        )
        .order_by("reviewed_at", "pk")
    )


def claim_is_worth(claim: Claim) -> int:
    return int(claim.review_status in DECIDED_WORTH)


def speakers_unsupported_counts(speaker_ids) -> dict[int, int]:
    """How many claims of each speaker editors flagged unsupported."""
    ids = [pk for pk in set(speaker_ids) if pk]
    if not ids:
        return {}
    rows = (
        Claim.objects.filter(speaker_id__in=ids, review_status=Claim.ReviewStatus.UNSUPPORTED)
        .values("speaker_id")
        .annotate(n=Count("pk"))
        .values_list("speaker_id", "n")
    )
    return dict(rows)


def claims_unreviewed_ids(*, limit: int | None = None, speaker_id: int | None = None) -> list[int]:
    qs = Claim.objects.filter(review_status=Claim.ReviewStatus.NEW)
    if speaker_id is not None:
        qs = qs.filter(speaker_id=speaker_id)
    qs = qs.order_by("-pk").values_list("pk", flat=True)
    return list(qs[:limit] if limit else qs)


def claims_unscored_ids(*, limit: int) -> list[int]:
    """Claims no scorer has scored yet (the partial index claim_unscored_idx keeps this cheap)."""
    return list(Claim.objects.filter(worth_model="").order_by("-pk").values_list("pk", flat=True)[:limit])


def claims_decided_count() -> int:
    return Claim.objects.filter(
        review_status__in=DECIDED_WORTH + DECIDED_NOT_WORTH, reviewed_at__isnull=False
    ).count()


def claims_worth_checking(
    *, since: datetime, limit: int, speaker_ids=None, source_ids=None, exclude_ids=None
) -> list[Claim]:
    """Unreviewed claims made since `since`, highest worth-checking score first: of these speakers or
    sources (both None: of everything), without `exclude_ids` (a list or a subquery of ids)."""
    qs = Claim.objects.filter(review_status=Claim.ReviewStatus.NEW, created_at__gte=since)
    if speaker_ids is not None or source_ids is not None:
        qs = qs.filter(
            Q(speaker_id__in=list(speaker_ids or [])) | Q(article__source_id__in=list(source_ids or []))
        )
    if exclude_ids is not None:
        qs = qs.exclude(pk__in=exclude_ids)
    return list(
        qs.select_related("speaker", "article", "article__source").order_by("-worth_score", "-id")[:limit]
    )
