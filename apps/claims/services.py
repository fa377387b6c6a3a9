"""Claims and speakers: persisting extraction results, review actions, speaker matching and merging.

Every action an editor takes goes through one function here; each bumps the claim's `version` so two
editors saving the same claim cannot overwrite each other, and django-simple-history records who changed
what (the request's user, or `user` passed explicitly for tasks and commands).

What an action sets off is sent from it, where the change and its history row are made: one domain event of
apps/claims/signals.py (`claims_extracted`, `claim_created`, `claim_reviewed` with what changed); alerts and
similarity listen (their receivers are listed there).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from apps.extraction.lexicon import ORG_NOUNS

from .counts import claims_recount, claims_recount_batched
from .models import Claim, EvidenceLink, Note, ReviewerPreference, Speaker, SpeakerAlias, normalise_name
from .selectors import CLAIM_RELATED
from .signals import claim_created, claim_reviewed, claims_extracted, claims_repeats_counted
from .textmap import TextMap

if TYPE_CHECKING:
    from apps.articles.models import Article
    from apps.extraction.types import ClaimCandidate


class ClaimConflict(Exception):
    """Someone else saved the claim since this editor loaded it."""

    def __init__(self, claim: Claim, changed: dict[str, tuple[object, object]]):
        self.claim = claim
        self.changed = changed
        super().__init__("This claim was changed by someone else while you were editing it.")


class ClaimInvalid(Exception):
    """An edit that would leave the claim wrong (a span outside the text, overlapping another claim)."""


# --- Speakers -----------------------------------------------------------------------------------


def speaker_resolve(*, name: str, kind: str = Speaker.Kind.PERSON, aliases: Iterable[str] = ()) -> Speaker:
    """The one canonical Speaker for a name, shared across articles. Matches the normalised name or any
    known alias; records the other surface forms as new aliases. Groups ("officials") match only exactly."""
    key = normalise_name(name) or name.strip().lower()
    speaker = _speaker_by_key(key)
    if speaker is None and kind == Speaker.Kind.PERSON:
        # "Putin" in one article, "Vladimir Putin" in another: a single surname may match an existing
        # full name only when exactly one person has it.
        speaker = _speaker_by_surname(key)
    if speaker is None:
        try:
            with transaction.atomic():
                speaker = Speaker.objects.create(name=name.strip()[:300], kind=kind)
        except IntegrityError:
            speaker = Speaker.objects.get(normalised_name=key)
    elif len(key.split()) > len(speaker.normalised_name.split()) and kind == Speaker.Kind.PERSON:
        # a fuller name than the one we had becomes canonical; the old one stays an alias
        _alias_add(speaker, speaker.name)
        speaker.name = name.strip()[:300]
        speaker.save(update_fields=["name", "updated_at"])
    for alias in {name, *aliases}:
        _alias_add(speaker, alias)
    return speaker


def _speaker_by_key(key: str) -> Speaker | None:
    speaker = Speaker.objects.filter(normalised_name=key).first()
    if speaker is None:
        alias = SpeakerAlias.objects.select_related("speaker").filter(normalised_name=key).first()
        speaker = alias.speaker if alias else None
    while speaker is not None and speaker.merged_into_id:
        speaker = speaker.merged_into
    return speaker


def _speaker_by_surname(key: str) -> Speaker | None:
    """A lone surname matches the one person whose full name ends with it, and a full name matches the one
    person known only by its surname; two candidates are ambiguous, so neither matches."""
    words = key.split()
    people = Speaker.objects.filter(kind=Speaker.Kind.PERSON, merged_into__isnull=True)
    if len(words) == 1:
        candidates = list(people.filter(normalised_name__endswith=f" {key}")[:2])
    else:
        candidates = list(people.filter(normalised_name=words[-1])[:2])
    return candidates[0] if len(candidates) == 1 else None


def _alias_add(speaker: Speaker, alias: str) -> None:
    key = normalise_name(alias)
    if not key or key == speaker.normalised_name:
        return
    if SpeakerAlias.objects.filter(normalised_name=key).exists():
        return
    try:
        with transaction.atomic():
            SpeakerAlias.objects.create(speaker=speaker, name=alias.strip()[:300], normalised_name=key)
    except IntegrityError:
        pass


def speaker_kind_guess(name: str) -> str:
    """A first guess at what kind of speaker a typed name is, for the editor to correct: an organisation when
    a word of it is one the extractor takes for a body that speaks as one (lexicon.ORG_NOUNS: "Department for
    Transport", "Leeds City Council") or it is an acronym ("NHS"); a group when it is a lower-case plural
    ("officials", "local residents"); else a person."""
    words = [w for w in re.split(r"[^\w'-]+", name.strip()) if w]
    if not words:
        return Speaker.Kind.PERSON
    if any(w.lower() in ORG_NOUNS for w in words) or any(len(w) >= 2 and w.isupper() for w in words):
        return Speaker.Kind.ORGANISATION
    if name.strip() == name.strip().lower() and words[-1].lower().endswith("s"):
        return Speaker.Kind.GROUP
    return Speaker.Kind.PERSON


def speaker_for_editor(*, name: str, kind: str = "", user=None) -> Speaker:
    """The speaker an editor typed: matched or created as speaker_resolve does, as the kind they chose (else
    as guessed). A kind the editor chose corrects a speaker already stored with another (audited)."""
    chosen = kind in Speaker.Kind.values
    speaker = speaker_resolve(name=name, kind=kind if chosen else speaker_kind_guess(name))
    if chosen and speaker.kind != kind:
        speaker.kind = kind
        speaker._history_user = user
        speaker._change_reason = f"Kind set to {Speaker.Kind(kind).label.lower()} by an editor"
        speaker.save(update_fields=["kind", "updated_at"])
    return speaker


@transaction.atomic
def speaker_merge(*, source: Speaker, target: Speaker, user=None) -> Speaker:
    """Merge `source` into `target`: its claims and aliases follow; `source` stays as a pointer (audited)."""
    if source.pk == target.pk:
        raise ClaimInvalid("A speaker cannot be merged into itself.")
    source = Speaker.objects.select_for_update().get(pk=source.pk)
    # rows locked and the version bumped in Python: simple_history copies the instance into its record, so
    # an F() expression here would fail to insert there
    moved = []
    for claim in Claim.objects.select_for_update().filter(speaker=source).order_by("pk"):
        moved.append(claim.pk)
        claim.speaker = target
        claim.version += 1
        claim._history_user = user
        claim.save(update_fields=["speaker", "version", "updated_at"])
        claim_reviewed.send(sender=Claim, claim=claim, user=user, changes={"speaker": (source.pk, target.pk)})
    SpeakerAlias.objects.filter(speaker=source).update(speaker=target)
    _alias_add(target, source.name)
    source.merged_into = target
    source._history_user = user
    source._change_reason = f"Merged into {target.name} (#{target.pk})"
    source.save(update_fields=["merged_into", "updated_at"])
    claims_recount(moved, speaker_ids=[source.pk])
    return target


# --- Extraction results -------------------------------------------------------------------------


# what the extractor decides about a claim; a run that finds a claim again brings these up to date
_MACHINE_FIELDS = (
    "start",
    "end",
    "content",
    "speaker",
    "speaker_mention",
    "speaker_confident",
    "cue",
    "cue_start",
    "cue_end",
    "kind",
    "evidence",
    "evidence_cue",
    "evidence_start",
    "evidence_end",
    "extractor_version",
)

# a candidate and an earlier claim it does not match exactly are the same claim when the characters both
# cover are at least this share of the characters either covers (a span the new version trims or extends)
SHIFTED_SPAN_MIN_OVERLAP = 0.5


@transaction.atomic
def claims_persist_extraction(
    *, article: Article, candidates: Sequence[ClaimCandidate], extractor_version: str
) -> int:
    """Merge an extraction run's candidates into the article's claims, never losing an editor's work.
    Idempotent. The caller, apps.articles.services.article_persist_extraction, holds the article's row lock
    and records the run on the article (its status and extraction fields); this function writes claims only.

    - A candidate at the span of an existing claim is that claim found again: it keeps its row and id. If
      no editor reviewed, edited or added it, the run's speaker, cue, kind and evidence are written in place
      (a history record, only when something differs).
    - A candidate overlapping a claim an editor touched in any way (`editor_work_ids`: reviewed, edited,
      added, or carrying a note, evidence link, said-before decision, notification...) is dropped.
    - Otherwise a candidate overlapping an untouched machine claim by at least SHIFTED_SPAN_MIN_OVERLAP is
      that claim with a shifted span: moved and updated in place. Anything else is a new claim.
    - Untouched machine claims the run no longer finds are deleted one by one, each deletion in the history.
    What changed is announced by `claims_extracted` (apps/claims/signals.py): the new claims, and the claims
    found again whose words the run changed (claims found again unchanged are not: alerts do not fire twice).
    Returns the number of claims the run found: new ones and ones found again.
    """
    # locked: an editor's review of one of these waits for this run, and this run sees the finished review
    claims = list(article.claims.select_for_update().order_by("start", "pk"))
    ids = [c.pk for c in claims]
    kept_ids = Claim.objects.filter(pk__in=ids).editor_work_ids()
    fixed_ids = Claim.objects.filter(pk__in=ids).decided_ids()
    found, new = _match_candidates(claims, candidates, kept_ids)
    speakers: dict[tuple[str, str], Speaker] = {}
    reworded = []
    for claim in claims:
        if claim.pk not in found and claim.pk not in kept_ids:
            claim._history_user = None
            claim._change_reason = f"No longer found by extractor {extractor_version}"
            claim.delete()
        elif claim.pk in found and claim.pk not in fixed_ids:
            fresh = _claim_from_candidate(article, found[claim.pk], speakers, extractor_version)
            if "content" in _claim_update_from(claim, fresh, f"Found again by extractor {extractor_version}"):
                reworded.append(claim)
    new_claims = [_claim_from_candidate(article, c, speakers, extractor_version) for c in new]
    bulk_create_with_history(new_claims, Claim, default_change_reason=f"Extracted by {extractor_version}")
    claims_recount([*ids, *article.claims.values_list("pk", flat=True)])
    claims_extracted.send(sender=Claim, article=article, claims=new_claims, reworded=reworded)
    return len(found) + len(new_claims)


def _match_candidates(
    claims: list[Claim], candidates: Iterable[ClaimCandidate], kept_ids: set[int]
) -> tuple[dict[int, ClaimCandidate], list[ClaimCandidate]]:
    """Which claim each candidate finds again ({claim pk: candidate}), and the new candidates. Exact spans
    first, so that a shifted match never takes a claim another candidate finds exactly."""
    by_span = {c.span: c for c in claims}
    found: dict = {}
    rest = []
    for candidate in candidates:
        claim = by_span.get(tuple(candidate.content_span))
        if claim is not None and claim.pk not in found:
            found[claim.pk] = candidate
        else:
            rest.append(candidate)
    taken = [c.span for c in claims if c.pk in kept_ids or c.pk in found]
    free = [c for c in claims if c.pk not in kept_ids and c.pk not in found]
    new = []
    for candidate in rest:
        start, end = candidate.content_span
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        shifted = max(free, key=lambda c: _overlap(c.span, (start, end)), default=None)
        if shifted is not None and _overlap(shifted.span, (start, end)) >= SHIFTED_SPAN_MIN_OVERLAP:
            free.remove(shifted)
            found[shifted.pk] = candidate
        else:
            new.append(candidate)
    return found, new


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    both = min(a[1], b[1]) - max(a[0], b[0])
    return max(both, 0) / (max(a[1], b[1]) - min(a[0], b[0]))


def _claim_update_from(claim: Claim, fresh: Claim, reason: str) -> list[str]:
    """Write the run's view of a claim found again into its row, if it differs (else no history record).
    Returns the names of the fields that changed."""
    changed = [name for name in _MACHINE_FIELDS if getattr(claim, name) != getattr(fresh, name)]
    if not changed:
        return changed
    for name in changed:
        setattr(claim, name, getattr(fresh, name))
    claim.version += 1  # an editor's open form on the old values gets a conflict, not a silent overwrite
    claim._history_user = None
    claim._change_reason = reason
    claim.save(update_fields=[*changed, "version", "updated_at"])
    return changed


# --- A corrected article text -------------------------------------------------------------------


class TextCorrectionRefused(ClaimInvalid):
    """A correction that changes the words of claims editors worked on: they cannot move with the text."""

    def __init__(self, claims: list[Claim]):
        self.claims = claims
        named = "; ".join(f"claim {c.pk} “{c.content[:80]}”" for c in claims[:10])
        more = f" and {len(claims) - 10} more" if len(claims) > 10 else ""
        super().__init__(
            f"Nothing was changed: the correction changes the words of {len(claims)} claim"
            f"{'s' if len(claims) != 1 else ''} that editors have worked on, so "
            f"{'they' if len(claims) != 1 else 'it'} cannot move with the text: {named}{more}. Leave "
            "those words as they are, or first edit those claims so that they leave out the words you "
            "are correcting."
        )


@dataclass(frozen=True)
class TextFollowed:
    moved: int  # claims whose spans moved with the text
    removed: int  # untouched machine claims whose words the correction changed (re-extraction looks again)


@transaction.atomic
def claims_follow_text(*, article: Article, new_text: str, user=None) -> TextFollowed:
    """Move the article's claims from its stored text to `new_text`, a corrected version of it (saved by
    the caller, apps.articles.services.article_correct_text, in the same transaction).

    A claim whose words are unchanged moves with them (its span, cue and evidence spans; a cue or evidence
    span whose words changed loses its span, keeps its words). A claim an editor touched in any way whose
    words changed cannot move: TextCorrectionRefused names them and nothing is changed. An untouched
    machine claim whose words changed is deleted (in the history); the re-extraction that follows the
    correction looks at its sentence again."""
    text_map = TextMap(article.text, new_text)
    claims = list(article.claims.select_for_update().order_by("start", "pk"))
    ids = [c.pk for c in claims]
    kept_ids = Claim.objects.filter(pk__in=ids).editor_work_ids()
    stuck = [c for c in claims if c.pk in kept_ids and text_map.move(c.start, c.end) is None]
    if stuck:
        raise TextCorrectionRefused(stuck)
    moves: dict[int, dict[str, int | None]] = {}
    removed = 0
    for claim in claims:
        span = text_map.move(claim.start, claim.end)
        if span is None:
            claim._history_user = user
            claim._change_reason = "Its words were changed by a correction of the article text"
            claim.delete()
            removed += 1
            continue
        fields = {"start": span[0], "end": span[1]}
        for prefix in ("cue", "evidence"):
            start, end = getattr(claim, f"{prefix}_start"), getattr(claim, f"{prefix}_end")
            moved = text_map.move(start, end) if start is not None and end is not None else None
            fields[f"{prefix}_start"], fields[f"{prefix}_end"] = moved or (None, None)
        if any(getattr(claim, name) != value for name, value in fields.items()):
            moves[claim.pk] = fields
    # out of the way first (no history: a step inside this transaction), so that no claim lands on a span
    # another still holds (one span per article)
    aside = len(article.text) + len(new_text) + 1
    Claim.objects.filter(pk__in=moves).update(start=F("start") + aside, end=F("end") + aside)
    for claim in claims:
        if claim.pk in moves:
            before = _snapshot(claim, moves[claim.pk])
            for name, value in moves[claim.pk].items():
                setattr(claim, name, value)
            claim.version += 1
            claim._history_user = user
            claim._change_reason = Claim.MOVED_WITH_TEXT
            claim.save(update_fields=[*moves[claim.pk], "version", "updated_at"])
            _announce_changes(claim, user, before)
    claims_recount(ids)  # (a deleted claim's pk is None by now: the ids read before)
    return TextFollowed(moved=len(moves), removed=removed)


def _claim_from_candidate(
    article: Article, candidate: ClaimCandidate, speakers: dict, extractor_version: str
) -> Claim:
    key = (candidate.speaker, candidate.speaker_kind)
    if key not in speakers:
        speakers[key] = speaker_resolve(
            name=candidate.speaker, kind=candidate.speaker_kind, aliases=candidate.speaker_aliases
        )
    cue_start, cue_end = candidate.cue_span or (None, None)
    ev_start, ev_end = candidate.evidence_span or (None, None)
    return Claim(
        article=article,
        speaker=speakers[key],
        speaker_mention=(candidate.speaker_mention or "")[:300],
        speaker_confident=candidate.speaker_confident,
        content=candidate.content,
        start=candidate.content_span[0],
        end=candidate.content_span[1],
        cue=(candidate.cue or "")[:200],
        cue_start=cue_start,
        cue_end=cue_end,
        kind=candidate.kind,
        evidence=candidate.evidence,
        evidence_cue=(candidate.evidence_cue or "")[:500],
        evidence_start=ev_start,
        evidence_end=ev_end,
        extractor_version=extractor_version,
    )


def reviewer_set_advance(*, user, advance: bool) -> None:
    """Switch the editor's "next claim after an action" setting on or off (kept across sign-ins)."""
    ReviewerPreference.objects.update_or_create(user=user, defaults={"advance_after_action": advance})


# --- Review actions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimEdit:
    content_start: int
    content_end: int
    speaker: Speaker
    kind: str
    evidence: str
    evidence_cue: str = ""
    status: str = ""  # a review status the editor chose; "" keeps the claim's
    cue: str | None = None  # the reporting cue ("said", "told reporters"); None leaves it as it is


def _locked_claim(claim: Claim, expected_version: int | None) -> Claim:
    # with what the claim card shows (CLAIM_RELATED), so answering with the card reads nothing more
    current = Claim.objects.select_for_update(of=("self",)).select_related(*CLAIM_RELATED).get(pk=claim.pk)
    if expected_version is not None and current.version != expected_version:
        raise ClaimConflict(current, _diff(claim, current))
    return current


_DIFF_FIELDS = ("content", "start", "end", "speaker_id", "kind", "evidence", "review_status")


def _diff(before: Claim, after: Claim) -> dict[str, tuple[object, object]]:
    return {
        name: (getattr(before, name), getattr(after, name))
        for name in _DIFF_FIELDS
        if getattr(before, name) != getattr(after, name)
    }


def _snapshot(claim: Claim, fields: Iterable[str]) -> dict[str, object]:
    """The claim's values of these fields (a foreign key as its id), to tell what an action changed."""
    return {name: claim.serializable_value(name) for name in fields}


def _announce_changes(claim: Claim, user, before: dict[str, object]) -> None:
    """Send `claim_reviewed` with the fields whose values differ from `before` ({field: (old, new)}), if any."""
    changes = {
        name: (old, claim.serializable_value(name))
        for name, old in before.items()
        if old != claim.serializable_value(name)
    }
    if changes:
        claim_reviewed.send(sender=Claim, claim=claim, user=user, changes=changes)


def _save_reviewed(
    claim: Claim, user, fields: list[str], before: dict[str, object], reason: str = ""
) -> Claim:
    """Save an editor's change of these fields (the version bumped, the history row written) and announce
    it (`claim_reviewed`, with what changed since `before`)."""
    claim.version += 1
    claim._history_user = user
    if reason:
        claim._change_reason = reason
    claim.save(update_fields=[*fields, "version", "updated_at"])
    claims_recount([claim.pk])
    _announce_changes(claim, user, {name: before[name] for name in fields if name in before})
    return claim


_REVIEW_FIELDS = ["review_status", "reviewed_by", "reviewed_at", "review_rationale", "review_rating"]


def _apply_review_status(
    claim: Claim, user, status: str, rationale: str = "", rating: int | None = None
) -> None:
    if status not in Claim.ReviewStatus.values:
        raise ClaimInvalid(f"Unknown review status {status!r}.")
    if rating is not None and rating not in Claim.Rating.values:
        raise ClaimInvalid(f"Unknown rating {rating!r}.")
    claim.review_status = status
    if status == Claim.ReviewStatus.NEW:
        claim.reviewed_by, claim.reviewed_at = None, None
    else:
        claim.reviewed_by, claim.reviewed_at = user, timezone.now()
    # a rationale and rating belong to a flag; any other decision leaves the rating to the status
    flagged = status == Claim.ReviewStatus.UNSUPPORTED
    claim.review_rationale = rationale.strip()[:1000] if flagged else ""
    claim.review_rating = rating if flagged else None


@transaction.atomic
def claim_set_review_status(
    *,
    claim: Claim,
    user,
    status: str,
    expected_version: int | None = None,
    rationale: str = "",
    rating: int | None = None,
) -> Claim:
    """Confirm, flag unsupported (with an optional rationale and rating), dismiss (or reopen as new)."""
    claim = _locked_claim(claim, expected_version)
    before = _snapshot(claim, _REVIEW_FIELDS)
    _apply_review_status(claim, user, status, rationale, rating)
    return _save_reviewed(claim, user, _REVIEW_FIELDS, before)


def claim_confirm(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    return claim_set_review_status(
        claim=claim, user=user, status=Claim.ReviewStatus.CONFIRMED, expected_version=expected_version
    )


def claim_flag_unsupported(
    *,
    claim: Claim,
    user,
    expected_version: int | None = None,
    note: str = "",
    rationale: str = "",
    rating: int | None = None,
) -> Claim:
    """Flag unsupported. `rationale` (a sentence or two) and `rating` (Claim.Rating, the ClaimReview scale)
    are what the ClaimReview publishes; `note` adds an editor note besides."""
    # the flag and its note in one transaction; a flag alone is claim_set_review_status's own (an outer
    # transaction would make that one a savepoint: two more round trips for nothing)
    with transaction.atomic() if note.strip() else nullcontext():
        claim = claim_set_review_status(
            claim=claim,
            user=user,
            status=Claim.ReviewStatus.UNSUPPORTED,
            expected_version=expected_version,
            rationale=rationale,
            rating=rating,
        )
        if note.strip():
            claim_add_note(claim=claim, user=user, text=note)
    return claim


def claim_dismiss(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    return claim_set_review_status(
        claim=claim, user=user, status=Claim.ReviewStatus.DISMISSED, expected_version=expected_version
    )


@transaction.atomic
def claims_bulk_set_review_status(*, claim_ids: Iterable[int], user, status: str) -> list[Claim]:
    """The same decision on many claims; returns them as saved (with their versions, for an undo)."""
    with claims_recount_batched():
        return [
            claim_set_review_status(claim=claim, user=user, status=status)
            for claim in Claim.objects.filter(pk__in=list(claim_ids)).order_by("pk")
        ]


UNDO_REASON_PREFIX = "Undo of "


@transaction.atomic
def claim_undo_review(*, claim: Claim, user, expected_version: int) -> Claim:
    """Undo the review decision (confirm, flag, dismiss, reopen) that `user` made and that left the claim at
    `expected_version`: its previous status, reviewer, review time, rationale and rating come back from the
    history, the version is bumped, and the history records the undo ("Undo of …"), so both show.

    Refused (ClaimConflict) when the claim changed since, and (ClaimInvalid) when that version was not a
    review decision of this user, or was itself an undo."""
    claim = _locked_claim(claim, expected_version)
    records = list(
        claim.history.filter(version__lte=expected_version)
        .select_related("history_user")
        .order_by("-version", "-history_date", "-history_id")[:2]
    )
    if len(records) < 2 or records[0].version != expected_version:
        raise ClaimInvalid("There is no decision to undo on this claim.")
    done, before = records
    if (done.history_change_reason or "").startswith(UNDO_REASON_PREFIX):
        raise ClaimInvalid("That was already undone.")
    if done.history_user_id != getattr(user, "pk", None):
        raise ClaimInvalid("Only the editor who made a decision can undo it; reopen the claim instead.")
    changed = {c.field for c in done.diff_against(before).changes} - {"updated_at", "version"}
    if not changed or not changed <= set(_REVIEW_FIELDS):
        raise ClaimInvalid("Only a review decision can be undone.")
    label = Claim.ReviewStatus(done.review_status).label
    stored = _snapshot(claim, _REVIEW_FIELDS)
    claim.review_status = before.review_status
    claim.reviewed_by_id, claim.reviewed_at = before.reviewed_by_id, before.reviewed_at
    claim.review_rationale, claim.review_rating = before.review_rationale, before.review_rating
    reason = (
        f"{UNDO_REASON_PREFIX}“{label}” (v{expected_version}): back to {before.get_review_status_display()}"
    )
    return _save_reviewed(claim, user, _REVIEW_FIELDS, stored, reason=reason)


@transaction.atomic
def claims_bulk_undo_review(*, versions: dict[int, int], user) -> int:
    """Undo a bulk decision: each claim {id: version it was left at}. Claims changed since (or not this
    user's decision) are left as they are. Returns how many were undone."""
    undone = 0
    with claims_recount_batched():  # a claim refused is recounted too: unchanged, it adds nothing
        for claim in Claim.objects.filter(pk__in=list(versions)).order_by("pk"):
            try:
                with transaction.atomic():
                    claim_undo_review(claim=claim, user=user, expected_version=versions[claim.pk])
            except (ClaimConflict, ClaimInvalid):
                continue
            undone += 1
    return undone


# what an editor's edit of a claim saves (claim_edit): the extractor's decisions but the mention it read and
# its version, and the mark that an editor edited it
_EDIT_FIELDS = (
    *(name for name in _MACHINE_FIELDS if name not in ("speaker_mention", "extractor_version")),
    "edited",
)


@transaction.atomic
def claim_edit(*, claim: Claim, user, edit: ClaimEdit, expected_version: int | None = None) -> Claim:
    """An editor corrects the span, speaker, cue, kind or evidence flag. The text follows the span. The
    review status stays as it is unless the edit chooses one (`edit.status`)."""
    claim = _locked_claim(claim, expected_version)
    before = _snapshot(claim, [*_EDIT_FIELDS, *_REVIEW_FIELDS])
    text = claim.article.text
    start, end = edit.content_start, edit.content_end
    _check_span(claim.article, start, end, exclude_pk=claim.pk)
    claim.start, claim.end, claim.content = start, end, text[start:end]
    claim.speaker = edit.speaker
    claim.speaker_confident = True  # the editor saw the speaker in the form and kept or changed it
    claim.kind = edit.kind
    if edit.evidence != claim.evidence:
        claim.evidence = edit.evidence
        claim.evidence_cue = edit.evidence_cue[:500] if edit.evidence != Claim.Evidence.NOT_STATED else ""
        claim.evidence_start = claim.evidence_end = None
    if edit.cue is not None and (edit.cue.strip() != claim.cue or (claim.cue and claim.cue_start is None)):
        # a new cue, or one never located in the text: found near the claim, else kept without a span
        claim.cue = edit.cue.strip()[:200]
        claim.cue_start, claim.cue_end = _cue_span(text, claim.cue, start, end)
    claim.edited = True
    fields = list(_EDIT_FIELDS)
    if edit.status and edit.status != claim.review_status:
        _apply_review_status(claim, user, edit.status, claim.review_rationale, claim.review_rating)
        fields += _REVIEW_FIELDS
    return _save_reviewed(claim, user, fields, before)


CUE_SEARCH_WINDOW = 300  # characters either side of the claim where a typed cue is looked for


def _cue_span(text: str, cue: str, start: int, end: int) -> tuple[int | None, int | None]:
    """Where the cue is in the text: its occurrence nearest the claim (outside the claim's words first) within
    CUE_SEARCH_WINDOW characters, matched case-insensitively; (None, None) when it is not there."""
    if not cue:
        return None, None
    lo, hi = max(0, start - CUE_SEARCH_WINDOW), min(len(text), end + CUE_SEARCH_WINDOW)
    pattern = re.compile(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", re.IGNORECASE)
    found = [(m.start(), m.end()) for m in pattern.finditer(text, lo, hi)]
    if not found:
        return None, None

    def distance(span: tuple[int, int]) -> tuple[bool, int]:
        inside = span[0] < end and start < span[1]
        return (inside, start - span[1] if span[1] <= start else span[0] - end)

    return min(found, key=distance)


def _article_locked(article: Article) -> Article:
    """The article's row again, locked (an extraction run of it waits, or is waited for). Its model is
    reached through Claim.article: claims does not import articles."""
    return Claim._meta.get_field("article").related_model.objects.select_for_update().get(pk=article.pk)


def _check_span(article: Article, start: int, end: int, exclude_pk: int | None = None) -> None:
    if not (0 <= start < end <= len(article.text)):
        raise ClaimInvalid("The claim must be a non-empty part of the article text.")
    if not article.text[start:end].strip():
        raise ClaimInvalid("The claim cannot be only white space.")
    clash = article.claims.filter(start=start, end=end).exclude(pk=exclude_pk)
    if clash.exists():
        raise ClaimInvalid("Another claim already has exactly this text.")


@transaction.atomic
def claim_create_manual(
    *,
    article: Article,
    user,
    start: int,
    end: int,
    speaker: Speaker,
    kind: str = Claim.Kind.INDIRECT,
    evidence: str = Claim.Evidence.NOT_STATED,
) -> Claim:
    """A claim the extractor missed, added by an editor from a text selection."""
    article = _article_locked(article)
    _check_span(article, start, end)
    claim = Claim(
        article=article,
        speaker=speaker,
        content=article.text[start:end],
        start=start,
        end=end,
        kind=kind,
        evidence=evidence,
        origin=Claim.Origin.EDITOR,
        edited=True,
        review_status=Claim.ReviewStatus.CONFIRMED,
        reviewed_by=user,
        reviewed_at=timezone.now(),
    )
    claim._history_user = user
    claim.save()
    claims_recount([claim.pk])
    claim_created.send(sender=Claim, claim=claim, user=user)
    return claim


@transaction.atomic
def claim_save_in_admin(*, claim: Claim, user, before: dict[str, object] | None) -> Claim:
    """A claim saved by the Django admin's form (apps/claims/admin.py), as the admin saves it (every field,
    no version bump), announced like any other change: `claim_created` for a claim added there (`before`
    None), else `claim_reviewed` with what changed (`before`: the changed fields' stored values, foreign keys
    as ids)."""
    claim._history_user = user
    claim.save()
    claims_recount([claim.pk])
    if before is None:
        claim_created.send(sender=Claim, claim=claim, user=user)
    else:
        _announce_changes(claim, user, before)
    return claim


@transaction.atomic
def claim_add_note(*, claim: Claim, user, text: str) -> Note:
    if not text.strip():
        raise ClaimInvalid("A note cannot be empty.")
    note = Note(claim=claim, author=user, text=text.strip())
    note._history_user = user
    note.save()
    return note


@transaction.atomic
def claim_add_evidence_link(*, claim: Claim, user, url: str, title: str = "", note: str = "") -> EvidenceLink:
    link = EvidenceLink(claim=claim, url=url, title=title.strip(), note=note.strip(), added_by=user)
    link.full_clean(exclude=["claim", "added_by"])
    link._history_user = user
    link.save()
    return link


def claims_set_worth(*, scores: dict[int, tuple[int, list[dict], str]]) -> int:
    """Store triage scores: {claim id: (score 0-100, reasons, scorer label)}. Machine state: no history row,
    no version bump, so an editor's open form never conflicts with a score the worker wrote meanwhile.
    A claim deleted meanwhile is skipped. Returns how many rows were written."""
    if not scores:
        return 0
    claims = list(Claim.objects.filter(pk__in=list(scores)).only("pk"))
    for claim in claims:
        claim.worth_score, claim.worth_reasons, claim.worth_model = scores[claim.pk]
        claim.worth_score = max(0, min(100, int(claim.worth_score)))
    Claim.objects.bulk_update(claims, ["worth_score", "worth_reasons", "worth_model"], batch_size=500)
    return len(claims)


def claims_set_said_before(*, counts: dict[int, int]) -> list[int]:
    """Store how many earlier claims of the same speaker each claim repeats ({claim id: count}, as
    apps/similarity counts them from its links). Machine state like the triage score: no history row, no
    version bump. Sends `claims_repeats_counted` for the claims whose count changed (a claim deleted
    meanwhile is skipped) and returns their ids."""
    if not counts:
        return []
    changed = [
        Claim(pk=pk, said_before=counts[pk])
        for pk, stored in Claim.objects.filter(pk__in=list(counts)).values_list("pk", "said_before")
        if counts[pk] != stored
    ]
    Claim.objects.bulk_update(changed, ["said_before"], batch_size=1000)  # one query a thousand claims
    claim_ids = sorted(c.pk for c in changed)
    if claim_ids:
        claims_repeats_counted.send(sender=Claim, claim_ids=claim_ids)
    return claim_ids
