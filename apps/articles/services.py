"""Everything that creates or changes an Article: submissions, fetching, status, the stuck sweep."""

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .cleaning import CleaningError, clean_html, clean_plain_text, decode_bytes
from .fetch import FetchError, fetch_url
from .models import Article, content_hash

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
    from .tasks import process_article

    def send() -> None:
        try:
            process_article.delay(article.pk)
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


@transaction.atomic
def article_submit_text(
    *, text: str, title: str = "", user=None, origin: str = Article.Origin.PASTE, source=None
) -> Submission:
    text = clean_plain_text(text or "")
    if not text.strip():
        raise SubmissionError("The text is empty.")
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
            cleaned = clean_html(decoded)
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


def article_fail(*, article: Article, error: str) -> None:
    article_set_status(article=article, status=Article.Status.FAILED, error=error[:2000] or "Unknown error.")


def article_process(*, article: Article) -> None:
    """One step of the pipeline: fetch if the text is missing, then extract claims."""
    from apps.claims.services import article_extract_claims

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


@transaction.atomic
def article_rerun_extraction(*, article: Article) -> None:
    """An editor asks for extraction again: unreviewed machine claims will be replaced, reviewed kept."""
    if not article.text:
        raise SubmissionError("This article has no text to extract claims from.")
    Article.objects.filter(pk=article.pk).update(attempts=0)
    article.attempts = 0
    article_set_status(article=article, status=Article.Status.EXTRACTING)
    article_dispatch(article=article)


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


__all__ = [
    "FetchError",
    "Submission",
    "SubmissionError",
    "article_dispatch",
    "article_fail",
    "article_fetch",
    "article_process",
    "article_rerun_extraction",
    "article_store_text",
    "article_submit_file",
    "article_submit_text",
    "article_submit_url",
    "articles_sweep_stuck",
]
