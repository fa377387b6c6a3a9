"""Reading repeated claims for the desk: a claim's links, a speaker's clusters of repeated claims."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from apps.claims.models import Claim, Speaker

from .models import ClaimLink, ClaimNearMiss

_RELATED = (
    "claim__speaker",
    "claim__article__source",
    "claim__reviewed_by",
    "earlier_claim__speaker",
    "earlier_claim__article__source",
    "earlier_claim__reviewed_by",
    "reviewed_by",
)


@dataclass
class LinkRow:
    link: ClaimLink
    other: Claim  # the claim at the other end

    @property
    def said_at(self):
        return self.other.article.published_at or self.other.created_at


@dataclass
class ClaimLinks:
    before: list[LinkRow] = field(default_factory=list)  # earlier claims saying the same
    after: list[LinkRow] = field(default_factory=list)  # later claims repeating this one
    rejected: int = 0

    @property
    def count(self) -> int:
        return len(self.before) + len(self.after)


def claim_links_summary(claim: Claim) -> tuple[bool, int]:
    """(whether the claim has any link, how many close claims were not linked to it), in one cheap query."""
    pk = claim.pk
    near = (
        ClaimNearMiss.objects.filter(Q(claim_id=pk) | Q(other_id=pk))
        .order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(n=Count(Case(When(claim_id=pk, then=F("other_id")), default=F("claim_id")), distinct=True))
        .values("n")
    )
    row = (
        Claim.objects.filter(pk=pk)
        .annotate(has_links=Exists(ClaimLink.objects.involving(pk)), near=Coalesce(Subquery(near), 0))
        .values_list("has_links", "near")
        .first()
    )
    return (bool(row[0]), int(row[1])) if row else (False, 0)


def claim_links(claim: Claim, *, has_links: bool | None = None) -> ClaimLinks:
    """Every link to or from the claim, with both claims, their speakers, articles, reviewers. Most claims
    have no link: a cheap first query finds that (or `has_links`, from claim_links_summary), and only then is
    the wide join planned and run."""
    out = ClaimLinks()
    involving = ClaimLink.objects.involving(claim.pk)
    if not (involving.exists() if has_links is None else has_links):
        return out
    links = (
        involving.select_related(*_RELATED)
        .defer(
            "claim__article__text",
            "earlier_claim__article__text",
            "claim__search_vector",
            "earlier_claim__search_vector",
        )
        .order_by("-score", "id")
    )
    for link in links:
        if link.status == ClaimLink.Status.REJECTED:
            out.rejected += 1
            continue
        if link.claim_id == claim.pk:
            out.before.append(LinkRow(link, link.earlier_claim))
        else:
            out.after.append(LinkRow(link, link.claim))
    out.before.sort(key=lambda row: (row.said_at, row.other.pk))
    out.after.sort(key=lambda row: (row.said_at, row.other.pk))
    return out


@dataclass
class NearMissRow:
    near_miss: ClaimNearMiss
    other: Claim

    @property
    def said_at(self):
        return self.other.article.published_at or self.other.created_at


def claim_near_misses(claim: Claim) -> list[NearMissRow]:
    """The close candidates the matcher did not link to the claim (either way round), with why. One query."""
    rows = (
        ClaimNearMiss.objects.filter(Q(claim=claim) | Q(other=claim))
        .select_related("claim__speaker", "claim__article", "other__speaker", "other__article")
        .defer("claim__article__text", "other__article__text", "claim__search_vector", "other__search_vector")
        .order_by("-score", "id")
    )
    out, seen = [], set()
    # the reason as this claim's check worded it ("this claim's figure vs the other's") comes first
    for miss in sorted(rows, key=lambda m: (m.claim_id != claim.pk, -m.score, m.pk)):
        other = miss.other if miss.claim_id == claim.pk else miss.claim
        if other.pk not in seen:
            seen.add(other.pk)
            out.append(NearMissRow(miss, other))
    return out


@dataclass
class Cluster:
    claims: list[Claim]
    confirmed: bool  # every link in it confirmed by an editor

    @property
    def first(self) -> Claim:
        return self.claims[0]


def _said_at(claim: Claim):
    return claim.article.published_at or claim.created_at


def speaker_repeats(speaker: Speaker, *, limit: int = 8) -> list[Cluster]:
    """The speaker's claims that repeat one another, grouped: claims joined by links (suggested or confirmed)
    where both ends are the speaker's. Largest groups first. One query."""
    links = list(
        ClaimLink.objects.shown()
        .filter(Q(claim__speaker=speaker) & Q(earlier_claim__speaker=speaker))
        .select_related("claim__article", "earlier_claim__article")
        .order_by("id")[:2000]
    )
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    claims: dict[int, Claim] = {}
    for link in links:
        claims[link.claim_id], claims[link.earlier_claim_id] = link.claim, link.earlier_claim
        for c in (link.claim, link.earlier_claim):
            c.said_at = _said_at(c)
        parent[find(link.claim_id)] = find(link.earlier_claim_id)
    groups: dict[int, list[Claim]] = {}
    for pk, claim in claims.items():
        groups.setdefault(find(pk), []).append(claim)
    unconfirmed = {find(link.claim_id) for link in links if link.status != ClaimLink.Status.CONFIRMED}
    clusters = [
        Cluster(sorted(members, key=lambda c: (c.said_at, c.pk)), root not in unconfirmed)
        for root, members in groups.items()
    ]
    clusters.sort(key=lambda c: (-len(c.claims), -c.claims[-1].pk))
    return clusters[:limit]


def claims_said_before_counts(claim_ids) -> dict[int, int]:
    """For each claim, how many earlier claims of the same speaker it was linked to (suggested or confirmed):
    "said before by this speaker (3 times)" in the triage reasons."""
    rows = (
        ClaimLink.objects.shown()
        .filter(
            claim_id__in=list(claim_ids),
            claim__speaker__isnull=False,
            earlier_claim__speaker=F("claim__speaker"),
        )
        .values("claim_id")
        .annotate(n=Count("pk"))
        .values_list("claim_id", "n")
    )
    return dict(rows)
