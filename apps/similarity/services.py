"""Repeated claims: index claims, link each to the earlier claims that say the same thing, and the editors'
actions on those links. The worker runs `claims_link` (tasks.link_claims) after extraction and whenever an
editor adds or re-words a claim; the desk calls the review actions."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from apps.claims.models import Claim
from apps.claims.services import claim_flag_unsupported, claims_set_said_before
from apps.core.tasks import task_send

from .backends import (
    EMBEDDINGS,
    LEXICAL,
    OFF,
    Backend,
    active_backend,
    encode,
    lexical_text,
    phrase_similarity,
)
from .frames import (
    AGREEMENT_BONUS,
    FRAME_VERSION,
    Verdict,
    agreement_bonus,
    claims_compare,
    frame_of,
    frames_of,
)
from .index import Candidate, index_refresh, matrix_search
from .models import ClaimEmbedding, ClaimLink, ClaimNearMiss
from .selectors import claims_said_before_counts

logger = logging.getLogger(__name__)


class LinkInvalid(Exception):
    """An action the link's state does not allow."""


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- Scheduling -----------------------------------------------------------------------------------


def claims_link_later(*, claim_ids: Iterable[int]) -> None:
    """Send the link task for these claims once the current transaction commits (if matching is on)."""
    ids = sorted({int(pk) for pk in claim_ids if pk})
    if not ids or active_backend().name == OFF:
        return

    def send() -> None:
        try:
            task_send("similarity.link_claims", ids)
        except Exception:  # noqa: BLE001 - broker down (kombu raises several types); backfill catches up
            logger.warning("Similarity: broker unavailable; claims %s not linked yet", ids, exc_info=True)

    transaction.on_commit(send)


# --- Indexing and linking -------------------------------------------------------------------------


def claims_index(*, claims: list[Claim], backend: Backend) -> dict[int, ClaimEmbedding]:
    """Each claim's index entry, made (or made again, with a new id) when missing, out of date or from
    another model. Vectors and frames (one small parse per claim) for the new entries are computed in one
    batch, once: candidates are then checked against the stored frames."""
    existing = {e.claim_id: e for e in ClaimEmbedding.objects.filter(claim__in=claims)}
    want_model = backend.model if backend.name == EMBEDDINGS else ""
    stale = [
        c
        for c in claims
        if c.pk not in existing
        or existing[c.pk].content_hash != _hash(c.content)
        or (want_model and existing[c.pk].model != want_model)
        or existing[c.pk].frame.get("v") != FRAME_VERSION
    ]
    if not stale:
        return existing
    vectors = encode([c.content for c in stale], model=want_model) if want_model else None
    frames = frames_of([c.content for c in stale])
    with transaction.atomic():
        ClaimEmbedding.objects.filter(claim__in=stale).delete()
        made = ClaimEmbedding.objects.bulk_create(
            [
                ClaimEmbedding(
                    claim=c,
                    text=lexical_text(c.content),
                    content_hash=_hash(c.content),
                    model=want_model,
                    dim=vectors.shape[1] if vectors is not None else 0,
                    vector=vectors[i].tobytes() if vectors is not None else None,
                    frame=frames[i],
                )
                for i, c in enumerate(stale)
            ]
        )
    if not all(e.pk for e in made):  # a database that does not return ids from bulk_create
        made = list(ClaimEmbedding.objects.filter(claim__in=stale))
    existing.update({e.claim_id: e for e in made})
    return existing


def claims_link(*, claim_ids: Iterable[int], backend: Backend | None = None) -> int:
    """Index the claims and link each to the claims that say the same thing (any speaker, another article).
    A link points from the later claim to the earlier one. Suggestions no longer found are removed; links an
    editor confirmed or rejected are kept as they are. Returns the number of pairs found.

    A fixed number of queries whatever the number of claims: the index is topped up once, the candidates'
    frames and claims are read in one query each, and the links and near misses are written in one
    transaction, new ones in bulk."""
    backend = backend or active_backend()
    if backend.name == OFF:
        return 0
    claims = list(Claim.objects.filter(pk__in=list(claim_ids)).with_said_at().order_by("pk"))
    if not claims:
        return 0
    entries = claims_index(claims=claims, backend=backend)
    linked_before = _linked_claim_ids({c.pk for c in claims})
    matrix = index_refresh(backend)
    min_score = backend.threshold - (2 * AGREEMENT_BONUS if backend.name == LEXICAL else 0.0)
    searched = {}
    for claim in claims:
        entry = entries[claim.pk]
        query = (
            np.frombuffer(bytes(entry.vector), dtype=np.float32) if backend.name == EMBEDDINGS else entry.text
        )
        searched[claim.pk] = matrix_search(
            matrix,
            query=query,
            exclude_claim_ids={claim.pk},
            limit=settings.CLAIMTRACK_SIMILARITY_MAX_LINKS,
            min_score=min_score,
        )
    checked = _matches_checked(claims, entries, searched, backend)
    pairs = _links_replace(claims, {pk: matches for pk, (matches, _) in checked.items()}, backend)
    _near_misses_replace({pk: missed for pk, (_, missed) in checked.items()}, backend)
    claims_said_before_recount(claim_ids={c.pk for c in claims} | linked_before)
    return len(pairs)


def _linked_claim_ids(claim_ids: set[int]) -> set[int]:
    """The later claim of every link that involves one of these claims."""
    links = ClaimLink.objects.filter(Q(claim_id__in=claim_ids) | Q(earlier_claim_id__in=claim_ids))
    return set(links.values_list("claim_id", flat=True))


def claims_said_before_recount(*, claim_ids: Iterable[int]) -> list[int]:
    """Count again how many earlier claims of the same speaker each of these claims, and every claim linked
    to one of them, repeats (links suggested or confirmed), and store it on the claims (Claim.said_before;
    claims_set_said_before tells triage of each count that changed). Returns the claims whose count changed."""
    ids = set(claim_ids)
    ids |= _linked_claim_ids(ids)
    counts = claims_said_before_counts(ids)
    return claims_set_said_before(counts={pk: counts.get(pk, 0) for pk in ids})


Match = tuple[Claim, float, Verdict]


def _matches_checked(
    claims: list[Claim], entries: dict[int, ClaimEmbedding], searched: dict[int, list[Candidate]], backend
) -> dict[int, tuple[list[Match], list[Match]]]:
    """For each claim, (matches, near misses): its candidates whose index row is still current and from
    another article, split by whether the two claims' frames agree where both state a part
    (frames.claims_compare). Two queries for all the claims' candidates."""
    every = [cand for found in searched.values() for cand in found]
    current = (
        dict(ClaimEmbedding.objects.filter(pk__in={c.row_id for c in every}).values_list("pk", "frame"))
        if every
        else {}
    )
    wanted = {c.claim_id for c in every if c.row_id in current}
    others = Claim.objects.with_said_at().in_bulk(wanted) if wanted else {}
    similar = phrase_similarity(backend.model) if backend.name == EMBEDDINGS else None
    out: dict[int, tuple[list[Match], list[Match]]] = {}
    for claim in claims:
        entry, matches, missed = entries[claim.pk], [], []
        for cand in searched[claim.pk]:
            other = others.get(cand.claim_id)
            if other is None or other.article_id == claim.article_id or cand.row_id not in current:
                continue
            frame = current[cand.row_id]
            if frame.get("v") != FRAME_VERSION:  # indexed before frames (or by an older reader): read it now
                frame = frame_of(other.content)
            verdict = claims_compare(
                claim.content,
                entry.frame,
                other.content,
                frame,
                similar=similar,
                by_words=backend.name == LEXICAL,
            )
            if not verdict.same:
                missed.append((other, cand.score, verdict))
                continue
            score = min(1.0, cand.score + (agreement_bonus(verdict) if backend.name == LEXICAL else 0.0))
            if score >= backend.threshold and len(matches) < settings.CLAIMTRACK_SIMILARITY_MAX_LINKS:
                matches.append((other, score, verdict))
        matches.sort(key=lambda match: -match[1])
        out[claim.pk] = (matches, missed)
    return out


def _ordered(a: Claim, b: Claim) -> tuple[Claim, Claim]:
    """(later, earlier) by when each was said; ties by id."""
    return (a, b) if (a.said_at, a.pk) > (b.said_at, b.pk) else (b, a)


@transaction.atomic
def _links_replace(
    claims: list[Claim], matches: dict[int, list[Match]], backend: Backend
) -> set[frozenset[int]]:
    """Each claim's links made to be its matches, claim after claim as if each were linked alone (a later
    claim's view of a pair it shares with an earlier one wins), with the links involving the claims locked
    (in id order) and read in one query, the new ones inserted in one (in pair order: two workers inserting
    the same pairs wait for each other, not deadlock)."""
    ids = [c.pk for c in claims]
    rows = ClaimLink.objects.select_for_update().filter(Q(claim_id__in=ids) | Q(earlier_claim_id__in=ids))
    links: dict[frozenset[int], ClaimLink] = {
        frozenset((link.claim_id, link.earlier_claim_id)): link for link in rows.order_by("pk")
    }
    changed: dict[int, ClaimLink] = {}  # stored links to save, by id
    gone: dict[int, ClaimLink] = {}  # stored links to delete, by id
    found_all: set[frozenset[int]] = set()
    for claim in claims:
        involving = [pair for pair in links if claim.pk in pair]
        found: set[frozenset[int]] = set()
        for other, score, verdict in matches.get(claim.pk, []):
            pair = frozenset((claim.pk, other.pk))
            found.add(pair)
            link = links.get(pair)
            score = round(float(score), 4)
            if link is None:
                later, earlier = _ordered(claim, other)
                links[pair] = ClaimLink(
                    claim=later,
                    earlier_claim=earlier,
                    score=score,
                    method=backend.name,
                    model=backend.model,
                    reasons=verdict.matched,
                )
            elif link.status == ClaimLink.Status.SUGGESTED and (link.score, link.method, link.reasons) != (
                score,
                backend.name,
                verdict.matched,
            ):
                link.score, link.method, link.model = score, backend.name, backend.model
                link.reasons = verdict.matched
                if link.pk:
                    changed[link.pk] = link
        for pair in involving:
            link = links[pair]
            if pair not in found and link.status == ClaimLink.Status.SUGGESTED:
                del links[pair]
                if link.pk:
                    changed.pop(link.pk, None)
                    gone[link.pk] = link
        found_all |= found
    for link in changed.values():
        link.save(update_fields=["score", "method", "model", "reasons", "updated_at"])
    for link in gone.values():
        link.delete()
    _links_create(sorted((link for link in links.values() if not link.pk), key=_pair_key))
    return found_all


def _pair_key(link: ClaimLink) -> tuple[int, int]:
    return link.claim.pk, link.earlier_claim.pk


def _links_create(new: list[ClaimLink]) -> None:
    """Insert new links with their history in one go. If another worker process linked one of the same pairs
    (from the other claim) after they were read, the bulk insert fails as a whole: then each goes in alone,
    that worker's link stands, and the rest still go in."""
    if not new:
        return
    try:
        with transaction.atomic():  # a savepoint: the race must not spoil the whole task
            bulk_create_with_history(new, ClaimLink)
        return
    except IntegrityError:
        logger.info("Links: a pair among %s was made meanwhile by another worker; one at a time", len(new))
    for link in new:
        link.pk = None
        link._state.adding = True
        try:
            with transaction.atomic():
                link.save()
        except IntegrityError:
            logger.info("Link %s-%s already made by another worker", link.claim_id, link.earlier_claim_id)


@transaction.atomic
def _near_misses_replace(missed: dict[int, list[Match]], backend: Backend) -> None:
    """Keep the close candidates the frames told apart, with why, for editors who ask to see them."""
    ClaimNearMiss.objects.filter(claim_id__in=list(missed)).delete()
    ClaimNearMiss.objects.bulk_create(
        [
            ClaimNearMiss(
                claim_id=claim_id,
                other=other,
                score=round(float(score), 4),
                method=backend.name,
                reason=verdict.conflict[:300],
            )
            for claim_id, found in missed.items()
            for other, score, verdict in found[: settings.CLAIMTRACK_SIMILARITY_MAX_LINKS]
        ],
        ignore_conflicts=True,
    )


# --- Editors' actions -----------------------------------------------------------------------------


@transaction.atomic
def claim_link_review(*, link: ClaimLink, user, status: str) -> ClaimLink:
    """Confirm or reject a suggested link (or change an earlier decision). Recorded in the link's history."""
    if status not in (ClaimLink.Status.CONFIRMED, ClaimLink.Status.REJECTED):
        raise LinkInvalid(f"A link can be confirmed or rejected, not {status!r}.")
    link = ClaimLink.objects.select_for_update().get(pk=link.pk)
    link.status = status
    link.reviewed_by, link.reviewed_at = user, timezone.now()
    link._history_user = user
    link.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    claims_said_before_recount(claim_ids=[link.claim_id])
    return link


def claim_link_confirm(*, link: ClaimLink, user) -> ClaimLink:
    return claim_link_review(link=link, user=user, status=ClaimLink.Status.CONFIRMED)


def claim_link_reject(*, link: ClaimLink, user) -> ClaimLink:
    return claim_link_review(link=link, user=user, status=ClaimLink.Status.REJECTED)


def claims_flag_carry_targets(claim: Claim) -> list[Claim]:
    """The claims a flag on `claim` would be carried to: confirmed links, still new."""
    ids = [
        link.earlier_claim_id if link.claim_id == claim.pk else link.claim_id
        for link in ClaimLink.objects.involving(claim.pk).filter(status=ClaimLink.Status.CONFIRMED)
    ]
    return list(Claim.objects.filter(pk__in=ids, review_status=Claim.ReviewStatus.NEW).order_by("pk"))


@transaction.atomic
def claim_links_carry_flag(*, claim: Claim, user) -> list[Claim]:
    """Flag unsupported every claim confirmed to say the same as `claim` (itself flagged unsupported) and not
    yet reviewed, each through claim_flag_unsupported with a note saying where the flag came from."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.review_status != Claim.ReviewStatus.UNSUPPORTED:
        raise LinkInvalid("Only a claim flagged unsupported can carry its flag to the claims linked to it.")
    flagged = []
    for other in claims_flag_carry_targets(claim):
        note = (
            f"Flag carried from claim #{claim.pk}, confirmed to say the same thing: “{claim.content[:200]}”"
        )
        flagged.append(claim_flag_unsupported(claim=other, user=user, note=note))
    return flagged
