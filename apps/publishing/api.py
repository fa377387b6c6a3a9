"""The read-only JSON API under /api/ (django-ninja): claims, speakers, articles and sources.

Auth: `Authorization: Bearer <token>` (an ApiToken) or the signed-in session; anything else is 401. Every
signed-in user may read. Only GET routes exist, so every write method is 405. Lists page with limit/offset
(limit capped at MAX_LIMIT) and cost one query a page (select_related, one extra row to know if more follow).
A list answers 422 to a query parameter it does not know (never ignores it) and takes a blank one as absent;
the claims list takes the review queue's names too (`status`, `q`, `date_from`, ...), so a queue URL's
querystring gives the same claims. Human-readable docs: /api/docs (apps/publishing/api_docs.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.security import HttpBearer, SessionAuth
from pydantic import ValidationInfo, field_validator, model_validator

from apps.articles.models import Article
from apps.claims.models import Claim, Speaker
from apps.claims.selectors import CLAIM_RELATED, QueueFilters, claim_get, claims_filtered
from apps.sources.models import Source

from .claimreview import claim_is_publishable
from .models import ApiToken, token_digest
from .services import api_token_touch

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=token_digest(token), user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        api_token_touch(token=api_token)
        request.user = api_token.user
        return api_token.user


def _login_required_401(view):
    """The schema is for signed-in clients too: a token or a session, else 401."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated and BearerToken()(request) is None:
            return JsonResponse({"detail": "Unauthorized"}, status=401)
        return view(request, *args, **kwargs)

    return wrapped


class PublishingAPI(NinjaAPI):
    def get_root_path(self, path_params: dict) -> str:
        # mounted inside apps/publishing/urls.py, so its namespace sits under "publishing:"
        return reverse(f"publishing:{self.urls_namespace}:api-root", kwargs=path_params)


api = PublishingAPI(
    title="Claimtrack API",
    version="1",
    description="Read-only access to claims, speakers, articles and sources. Readable docs: /api/docs; "
    "more in docs/publishing.md.",
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
    docs_url=None,
    docs_decorator=_login_required_401,
)


# --- Schemas ----------------------------------------------------------------------------------------


class SourceRef(Schema):
    id: int
    name: str


class SpeakerRef(Schema):
    id: int
    name: str
    kind: Literal["person", "organisation", "group"]


class ArticleRef(Schema):
    id: int
    title: str
    url: str
    published_at: datetime | None


class ClaimOut(Schema):
    id: int
    content: str
    kind: Literal["direct", "indirect"]
    evidence: Literal["provided", "not_provided", "not_stated"]
    evidence_cue: str
    review_status: Literal["new", "confirmed", "unsupported", "dismissed"]
    reviewed_by: str | None
    reviewed_at: datetime | None
    cue: str
    speaker: SpeakerRef | None
    speaker_mention: str
    speaker_confident: bool = Field(
        description="False when the extractor could not tell who spoke (the queue's “speaker uncertain”)."
    )
    article: ArticleRef
    source: SourceRef | None
    origin: Literal["machine", "editor"]
    created_at: datetime
    updated_at: datetime
    page_url: str = Field(description="The claim's page on the review desk.")
    claimreview_url: str | None = Field(
        description="Its ClaimReview JSON-LD, once an editor has reviewed it."
    )


class SpeakerOut(Schema):
    id: int
    name: str
    kind: Literal["person", "organisation", "group"]
    description: str
    merged_into_id: int | None
    created_at: datetime
    page_url: str


class ArticleOut(Schema):
    id: int
    title: str
    url: str
    canonical_url: str
    byline: str
    published_at: datetime | None
    language: str
    status: str
    origin: str
    source: SourceRef | None
    created_at: datetime
    page_url: str


class SourceOut(Schema):
    id: int
    name: str
    homepage: str
    feed_url: str
    active: bool
    created_at: datetime


class Page(Schema):
    limit: int
    offset: int
    next: str | None = Field(description="The next page's URL, or null on the last page.")


class ClaimPage(Page):
    items: list[ClaimOut]


class SpeakerPage(Page):
    items: list[SpeakerOut]


class ArticlePage(Page):
    items: list[ArticleOut]


class SourcePage(Page):
    items: list[SourceOut]


class ParamProblem(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ParamError(Schema):
    """A 422: a query parameter the endpoint does not know, or a value it cannot take."""

    detail: list[ParamProblem]
    unknown: list[str] | None = Field(None, description="The query parameters the endpoint does not know.")
    accepted: list[str] | None = Field(None, description="The query parameters it takes.")


ReviewStatus = Literal["new", "confirmed", "unsupported", "dismissed"]
EvidenceFlag = Literal["provided", "not_provided", "not_stated"]
ClaimKind = Literal["direct", "indirect"]
ArticleStatus = Literal[tuple(Article.Status.values)]


class Paging(Schema):
    """Every list's paging; its subclasses name the filters. A blank value (`?status=`, as a submitted form
    sends) is the same as leaving the parameter out."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items a page (at most {MAX_LIMIT})")
    offset: int = Field(0, ge=0, description="Items to skip")

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_absent(cls, value: Any, info: ValidationInfo) -> Any:
        return cls.model_fields[info.field_name].default if value == "" else value


class ClaimFilters(Paging):
    review_status: ReviewStatus | None = Field(None, description="Review status")
    status: ReviewStatus | None = Field(None, description="Review status (the queue's name for it)")
    evidence: EvidenceFlag | None = Field(None, description="What the article says about evidence")
    kind: ClaimKind | None = Field(None, description="Direct quote or reported speech")
    speaker: str | None = Field(
        None, max_length=300, description="Speaker id, or part of the speaker's name (as the queue's box)"
    )
    source: int | None = Field(None, description="Source id")
    article: int | None = Field(None, description="Article id")
    q: str | None = Field(None, max_length=200, description="Full-text search of the claim text")
    since: datetime | None = Field(None, description="Added at or after (ISO 8601 date-time)")
    until: datetime | None = Field(None, description="Added at or before (ISO 8601 date-time)")
    date_from: date | None = Field(None, description="Added on or after this day (YYYY-MM-DD, as the queue)")
    date_to: date | None = Field(None, description="Added on or before this day (YYYY-MM-DD, as the queue)")
    speaker_uncertain: bool | None = Field(
        None, description="Only claims whose speaker the extractor could not tell (as the queue's box)"
    )

    @model_validator(mode="after")
    def _one_status(self) -> ClaimFilters:
        if self.status and self.review_status and self.status != self.review_status:
            raise ValueError("status and review_status name the same filter: give one, or the same value")
        return self


class SpeakerFilters(Paging):
    kind: Literal["person", "organisation", "group"] | None = Field(None, description="Kind of speaker")
    q: str | None = Field(None, max_length=200, description="Part of the name")


class ArticleFilters(Paging):
    source: int | None = Field(None, description="Source id")
    status: ArticleStatus | None = Field(None, description="Where the article is in its pipeline")
    since: datetime | None = Field(None, description="Published at or after (ISO 8601 date-time)")
    until: datetime | None = Field(None, description="Published at or before (ISO 8601 date-time)")


class SourceFilters(Paging):
    active: bool | None = Field(None, description="Polled (true) or paused (false)")


class UnknownParameters(Exception):
    def __init__(self, unknown: list[str], accepted: list[str]):
        super().__init__(f"Unknown query parameters: {', '.join(unknown)}")
        self.unknown, self.accepted = unknown, accepted


def accepted_params(filters: type[Paging]) -> list[str]:
    return list(filters.model_fields)


def _reject_unknown_params(request: HttpRequest, filters: Paging) -> None:
    """A parameter the list does not know is an error, never silently ignored (it would return everything)."""
    accepted = accepted_params(type(filters))
    unknown = sorted(set(request.GET) - set(accepted))
    if unknown:
        raise UnknownParameters(unknown, accepted)


@api.exception_handler(UnknownParameters)
def _unknown_parameters(request: HttpRequest, exc: UnknownParameters) -> JsonResponse:
    accepted = ", ".join(exc.accepted)
    body = {
        "detail": [
            {
                "type": "unknown_parameter",
                "loc": ["query", name],
                "msg": f"Unknown query parameter “{name}”. This list takes: {accepted}.",
            }
            for name in exc.unknown
        ],
        "unknown": exc.unknown,
        "accepted": exc.accepted,
    }
    return JsonResponse(body, status=422, json_dumps_params={"ensure_ascii": False})


# --- Serialisers: plain dicts from rows already joined ---------------------------------------------------


def _abs(request: HttpRequest, name: str, pk: int) -> str:
    return request.build_absolute_uri(reverse(name, args=[pk]))


def _source_ref(source: Source | None) -> dict | None:
    return {"id": source.pk, "name": source.name} if source else None


def _claim(request: HttpRequest, c: Claim) -> dict:
    article = c.article
    return {
        "id": c.pk,
        "content": c.content,
        "kind": c.kind,
        "evidence": c.evidence,
        "evidence_cue": c.evidence_cue,
        "review_status": c.review_status,
        "reviewed_by": c.reviewed_by.get_username() if c.reviewed_by else None,
        "reviewed_at": c.reviewed_at,
        "cue": c.cue,
        "speaker": {"id": c.speaker.pk, "name": c.speaker.name, "kind": c.speaker.kind}
        if c.speaker
        else None,
        "speaker_mention": c.speaker_mention,
        "speaker_confident": c.speaker_confident,
        "article": {
            "id": article.pk,
            "title": article.title,
            "url": article.canonical_url or article.url,
            "published_at": article.published_at,
        },
        "source": _source_ref(article.source),
        "origin": c.origin,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "page_url": _abs(request, "review:claim", c.pk),
        "claimreview_url": _abs(request, "publishing:claimreview", c.pk) if claim_is_publishable(c) else None,
    }


def _speaker(request: HttpRequest, s: Speaker) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "kind": s.kind,
        "description": s.description,
        "merged_into_id": s.merged_into_id,
        "created_at": s.created_at,
        "page_url": _abs(request, "review:speaker", s.pk),
    }


def _article(request: HttpRequest, a: Article) -> dict:
    return {
        "id": a.pk,
        "title": a.title,
        "url": a.url,
        "canonical_url": a.canonical_url,
        "byline": a.byline,
        "published_at": a.published_at,
        "language": a.language,
        "status": a.status,
        "origin": a.origin,
        "source": _source_ref(a.source),
        "created_at": a.created_at,
        "page_url": _abs(request, "review:article", a.pk),
    }


def _source(request: HttpRequest, s: Source) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "homepage": s.homepage,
        "feed_url": s.feed_url,
        "active": s.active,
        "created_at": s.created_at,
    }


def _page(request: HttpRequest, qs, paging: Paging, serialise) -> dict:
    """One page of `qs` in one query: limit + 1 rows tell whether a next page exists. Every list pages
    through here, so here is where a list refuses query parameters it does not know."""
    _reject_unknown_params(request, paging)
    rows = list(qs[paging.offset : paging.offset + paging.limit + 1])
    next_url = None
    if len(rows) > paging.limit:
        params = request.GET.copy()
        params["offset"] = str(paging.offset + paging.limit)
        params["limit"] = str(paging.limit)
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {
        "limit": paging.limit,
        "offset": paging.offset,
        "next": next_url,
        "items": [serialise(request, row) for row in rows[: paging.limit]],
    }


# --- Endpoints ----------------------------------------------------------------------------------------

LIST_ERRORS = {422: ParamError}


@api.get("/claims", response={200: ClaimPage, **LIST_ERRORS}, tags=["claims"], url_name="claims")
def list_claims(request, filters: Query[ClaimFilters]):
    """Claims, newest first. Takes the review queue's filters under the queue's names too, so the querystring
    of a queue URL (`/claims/?status=unsupported&speaker=doe`) gives the same claims here."""
    queue = QueueFilters(
        status=filters.status or filters.review_status or "",
        evidence=filters.evidence or "",
        kind=filters.kind or "",
        source_id=filters.source,
        speaker=(filters.speaker or "").strip(),
        date_from=filters.date_from,
        date_to=filters.date_to,
        q=(filters.q or "").strip(),
        speaker_uncertain=bool(filters.speaker_uncertain),
        article_id=filters.article,
        created_since=filters.since,
        created_until=filters.until,
    )
    # the queue's filter; the API's own order (newest first: offsets stay put as claims come in)
    qs = claims_filtered(queue).select_related(*CLAIM_RELATED).order_by("-created_at", "-id")
    return _page(request, qs, filters, _claim)


@api.get("/claims/{int:claim_id}", response=ClaimOut, tags=["claims"], url_name="claim")
def get_claim(request, claim_id: int):
    return _claim(request, claim_get(claim_id))


@api.get("/speakers", response={200: SpeakerPage, **LIST_ERRORS}, tags=["speakers"], url_name="speakers")
def list_speakers(request, filters: Query[SpeakerFilters]):
    """Speakers by name; merged speakers point to the one they were merged into."""
    qs = Speaker.objects.order_by("name", "id")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    return _page(request, qs, filters, _speaker)


@api.get("/speakers/{int:speaker_id}", response=SpeakerOut, tags=["speakers"], url_name="speaker")
def get_speaker(request, speaker_id: int):
    return _speaker(request, get_object_or_404(Speaker, pk=speaker_id))


ARTICLES = Article.objects.select_related("source").defer("text")


@api.get("/articles", response={200: ArticlePage, **LIST_ERRORS}, tags=["articles"], url_name="articles")
def list_articles(request, filters: Query[ArticleFilters]):
    """Articles, newest first (without their text)."""
    qs = ARTICLES.order_by("-created_at", "-id")
    if filters.source is not None:
        qs = qs.filter(source_id=filters.source)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.since:
        qs = qs.filter(published_at__gte=filters.since)
    if filters.until:
        qs = qs.filter(published_at__lte=filters.until)
    return _page(request, qs, filters, _article)


@api.get("/articles/{int:article_id}", response=ArticleOut, tags=["articles"], url_name="article")
def get_article(request, article_id: int):
    return _article(request, get_object_or_404(ARTICLES, pk=article_id))


@api.get("/sources", response={200: SourcePage, **LIST_ERRORS}, tags=["sources"], url_name="sources")
def list_sources(request, filters: Query[SourceFilters]):
    """Sources by name."""
    qs = Source.objects.order_by("name", "id")
    if filters.active is not None:
        qs = qs.filter(active=filters.active)
    return _page(request, qs, filters, _source)


@api.get("/sources/{int:source_id}", response=SourceOut, tags=["sources"], url_name="source")
def get_source(request, source_id: int):
    return _source(request, get_object_or_404(Source, pk=source_id))
