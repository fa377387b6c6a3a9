"""The domain events of claims: what happened to claims, for the layers above to act on.

Each is sent by the service in apps/claims/services.py that made the change, right where the change and
its history row are made, inside its transaction (a receiver that acts later uses transaction.on_commit, so
nothing leaves for a change that was rolled back). `sender` is always `Claim`. Model save signals do no
business logic: a claim written any other way (a bare `Claim.objects.create`, a queryset update) announces
nothing.

`claims_extracted(article, claims, reworded)`
    Sent by claims_persist_extraction once per extraction run that went through. `claims`: the Claim rows
    the run found for the first time (bulk-created: on some databases without their ids; a claim the run
    found again keeps its row and is not in them, so alerts do not fire twice). `reworded`: claims found
    again whose words the run changed (a shifted span). Receivers: alerts (a new claim, or one without
    evidence, for its followers; a span that was a claim of this article before is told quietly),
    similarity (links the new and reworded claims to earlier ones), triage (scores them).

`claim_created(claim, user)`
    Sent for a claim added one at a time: an editor's (claim_create_manual), or one added in the Django
    admin (claim_save_in_admin). Receivers: alerts ("no evidence given" or "new claim"; "flagged unsupported"
    too if it was added so; never to the editor who added it), similarity (links it), triage (scores it).

`claim_reviewed(claim, user, changes)`
    Sent when an editor's action changed a claim: review status set, confirm, flag unsupported, dismiss,
    reopen, in bulk or undone (claim_set_review_status, claims_bulk_set_review_status, claim_undo_review),
    an edit (claim_edit), a speaker merge (speaker_merge), a text correction moving it (claims_follow_text),
    a change in the Django admin (claim_save_in_admin). `changes`: {field name: (old, new)} for the fields
    whose values changed, foreign keys as ids, e.g. `{"review_status": ("new", "unsupported"), ...}`; never
    sent with no change. `user`: who made it (None for a command or task without one). Receivers: alerts
    ("flagged unsupported" when review_status became unsupported), similarity (relinks when `content`
    changed), triage (scores it again when a field its features read changed; when it was flagged
    unsupported, the speaker's unreviewed claims too).

`claims_repeats_counted(claim_ids)`
    Sent by claims_set_said_before when the number of earlier claims of the same speaker that a claim
    repeats (Claim.said_before, counted by apps/similarity from its links) changed. Receivers: triage
    (scores them again: "said before by this speaker").

`claims_counted(claim_ids, speaker_ids)`
    Sent by apps/claims/counts.py `claims_recount` after every service's write (created, changed or deleted
    claims: `claim_ids`; `speaker_ids`: speakers merged away), inside its transaction, once the claims'
    own count tables are up to date. Receiver: accuracy (its count tables, in the same transaction).

The receivers are in apps/alerts/signals.py, apps/similarity/signals.py and apps/triage/signals.py; docs/operations.md ("Domain
events") lists them too.
"""

from django.dispatch import Signal

claims_extracted = Signal()
claim_created = Signal()
claim_reviewed = Signal()
claims_repeats_counted = Signal()
claims_counted = Signal()
