"""schema.org ClaimReview for a reviewed claim, as a dict ready for JSON-LD.

Our review statuses judge the extraction and its support, not the truth of the claim: "confirmed" means an
editor checked that the speaker made this claim as reported; "unsupported" means an editor found it
unsupported. The rating scale says how well supported the claim is as reported (docs/publishing.md):

    1  Unsupported                                 review_status = unsupported (any evidence flag)
    2  Accurately attributed; no evidence given    confirmed, evidence = not_provided
    3  Accurately attributed; evidence not stated  confirmed, evidence = not_stated
    4  Accurately attributed; evidence given       confirmed, evidence = provided

An editor who flags a claim unsupported may choose its rating on this scale (Claim.review_rating) and say
why (Claim.review_rationale); both are published. The review is the newsroom's: its author is the
organisation (CLAIMTRACK_PUBLISHER_NAME), never an editor's username, and every URL of ours starts with
CLAIMTRACK_SITE_URL, never the host a request came in on.

New claims (nobody has reviewed them) and dismissed ones (not a claim) have no ClaimReview.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from apps.claims.models import Claim, Speaker
from apps.core.site import site_url

WORST_RATING = 1
BEST_RATING = 4
PUBLISHABLE_STATUSES = (Claim.ReviewStatus.CONFIRMED, Claim.ReviewStatus.UNSUPPORTED)


@dataclass(frozen=True)
class Rating:
    value: int
    name: str


def _scale(value: int) -> Rating:
    return Rating(value, str(Claim.Rating(value).label))


UNSUPPORTED = _scale(Claim.Rating.UNSUPPORTED)
CONFIRMED_BY_EVIDENCE = {
    Claim.Evidence.NOT_PROVIDED: _scale(Claim.Rating.NO_EVIDENCE),
    Claim.Evidence.NOT_STATED: _scale(Claim.Rating.EVIDENCE_NOT_STATED),
    Claim.Evidence.PROVIDED: _scale(Claim.Rating.EVIDENCE_GIVEN),
}
_EVIDENCE_SENTENCE = {
    Claim.Evidence.NOT_PROVIDED: "The speaker gave no evidence for it.",
    Claim.Evidence.NOT_STATED: "The article does not say whether the speaker gave evidence for it.",
    Claim.Evidence.PROVIDED: "The speaker gave evidence for it.",
}


def claim_is_publishable(claim: Claim) -> bool:
    return claim.review_status in PUBLISHABLE_STATUSES and claim.reviewed_at is not None


def claim_rating(claim: Claim) -> Rating:
    """The rating an editor gave when flagging, else the one the status and evidence flag imply."""
    if claim.review_status == Claim.ReviewStatus.UNSUPPORTED:
        return _scale(claim.review_rating) if claim.review_rating else UNSUPPORTED
    return CONFIRMED_BY_EVIDENCE[Claim.Evidence(claim.evidence)]


def publisher() -> dict:
    org = {"@type": "Organization", "name": settings.CLAIMTRACK_PUBLISHER_NAME}
    if settings.CLAIMTRACK_PUBLISHER_URL:
        org["url"] = settings.CLAIMTRACK_PUBLISHER_URL
    return org


def _speaker_node(speaker: Speaker | None, mention: str) -> dict | None:
    if speaker is None:
        return {"@type": "Person", "name": mention} if mention else None
    kind = "Person" if speaker.kind == Speaker.Kind.PERSON else "Organization"
    return {"@type": kind, "name": speaker.name}


def _review_body(claim: Claim) -> str:
    newsroom = settings.CLAIMTRACK_PUBLISHER_NAME
    who = claim.speaker.name if claim.speaker else (claim.speaker_mention or "The speaker")
    if claim.review_status == Claim.ReviewStatus.UNSUPPORTED:
        verdict = f"{newsroom} found this claim by {who} unsupported."
        rationale = claim.review_rationale.strip()
        if rationale:
            verdict += " " + (rationale if rationale[-1] in ".!?" else rationale + ".")
    else:
        verdict = f"{newsroom} checked that {who} made this claim as reported."
    return f"{verdict} {_EVIDENCE_SENTENCE[Claim.Evidence(claim.evidence)]}"


def claim_review(claim: Claim, *, url: str = "") -> dict:
    """The ClaimReview for a publishable claim (select_related speaker, article, article__source).
    `url` is the page that will carry it; by default our claim page."""
    article = claim.article
    rating = claim_rating(claim)
    appearance = {
        "@type": "CreativeWork",
        "url": article.canonical_url or article.url or site_url(reverse("review:article", args=[article.pk])),
    }
    if article.title:
        appearance["headline"] = article.title
    if article.published_at:
        appearance["datePublished"] = article.published_at.date().isoformat()
    if article.source:
        appearance["publisher"] = {"@type": "Organization", "name": article.source.name}
    item = {"@type": "Claim", "appearance": appearance}
    author = _speaker_node(claim.speaker, claim.speaker_mention)
    if author:
        item["author"] = author
    item["datePublished"] = (article.published_at or claim.created_at).date().isoformat()
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url or site_url(claim.get_absolute_url()),
        "claimReviewed": claim.content,
        "datePublished": claim.reviewed_at.date().isoformat(),
        "author": publisher(),
        "publisher": publisher(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": rating.name,
        },
        "reviewBody": _review_body(claim),
        "itemReviewed": item,
    }
