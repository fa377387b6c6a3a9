import re
import unicodedata

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.extraction.lexicon import TITLES

# a title before a name ("Dr", "Prime Minister") is no part of a speaker's key
_TITLES = re.compile(r"^(?:" + "|".join(TITLES) + r")\.?\s+", re.IGNORECASE)


def normalise_name(name: str) -> str:
    """A key for matching speakers: case, accents, punctuation, titles and a leading 'the' removed."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").lower().strip()
    text = re.sub(r"'s$", "", text)
    previous = None
    while previous != text:
        previous = text
        text = _TITLES.sub("", text)
        text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"[^\w\s-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


class Speaker(models.Model):
    """One canonical person, organisation or group, shared across articles."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        GROUP = "group", "Group or unnamed"

    name = models.CharField(max_length=300)
    normalised_name = models.CharField(max_length=300, unique=True, editable=False)
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.PERSON)
    description = models.CharField(max_length=500, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="speaker_name_not_blank"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name) or self.name.lower()
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalised_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("review:speaker", args=[self.pk])


class SpeakerAlias(models.Model):
    """Another way the speaker is named ("Mr Putin", "Putin"); its normalised form points to one speaker."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    normalised_name = models.CharField(max_length=300, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"

    def __str__(self) -> str:
        return self.name


# The queue's reading order: articles newest first (by id: the order they were added), and within an
# article its claims in text order (start, then id). Keyset pages and previous/next walk this order.
READING_ORDER = ("-article_id", "start", "id")
READING_ORDER_REVERSED = ("article_id", "-start", "-id")
# the queue sorted "Worth checking first": highest triage score first, newest first among equals
WORTH_ORDER = ("-worth_score", "-id")
WORTH_ORDER_REVERSED = ("worth_score", "id")


class ClaimQuerySet(models.QuerySet):
    def for_queue(self):
        """Claims with what a list row shows: speaker, article, source; never the article's whole text or
        the search vector (50 rows of article text were most of the queue query's cost)."""
        return self.select_related("speaker", "article", "article__source").defer(
            "search_vector", "article__text"
        )

    def unsupported(self):
        return self.filter(review_status=Claim.ReviewStatus.UNSUPPORTED)

    def unreviewed(self):
        return self.filter(review_status=Claim.ReviewStatus.NEW)

    def with_said_at(self):
        """`said_at`: when the claim was made as far as we know: its article's publication date, else when
        we stored it. Timelines follow this, not the ingestion date."""
        from django.db.models.functions import Coalesce

        return self.annotate(said_at=Coalesce("article__published_at", "created_at"))

    def machine_unreviewed(self):
        """Claims the extractor made that no editor reviewed, edited or added (they may carry notes)."""
        return self.filter(origin=Claim.Origin.MACHINE, review_status=Claim.ReviewStatus.NEW, edited=False)

    def decided_ids(self) -> set[int]:
        """Ids of these claims whose fields are an editor's: reviewed, edited, added by an editor, or changed
        by a signed-in user at any time (a claim confirmed and reopened as New is still an editor's)."""
        ids = set(self.values_list("pk", flat=True))
        if not ids:
            return set()
        decided = ids - set(self.machine_unreviewed().values_list("pk", flat=True))
        changed_by_someone = (
            Claim.history.filter(id__in=ids - decided, history_type="~", history_user__isnull=False)
            .exclude(history_change_reason=Claim.MOVED_WITH_TEXT)
            .values_list("id", flat=True)
        )
        return decided | set(changed_by_someone)

    def referenced_ids(self) -> set[int]:
        """Ids of these claims that another row points at: a note, an evidence link, a said-before decision,
        a notification, and any relation added later, except the rows the machine makes for every claim
        (`Claim.MACHINE_REFERENCES`). Read from the model's relations, so a new one counts by default."""
        ids = set(self.values_list("pk", flat=True))
        found: set[int] = set()
        for rel in Claim._meta.related_objects:
            if not ids - found:
                break
            label = rel.related_model._meta.label_lower
            machine_rows = Claim.MACHINE_REFERENCES.get(label, Q(pk__in=[]))
            if machine_rows is None:
                continue
            rows = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": ids - found})
            found |= set(rows.exclude(machine_rows).values_list(rel.field.attname, flat=True))
        return found

    def editor_work_ids(self) -> set[int]:
        """Ids of these claims an editor touched in any way: re-extraction never deletes them."""
        return self.decided_ids() | self.referenced_ids()

    def reextraction_preview(self) -> dict[str, int]:
        """What re-running extraction may do to these claims (an article's): `kept`, the claims editors
        touched (never removed); `machine`, the untouched machine claims it may update or remove."""
        ids = set(self.values_list("pk", flat=True))
        kept = len(Claim.objects.filter(pk__in=ids).editor_work_ids()) if ids else 0
        return {"kept": kept, "machine": len(ids) - kept}

    def in_reading_order(self):
        return self.order_by(*READING_ORDER)

    def after_in_reading_order(self, article_id: int, start: int, pk: int):
        """Claims after the key (article_id, start, id) in reading order; the first condition bounds the
        index scan (claim_queue_reading_idx and its per-status sibling)."""
        return self.filter(
            Q(article_id__lte=article_id)
            & (Q(article_id__lt=article_id) | Q(start__gt=start) | (Q(start=start) & Q(pk__gt=pk)))
        )

    def before_in_reading_order(self, article_id: int, start: int, pk: int):
        return self.filter(
            Q(article_id__gte=article_id)
            & (Q(article_id__gt=article_id) | Q(start__lt=start) | (Q(start=start) & Q(pk__lt=pk)))
        )

    def in_worth_order(self):
        return self.order_by(*WORTH_ORDER)

    def after_in_worth_order(self, score: int, pk: int):
        """Claims after the key (worth_score, id) in worth order; the first condition bounds the index scan
        (claim_queue_worth_idx and its per-status sibling)."""
        return self.filter(Q(worth_score__lte=score) & (Q(worth_score__lt=score) | Q(pk__lt=pk)))

    def before_in_worth_order(self, score: int, pk: int):
        return self.filter(Q(worth_score__gte=score) & (Q(worth_score__gt=score) | Q(pk__gt=pk)))

    def search(self, text: str):
        """Full-text search of the claim text: PostgreSQL's, on the stored `search_vector` column (kept by a
        trigger, GIN-indexed), else a plain icontains."""
        from django.db import connections

        text = text.strip()
        if not text:
            return self
        if connections[self.db].vendor != "postgresql":
            return self.filter(content__icontains=text)
        from django.contrib.postgres.search import SearchQuery

        return self.filter(search_vector=SearchQuery(text, config="english", search_type="websearch"))


class Claim(models.Model):
    class Rating(models.IntegerChoices):
        """The ClaimReview scale (docs/publishing.md): how well supported the claim is, as reported."""

        UNSUPPORTED = 1, "Unsupported"
        NO_EVIDENCE = 2, "Accurately attributed; no evidence given"
        EVIDENCE_NOT_STATED = 3, "Accurately attributed; evidence not stated"
        EVIDENCE_GIVEN = 4, "Accurately attributed; evidence given"

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        INDIRECT = "indirect", "Indirect"

    class Evidence(models.TextChoices):
        PROVIDED = "provided", "Evidence given"
        NOT_PROVIDED = "not_provided", "No evidence given"
        NOT_STATED = "not_stated", "Not stated"

    class ReviewStatus(models.TextChoices):
        NEW = "new", "New"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUPPORTED = "unsupported", "Unsupported"
        DISMISSED = "dismissed", "Dismissed"

    class Origin(models.TextChoices):
        MACHINE = "machine", "Extractor"
        EDITOR = "editor", "Added by an editor"

    # Rows other apps make for every claim by themselves, by model label: None = the whole relation, a Q =
    # the rows it matches. They do not make a claim an editor's; every other row pointing at a claim does.
    MACHINE_REFERENCES = {
        "similarity.claimembedding": None,  # the matcher's index entry
        "accuracy.claimoutcome": None,  # a copy of what the extractor said
        "similarity.claimlink": Q(status="suggested"),  # a suggestion; a confirmed or rejected link is not
    }
    # history reason of a claim moved by a text correction: the move is not an editor's change to the claim
    MOVED_WITH_TEXT = "Moved with the corrected article text"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="claims")
    # its article's source, copied so the queue filters a source on the claims' own indexes (at 1M claims,
    # filtering through the article probed one article per candidate claim). PostgreSQL triggers keep it
    # (claims 0010); elsewhere it stays empty and the filter reads the article's (selectors.claims_filtered).
    source = models.ForeignKey(
        "sources.Source",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        db_index=False,  # claim_queue_by_source_idx leads with it
    )
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    speaker_mention = models.CharField(max_length=300, blank=True)
    speaker_confident = models.BooleanField(
        default=True,
        help_text="False when the extractor could not tell who spoke (shown as “speaker uncertain”); "
        "an editor's edit makes it True.",
    )
    content = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    cue = models.CharField(max_length=200, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.INDIRECT)
    evidence = models.CharField(max_length=12, choices=Evidence.choices, default=Evidence.NOT_STATED)
    evidence_cue = models.CharField(max_length=500, blank=True)
    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    review_status = models.CharField(max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.NEW)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # why an editor flagged it unsupported, and the rating they gave (ClaimReview uses both)
    review_rationale = models.CharField("rationale", max_length=1000, blank=True)
    review_rating = models.PositiveSmallIntegerField("rating", null=True, blank=True, choices=Rating.choices)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.MACHINE)
    edited = models.BooleanField(default=False, help_text="An editor changed what the extractor found.")
    extractor_version = models.CharField(max_length=40, blank=True)
    # to_tsvector('english', content), kept by a PostgreSQL trigger (migration 0003); unused on SQLite
    search_vector = SearchVectorField(null=True, editable=False)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every change; guards concurrent edits."
    )
    # how much the claim is worth checking (0-100) and why, written by the worker (apps/triage) through
    # claims_set_worth; machine state like search_vector, so not in the history and no version bump
    worth_score = models.PositiveSmallIntegerField(default=0, editable=False)
    worth_reasons = models.JSONField(default=list, blank=True, editable=False)
    worth_model = models.CharField(
        max_length=40,
        blank=True,
        editable=False,
        help_text="The scorer that set worth_score; blank: not scored.",
    )
    # how many earlier claims of the same speaker this one repeats (links suggested or confirmed), counted by
    # apps/similarity through claims_set_said_before; machine state like worth_score
    said_before = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=[
            "search_vector",
            "worth_score",
            "worth_reasons",
            "worth_model",
            "said_before",
            "source",
        ]
    )
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claim_span_not_empty"),
            models.CheckConstraint(
                condition=(Q(cue_start__isnull=True) & Q(cue_end__isnull=True))
                | Q(cue_start__isnull=False, cue_end__isnull=False, cue_end__gt=models.F("cue_start")),
                name="claim_cue_span_valid",
            ),
            models.CheckConstraint(
                condition=(Q(evidence_start__isnull=True) & Q(evidence_end__isnull=True))
                | Q(
                    evidence_start__isnull=False,
                    evidence_end__isnull=False,
                    evidence_end__gt=models.F("evidence_start"),
                ),
                name="claim_evidence_span_valid",
            ),
            models.CheckConstraint(
                condition=~Q(review_status="new") | Q(reviewed_at__isnull=True),
                name="claim_new_is_unreviewed",
            ),
            models.UniqueConstraint(fields=["article", "start", "end"], name="claim_unique_span_per_article"),
            models.CheckConstraint(
                condition=Q(review_rating__isnull=True) | Q(review_rating__gte=1, review_rating__lte=4),
                name="claim_review_rating_on_scale",
            ),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="claim_queue_newest_idx"),
            models.Index(fields=["review_status", "-created_at", "-id"], name="claim_queue_by_status_idx"),
            models.Index(fields=["speaker", "-created_at"], name="claim_speaker_timeline_idx"),
            models.Index(fields=["article", "start"], name="claim_article_order_idx"),
            models.Index(fields=["evidence", "-created_at"], name="claim_queue_by_evidence_idx"),
            # the queue's per-status tab counts under the evidence / kind filters: index-only, capped scans
            models.Index(fields=["review_status", "evidence", "kind"], name="claim_status_evidence_kind_idx"),
            # the queue in reading order (articles newest first, claims in text order), all and per status
            models.Index(fields=["-article", "start", "id"], name="claim_queue_reading_idx"),
            models.Index(
                fields=["review_status", "-article", "start", "id"], name="claim_queue_status_reading_idx"
            ),
            # the queue sorted "Worth checking first" (keyset on score, id), all and per status
            models.Index(fields=["-worth_score", "-id"], name="claim_queue_worth_idx"),
            models.Index(
                fields=["review_status", "-worth_score", "-id"], name="claim_queue_status_worth_idx"
            ),
            models.Index(fields=["-id"], condition=Q(worth_model=""), name="claim_unscored_idx"),
            # the queue filtered by speaker (+ status, + evidence, + source): at 1M claims, without it a
            # speaker's filter ANDs two bitmaps of 10^5 entries (claim_status_evidence_kind_idx) per page
            models.Index(
                fields=["speaker", "review_status", "evidence", "source"], name="claim_queue_by_speaker_idx"
            ),
            # ... and by source (+ status, + evidence): its tab counts are index-only scans
            models.Index(fields=["source", "review_status", "evidence"], name="claim_queue_by_source_idx"),
            # the queue's "Speaker uncertain" filter: few rows, in reading order
            models.Index(
                fields=["-article", "start", "id"],
                condition=Q(speaker_confident=False),
                name="claim_queue_uncertain_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    def get_absolute_url(self) -> str:
        return reverse("review:claim", args=[self.pk])

    @property
    def is_reviewed(self) -> bool:
        return self.review_status != self.ReviewStatus.NEW

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


class EvidenceLink(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence_links")
    url = models.URLField("URL", max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title or self.url


class Note(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="note_text_not_blank")]

    def __str__(self) -> str:
        return self.text[:60]


class ReviewerPreference(models.Model):
    """An editor's desk settings, kept across sign-ins."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="review_preference"
    )
    advance_after_action = models.BooleanField(
        default=False, help_text="After confirm, flag or dismiss, move on to the next claim."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Desk settings of {self.user}"


# --- Count tables (apps/claims/counts.py keeps them exact) -----------------------------------------


class ClaimTally(models.Model):
    """What one claim counted for when its counts were last written: the "before" of its next change.
    One row a claim; no database relation (a deleted claim's row is removed by the same recount)."""

    claim_id = models.BigIntegerField(primary_key=True)
    speaker_id = models.BigIntegerField(null=True)
    source_id = models.BigIntegerField(null=True)
    said_at = models.DateTimeField()  # the claim's `said_at` (Claim.objects.with_said_at)
    review_status = models.CharField(max_length=12)
    evidence = models.CharField(max_length=12)

    class Meta:
        # a speaker's latest claims (the speaker page) without joining and sorting all their claims
        indexes = [
            models.Index(fields=["speaker_id", "-said_at", "-claim_id"], name="claim_tally_recent_idx")
        ]

    def __str__(self) -> str:
        return f"Counts of claim {self.claim_id}"


class ClaimCount(models.Model):
    """Claims counted by `scope` (see apps/claims/counts.py), `key` (a speaker or source id, 0 for all) and
    `day` (the local day the claim was said; the month's first day for monthly scopes)."""

    scope = models.CharField(max_length=24)
    key = models.BigIntegerField()
    day = models.DateField()
    total = models.IntegerField(default=0)
    unsupported = models.IntegerField(default=0)
    no_evidence = models.IntegerField(default=0)
    problems = models.IntegerField(default=0)
    confirmed = models.IntegerField(default=0)

    COUNT_KEY = ("scope", "key", "day")
    COUNT_VALUES = ("total", "unsupported", "no_evidence", "problems", "confirmed")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key", "day"], name="claim_count_key")]
        indexes = [models.Index(fields=["scope", "day"], name="claim_count_scope_day_idx")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.day}"
