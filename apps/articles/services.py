"""Everything that creates or changes an Article: submissions, and its pipeline (fetch → clean → store →
extract → persist → status: article_process), the stuck sweep, re-extraction. The one owner of an article's
status fields; its claims are stored by apps.claims.services (claims_persist_extraction)."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from apps.claims.counts import claims_recount
from apps.claims.models import Claim
from apps.claims.services import TextFollowed, claims_follow_text, claims_persist_extraction
from apps.core.http import FetchError, fetch_url
from apps.core.tasks import task_send
from apps.extraction import EXTRACTOR_VERSION, ExtractionResult, extract_claims, extract_many
from apps.extraction.apps import config_from_settings

from .cleaning import (
    CleaningError,
    clean_html,
    clean_pasted_html,
    clean_plain_text,
    decode_bytes,
    looks_like_html,
)
from .models import Article, ArticleTextVersion, ReextractionItem, ReextractionRun, content_hash

logger = logging.getLogger(__name__)

UPLOAD_TYPES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}


class SubmissionError(Exception):
    """A submission we refuse before storing anything; the message is shown to the user."""


@dataclass(frozen=True)
class Submission:
    article: Article
    created: bool
    queued: bool  # the task reached the broker (False: stored, will be queued by the sweep)


def _validate_url(url: str) -> str:
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise SubmissionError(
            f"“{url[:200]}” is not a web address (it must start with http:// or https://)."
        ) from None
    return url


def article_set_status(*, article: Article, status: str, error: str = "") -> None:
    article.status = status
    article.error = error
    article.status_changed_at = timezone.now()
    article.save(update_fields=["status", "error", "status_changed_at", "updated_at"])


def article_dispatch(*, article: Article) -> None:
    """Send the article's next task once the transaction commits. If the broker is down the article stays
    queued, and the beat sweep sends it again later: nothing is lost."""

    def send() -> None:
        try:
            task_send("articles.process_article", article.pk)
        except Exception:  # noqa: BLE001 - broker down: kombu raises several types
            logger.warning(
                "Broker unavailable; article %s stays queued for the sweep", article.pk, exc_info=True
            )

    transaction.on_commit(send)


@transaction.atomic
def article_submit_url(
    *,
    url: str,
    source=None,
    user=None,
    origin: str = Article.Origin.URL,
    title: str = "",
    entry_id: str = "",
    published_at: datetime | None = None,
) -> Submission:
    url = _validate_url(url)
    existing = Article.objects.filter(url=url).first()
    if existing:
        return Submission(existing, created=False, queued=False)
    article = Article.objects.create(
        url=url,
        source=source,
        origin=origin,
        title=title[:1000],
        feed_entry_id=entry_id[:2000],
        published_at=published_at,
        submitted_by=user if user and user.is_authenticated else None,
    )
    article_dispatch(article=article)
    return Submission(article, created=True, queued=True)


def article_text_check_length(text: str) -> None:
    """Refuse a text longer than the extractor takes (CLAIMTRACK_MAX_EXTRACT_CHARS): it would be stored only
    to be skipped, and no page should have to show it."""
    limit = settings.CLAIMTRACK_MAX_EXTRACT_CHARS
    if len(text) > limit:
        raise SubmissionError(
            f"The text is {len(text):,} characters long, over the {limit:,}-character limit "
            "(CLAIMTRACK_MAX_EXTRACT_CHARS); nothing was stored. Submit a shorter text or split it."
        )


def article_text_from_input(text: str, title: str = "") -> tuple[str, str]:
    """Pasted or uploaded text as it will be stored, and its title: a web page's HTML is cleaned to its
    words (as a fetched page is), then the text is tidied and checked against the limit. Raises
    SubmissionError before anything is stored."""
    text = text or ""
    if looks_like_html(text):
        limit = settings.CLAIMTRACK_UPLOAD_MAX_BYTES
        if len(text) > limit:
            raise SubmissionError(
                f"The HTML is larger than the {limit // (1024 * 1024)} MB limit; nothing was stored."
            )
        try:
            cleaned = clean_pasted_html(text)
        except CleaningError as exc:
            raise SubmissionError(
                f"This is a web page's HTML, and no article text was found in it ({exc.message}) "
                "Paste the article's words instead."
            ) from exc
        text, title = cleaned.text, title.strip() or cleaned.title
    text = clean_plain_text(text)
    if not text.strip():
        raise SubmissionError("The text is empty.")
    article_text_check_length(text)
    return text, title


@transaction.atomic
def article_submit_text(
    *, text: str, title: str = "", user=None, origin: str = Article.Origin.PASTE, source=None
) -> Submission:
    text, title = article_text_from_input(text, title)
    digest = content_hash(text)
    existing = Article.objects.filter(content_hash=digest, duplicate_of__isnull=True).first()
    if existing:
        return Submission(existing, created=False, queued=False)
    article = Article.objects.create(
        text=text,
        content_hash=digest,
        title=(title.strip() or _title_from_text(text))[:1000],
        origin=origin,
        source=source,
        submitted_by=user if user and user.is_authenticated else None,
    )
    article_dispatch(article=article)
    return Submission(article, created=True, queued=True)


def article_submit_file(*, upload: UploadedFile, user=None, title: str = "") -> Submission:
    suffix = PurePath(upload.name or "").suffix.lower()
    kind = UPLOAD_TYPES.get(suffix)
    if kind is None:
        raise SubmissionError("Upload a .txt or .html file.")
    limit = settings.CLAIMTRACK_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise SubmissionError(f"The file is larger than the {limit // (1024 * 1024)} MB limit.")
    body = upload.read(limit + 1)
    if len(body) > limit:
        raise SubmissionError(f"The file is larger than the {limit // (1024 * 1024)} MB limit.")
    try:
        decoded = decode_bytes(body)
        if kind == "html":
            cleaned = clean_pasted_html(decoded)
            return article_submit_text(
                text=cleaned.text, title=title or cleaned.title, user=user, origin=Article.Origin.FILE
            )
    except CleaningError as exc:
        raise SubmissionError(str(exc)) from exc
    default_title = PurePath(upload.name).stem.replace("-", " ").replace("_", " ")
    return article_submit_text(
        text=decoded, title=title or default_title, user=user, origin=Article.Origin.FILE
    )


def _title_from_text(text: str) -> str:
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first_line if len(first_line) <= 140 else first_line[:137].rsplit(" ", 1)[0] + "…"


def article_fetch(*, article: Article) -> None:
    """Fetch and clean an article's page. Raises FetchError (transient ones are retried by the task);
    a permanent problem ends as a failed article with a readable error."""
    article_set_status(article=article, status=Article.Status.FETCHING)
    response = fetch_url(
        article.url,
        max_bytes=settings.CLAIMTRACK_FETCH_MAX_BYTES,
        timeout=settings.CLAIMTRACK_FETCH_TIMEOUT,
        allow_private=settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE,
        user_agent=settings.CLAIMTRACK_FETCH_USER_AGENT,
    )
    decoded = decode_bytes(response.body, response.charset)
    if response.content_type == "text/plain":
        text, title, byline, published, language, canonical = clean_plain_text(decoded), "", "", None, "", ""
    else:
        cleaned = clean_html(decoded, url=response.url)
        text, title, byline = cleaned.text, cleaned.title, cleaned.byline
        published, language, canonical = cleaned.published_at, cleaned.language, cleaned.canonical_url
    article_store_text(
        article=article,
        text=text,
        title=article.title or title,
        byline=byline,
        published_at=article.published_at or published,
        language=language,
        canonical_url=canonical if canonical != article.url else "",
    )


@transaction.atomic
def article_store_text(
    *,
    article: Article,
    text: str,
    title: str = "",
    byline: str = "",
    published_at: datetime | None = None,
    language: str = "",
    canonical_url: str = "",
) -> None:
    """Store fetched text. The same text already stored under another article makes this one a duplicate."""
    digest = content_hash(text)
    original = (
        Article.objects.select_for_update()
        .filter(content_hash=digest, duplicate_of__isnull=True)
        .exclude(pk=article.pk)
        .first()
    )
    article.title, article.byline = title[:1000], byline[:500]
    said_changed = article.pk is not None and article.published_at != published_at
    article.published_at, article.language = published_at, language[:16]
    article.canonical_url = canonical_url[:2000]
    article.content_hash = digest
    if original:
        article.duplicate_of = original
        article.text = ""
        article.status = Article.Status.DUPLICATE
        article.error = f"The same text is already stored as article {original.pk}."
    else:
        article.text = text
        article.status = Article.Status.EXTRACTING
        article.error = ""
    article.status_changed_at = timezone.now()
    article.save()
    if said_changed:  # its claims' "said" day follows the publication date (the dashboard's counts)
        claims_recount(article.claims.values_list("pk", flat=True))


def article_fail(*, article: Article, error: str) -> None:
    article_set_status(article=article, status=Article.Status.FAILED, error=error[:2000] or "Unknown error.")


def article_process(*, article: Article) -> None:
    """One step of the pipeline: fetch if the text is missing, then extract claims."""
    if article.is_finished:
        return
    Article.objects.filter(pk=article.pk).update(attempts=F("attempts") + 1)
    if article.needs_fetch:
        try:
            article_fetch(article=article)
        except CleaningError as exc:
            article_fail(article=article, error=str(exc))
            return
        article.refresh_from_db()
        if article.status != Article.Status.EXTRACTING:
            return
    article_extract_claims(article=article)


def article_extract_claims(*, article: Article, force: bool = False) -> int:
    """Run the extractor on an article and persist its claims. Returns the number of machine claims."""
    if not force and article.status == Article.Status.DONE and article.extractor_version == EXTRACTOR_VERSION:
        return article.claims.filter(origin=Claim.Origin.MACHINE).count()
    if article.status != Article.Status.EXTRACTING:
        article_set_status(article=article, status=Article.Status.EXTRACTING)
    text = article.text
    result = extract_claims(text, config=config_from_settings())
    return article_persist_extraction(
        article=article, result=result, extractor_version=EXTRACTOR_VERSION, text=text
    )


_EXTRACTION_FIELDS = [
    "extractor_version",
    "extracted_at",
    "language",
    "status",
    "error",
    "status_changed_at",
    "updated_at",
]


@transaction.atomic
def article_persist_extraction(
    *, article: Article, result: ExtractionResult, extractor_version: str, text: str | None = None
) -> int:
    """Store an extraction run: the article's claims merged by claims_persist_extraction (the one rule for
    a run: an editor's work is never lost; apps/claims/services.py), then the run on the article: its
    extractor version, time, language and status (done; skipped when the text cannot be extracted: empty,
    too long, not English; failed when the rules failed, with the reason). Idempotent. A run that did not
    go through changes no claim. When `text` is given and the article's text changed meanwhile (a
    correction), the run is stale and nothing is stored. Returns the number of claims the run found: new
    ones and ones found again."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if text is not None and article.text != text:
        return 0  # the correction that changed the text queued its own run
    now = timezone.now()
    article.extractor_version = extractor_version
    article.extracted_at = now
    article.language = result.language or article.language
    article.status_changed_at = now
    if result.status != "ok":
        failed = result.status == "error"
        article.status = Article.Status.FAILED if failed else Article.Status.SKIPPED
        article.error = result.reason
        article.save(update_fields=_EXTRACTION_FIELDS)
        return 0
    found = claims_persist_extraction(
        article=article, candidates=result.claims, extractor_version=extractor_version
    )
    article.status, article.error = Article.Status.DONE, ""
    article.save(update_fields=_EXTRACTION_FIELDS)
    # an editor's claim with no version of its own counts against the article's: now the new one
    claims_recount(article.claims.filter(extractor_version="").values_list("pk", flat=True))
    return found


@transaction.atomic
def article_rerun_extraction(*, article: Article) -> None:
    """An editor asks for extraction again. Every claim an editor touched is kept, a claim found again keeps
    its id, untouched ones no longer found go (apps.claims.services.claims_persist_extraction)."""
    if not article.text:
        raise SubmissionError("This article has no text to extract claims from.")
    Article.objects.filter(pk=article.pk).update(attempts=0)
    article.attempts = 0
    article_set_status(article=article, status=Article.Status.EXTRACTING)
    article_dispatch(article=article)


@transaction.atomic
def article_correct_text(*, article: Article, text: str, user=None, note: str = "") -> TextFollowed:
    """A corrected text for an article that has been extracted: a new version of it. Its claims move with
    their words (claims_follow_text), the text it replaces is kept (ArticleTextVersion) and the change is in
    the article's history, then extraction runs again under the rule that keeps editors' work.

    Refused, with nothing changed, while the article is being processed, for a text that is empty, too
    long, unchanged or another article's, and (TextCorrectionRefused, naming them) when the correction
    changes the words of claims editors have worked on."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not article.is_finished:
        raise SubmissionError("The article is being processed; correct its text when that has finished.")
    if not article.text:
        raise SubmissionError("This article has no text to correct.")
    text = clean_plain_text(text or "")
    if not text.strip():
        raise SubmissionError("The text is empty.")
    article_text_check_length(text)
    if text == article.text:
        raise SubmissionError("The text is unchanged.")
    digest = content_hash(text)
    same = Article.objects.filter(content_hash=digest, duplicate_of__isnull=True).exclude(pk=article.pk)
    if other := same.first():
        raise SubmissionError(f"The same text is already stored as article {other.pk}.")
    followed = claims_follow_text(article=article, new_text=text, user=user)
    ArticleTextVersion.objects.create(
        article=article,
        text=article.text,
        content_hash=article.content_hash,
        replaced_by=user if user and user.is_authenticated else None,
        note=note.strip()[:500],
    )
    article.text, article.content_hash = text, digest
    article._history_user = user
    article._change_reason = (f"Text corrected: {note.strip()}" if note.strip() else "Text corrected")[:100]
    article.save(update_fields=["text", "content_hash", "updated_at"])
    article._change_reason = "Extraction again, on the corrected text"
    article_rerun_extraction(article=article)
    return followed


# --- Failed or skipped articles: an editor retries, pastes the text, or deletes ---------------------------

RECOVERABLE_STATUSES = (Article.Status.FAILED, Article.Status.SKIPPED)


def _lock_recoverable(article: Article, action: str) -> Article:
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if locked.status not in RECOVERABLE_STATUSES:
        raise SubmissionError(
            f"Only a failed or skipped article can be {action}; this one is "
            f"{locked.get_status_display().lower()}."
        )
    return locked


@transaction.atomic
def article_retry(*, article: Article, user=None) -> Article:
    """Run a failed or skipped article's pipeline again from where it stopped: fetch its page again if it
    has no text, else extract claims again. Recorded in its history."""
    article = _lock_recoverable(article, "retried")
    article.status = Article.Status.EXTRACTING if article.text else Article.Status.QUEUED
    article.error, article.attempts, article.status_changed_at = "", 0, timezone.now()
    article._history_user = user
    article._change_reason = "Retried by an editor"
    article.save(update_fields=["status", "error", "attempts", "status_changed_at", "updated_at"])
    article_dispatch(article=article)
    return article


@transaction.atomic
def article_supply_text(*, article: Article, text: str, user=None) -> Article:
    """A failed or skipped article given its text by an editor (e.g. a page that refused to be fetched):
    the text is cleaned and checked like a paste, stored, and extracted. Refused once the article has
    claims (they are anchored in the old text)."""
    article = _lock_recoverable(article, "given a new text")
    if article.claims.exists():
        raise SubmissionError("This article already has claims anchored in its text; its text stays.")
    text, title = article_text_from_input(text, article.title)
    article.attempts = 0
    article._history_user = user
    article._change_reason = "Text pasted by an editor"
    article_store_text(
        article=article,
        text=text,
        title=title or _title_from_text(text),
        byline=article.byline,
        published_at=article.published_at,
        language=article.language,
        canonical_url=article.canonical_url,
    )
    if article.status == Article.Status.EXTRACTING:
        article_dispatch(article=article)
    return article


@transaction.atomic
def article_delete(*, article: Article, user) -> None:
    """Delete a failed or skipped article with no claims. The deletion is a row in the article's history
    (who, when, its status and error) and a log line."""
    article = _lock_recoverable(article, "deleted")
    if article.claims.exists():
        raise SubmissionError("This article has claims; it cannot be deleted.")
    article._history_user = user
    article._change_reason = f"Deleted by an editor ({article.status}: {article.error[:200]})"
    logger.info("Article %s (%s) deleted by %s", article.pk, article.status, user)
    article.delete()


def articles_sweep_stuck(*, now: datetime | None = None) -> dict[str, int]:
    """Find articles queued but never picked up, or running past their time limit; queue them again, or
    fail them with a reason after too many attempts."""
    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0}
    stuck_after = settings.CLAIMTRACK_STUCK_AFTER
    queued_after = min(stuck_after, timezone.timedelta(minutes=2))
    candidates = list(
        Article.objects.filter(status=Article.Status.QUEUED, status_changed_at__lt=now - queued_after)
    ) + list(Article.objects.running().filter(status_changed_at__lt=now - stuck_after))
    for article in candidates:
        if article.attempts >= settings.CLAIMTRACK_MAX_ATTEMPTS:
            article_fail(
                article=article,
                error=f"Processing stopped responding {article.attempts} times; giving up. Re-run it to try again.",
            )
            counts["failed"] += 1
            continue
        with transaction.atomic():
            if article.status != Article.Status.QUEUED:
                article_set_status(article=article, status=Article.Status.QUEUED)
            else:
                Article.objects.filter(pk=article.pk).update(status_changed_at=now)
            article_dispatch(article=article)
        counts["requeued"] += 1
    return counts


# --- Re-extraction with the current extractor (manage.py reextract, the admin's actions) -----------------

REEXTRACT_BATCH_SIZE = 16  # articles per task, parsed together (extract_many)
REEXTRACTABLE_STATUSES = (Article.Status.DONE, Article.Status.SKIPPED)


def articles_for_reextraction(
    *, articles: QuerySet[Article] | None = None, since: date | None = None, every: bool = False
) -> QuerySet[Article]:
    """The stored articles a re-extraction takes, among `articles` (all by default): done or skipped, with a
    text, not already waiting in a run, and, unless `every`, last extracted by another version than the
    current one. `since`: stored on or after that day (site time zone)."""
    qs = Article.objects.all() if articles is None else articles
    qs = qs.filter(status__in=REEXTRACTABLE_STATUSES).exclude(text="")
    qs = qs.exclude(
        Exists(
            ReextractionItem.objects.filter(article=OuterRef("pk"), status=ReextractionItem.Status.PENDING)
        )
    )
    if not every:
        qs = qs.exclude(extractor_version=EXTRACTOR_VERSION)
    if since:
        qs = qs.filter(
            created_at__gte=datetime.combine(since, time.min, tzinfo=timezone.get_current_timezone())
        )
    return qs


def reextraction_start(*, articles: QuerySet[Article], scope: str, user=None) -> ReextractionRun | None:
    """Re-extract these articles (from articles_for_reextraction) with the current extractor in Celery: a
    run records them, one task per REEXTRACT_BATCH_SIZE articles, each batch committed before its task is
    sent. An article already waiting in another run is not queued twice. None when there is nothing to do.

    Each article goes through claims_persist_extraction, the one rule for a re-run: every claim an editor
    touched is kept, a claim found again keeps its id, untouched claims no longer found are deleted into
    the history."""
    ids = list(articles.order_by("pk").values_list("pk", flat=True).distinct())
    if not ids:
        return None
    run = ReextractionRun.objects.create(
        extractor_version=EXTRACTOR_VERSION,
        scope=scope[:500],
        requested_by=user if user and user.is_authenticated else None,
    )
    for start in range(0, len(ids), REEXTRACT_BATCH_SIZE):
        batch = ids[start : start + REEXTRACT_BATCH_SIZE]
        with transaction.atomic():
            ReextractionItem.objects.bulk_create(
                [ReextractionItem(run=run, article_id=pk) for pk in batch], ignore_conflicts=True
            )
            reextraction_dispatch(run=run, article_ids=batch)
    reextraction_finish_if_done(run=run)  # another run may have taken every article meanwhile
    return run


def reextraction_resume(*, run: ReextractionRun) -> int:
    """Send the tasks of a run's articles still waiting again (their messages lost, say the broker's data
    wiped). Safe while the first tasks are still queued: a task finds an article no longer waiting and
    leaves it. Returns how many articles were sent again."""
    ids = list(
        run.items.filter(status=ReextractionItem.Status.PENDING)
        .order_by("article_id")
        .values_list("article_id", flat=True)
    )
    for start in range(0, len(ids), REEXTRACT_BATCH_SIZE):
        with transaction.atomic():
            reextraction_dispatch(run=run, article_ids=ids[start : start + REEXTRACT_BATCH_SIZE])
    return len(ids)


def reextraction_dispatch(*, run: ReextractionRun, article_ids: Sequence[int]) -> None:
    """Send one batch's task once the transaction commits. If the broker cannot be reached its articles
    are marked failed, saying so, and the next `reextract` takes them again."""

    def send() -> None:
        try:
            task_send("articles.reextract_articles", run.pk, list(article_ids))
        except Exception:  # noqa: BLE001 - broker down: kombu raises several types
            logger.warning("Broker unavailable; re-extraction %s: batch not queued", run.pk, exc_info=True)
            ReextractionItem.objects.filter(
                run=run, article_id__in=article_ids, status=ReextractionItem.Status.PENDING
            ).update(
                status=ReextractionItem.Status.FAILED,
                detail="The task queue could not be reached; run reextract again.",
                finished_at=timezone.now(),
            )
            reextraction_finish_if_done(run=run)

    transaction.on_commit(send)


def _item_finish(item: ReextractionItem, status: str, detail: str = "") -> None:
    """Record an article's outcome, once: a task that runs twice finds it no longer pending."""
    ReextractionItem.objects.filter(pk=item.pk, status=ReextractionItem.Status.PENDING).update(
        status=status, detail=detail[:500], finished_at=timezone.now()
    )


def reextraction_run_batch(*, run: ReextractionRun, article_ids: Sequence[int]) -> None:
    """Re-extract the run's articles of one batch that are still waiting: one parse for the batch, then each
    article's claims merged by claims_persist_extraction in its own transaction. Safe to run twice.

    An article no longer done or skipped when its turn comes (an editor re-ran or corrected it: that run
    uses the current extractor) is skipped; one whose merge raises is failed with the error, and the
    others go on. A worker on another extractor version than the run's fails the batch, saying so."""
    items = list(
        run.items.filter(article_id__in=article_ids, status=ReextractionItem.Status.PENDING)
        .select_related("article")
        .order_by("article_id")
    )
    todo = []
    for item in items:
        article = item.article
        if article.status not in REEXTRACTABLE_STATUSES or not article.text:
            _item_finish(
                item,
                ReextractionItem.Status.SKIPPED,
                f"The article was {article.get_status_display().lower()} when its turn came"
                + ("" if article.text else ", with no text")
                + ".",
            )
        elif run.extractor_version != EXTRACTOR_VERSION:
            _item_finish(
                item,
                ReextractionItem.Status.FAILED,
                f"This worker runs extractor {EXTRACTOR_VERSION}, not {run.extractor_version}: restart the "
                "workers on the new code, then run reextract again.",
            )
        else:
            todo.append(item)
    texts = [item.article.text for item in todo]
    try:
        results = extract_many(texts, config=config_from_settings()) if todo else []
    except Exception as exc:  # noqa: BLE001 - e.g. the spaCy model missing: every article of the batch
        logger.exception("Re-extraction %s: the extractor failed on a batch", run.pk)
        results, failure = [], f"The extractor failed: {type(exc).__name__}: {exc}"
        for item in todo:
            _item_finish(item, ReextractionItem.Status.FAILED, failure)
    for item, text, result in zip(todo, texts, results, strict=False):
        try:
            article_persist_extraction(
                article=item.article, result=result, extractor_version=EXTRACTOR_VERSION, text=text
            )
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the batch
            logger.exception("Re-extraction %s: article %s failed", run.pk, item.article_id)
            _item_finish(item, ReextractionItem.Status.FAILED, f"{type(exc).__name__}: {exc}")
        else:
            status = (
                ReextractionItem.Status.FAILED if result.status == "error" else ReextractionItem.Status.DONE
            )
            _item_finish(item, status, "" if result.ok else result.reason)
    reextraction_finish_if_done(run=run)


def reextraction_fail_waiting(*, run: ReextractionRun, article_ids: Sequence[int], detail: str) -> None:
    """The batch's articles still waiting end as failed with `detail` (a task past its time limit)."""
    for item in run.items.filter(article_id__in=article_ids, status=ReextractionItem.Status.PENDING):
        _item_finish(item, ReextractionItem.Status.FAILED, detail)
    reextraction_finish_if_done(run=run)


def reextraction_finish_if_done(*, run: ReextractionRun) -> None:
    """A run with no article still waiting is finished (once)."""
    ReextractionRun.objects.filter(pk=run.pk, status=ReextractionRun.Status.RUNNING).exclude(
        Exists(ReextractionItem.objects.filter(run=OuterRef("pk"), status=ReextractionItem.Status.PENDING))
    ).update(status=ReextractionRun.Status.FINISHED, finished_at=timezone.now())


__all__ = [
    "REEXTRACT_BATCH_SIZE",
    "RECOVERABLE_STATUSES",
    "FetchError",
    "Submission",
    "SubmissionError",
    "article_delete",
    "article_correct_text",
    "article_dispatch",
    "article_extract_claims",
    "article_fail",
    "article_fetch",
    "article_persist_extraction",
    "article_process",
    "article_rerun_extraction",
    "article_retry",
    "article_store_text",
    "article_submit_file",
    "article_submit_text",
    "article_submit_url",
    "article_supply_text",
    "article_text_check_length",
    "article_text_from_input",
    "articles_for_reextraction",
    "articles_sweep_stuck",
    "reextraction_dispatch",
    "reextraction_fail_waiting",
    "reextraction_resume",
    "reextraction_finish_if_done",
    "reextraction_run_batch",
    "reextraction_start",
]
