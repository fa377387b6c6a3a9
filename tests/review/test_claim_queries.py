"""The claim page's and each review action's number of queries, pinned: they are what the 20-editor load
(bench/load.py) costs per request, so one more must be a choice, not an accident. Each count is the same
with 1 or 6 notes, links and decisions on the claim (no query per row)."""

import pytest

from apps.claims.models import Claim
from apps.claims.services import claim_add_evidence_link, claim_add_note, claim_confirm, claim_dismiss

from .conftest import HX
from .test_claim import url

pytestmark = pytest.mark.django_db

# every request: the session, the user (with whether they are an editor: apps/accounts/backends.py); the
# claim card: the claim, its article's speakers (the edit form), evidence links, notes, its history, its
# links' and notes' history (one query), "said before"
CARD = 2 + 7
# a decision: the claim locked and checked (its version; with what the card shows), the update, the history
# row, and the transaction around them (BEGIN/COMMIT; a savepoint in the tests)
DECISION = 5
# and the count tables the pages read (apps/claims/counts.py, apps/accuracy/counts.py), in the same
# transaction: the claim's facts, what it counted for (locked), its new tally, the count rows; the accuracy
# app's outcome record, facts (locked), their update and its count rows. A write that changes nothing a
# table counts skips that table's writes.
RECOUNT = 9


def _history(claim: Claim, editor, n: int) -> Claim:
    for i in range(n):
        claim_add_note(claim=claim, user=editor, text=f"note {i}")
        claim_add_evidence_link(claim=claim, user=editor, url=f"https://e.org/{i}")
        claim = claim_confirm(claim=claim, user=editor)
        claim = claim_dismiss(claim=claim, user=editor)
    return claim


@pytest.mark.parametrize("n", [1, 6])
def test_claim_page(editor_client, editor, claim, django_assert_num_queries, n):
    claim = _history(claim, editor, n)
    editor_client.get(claim.get_absolute_url())
    # the card, the previous and next claims (2), the editor's "next claim after an action" setting
    with django_assert_num_queries(CARD + 3):
        assert editor_client.get(claim.get_absolute_url()).status_code == 200
    # htmx asks for the card alone: no neighbours, no setting
    with django_assert_num_queries(CARD):
        assert editor_client.get(claim.get_absolute_url(), **HX).status_code == 200


@pytest.mark.parametrize("n", [1, 6])
@pytest.mark.parametrize(
    "action, data, extra",
    [
        ("claim_confirm", {}, 0),
        # flagged unsupported: triage looks up the speaker's claims waiting, to score them again
        ("claim_flag", {"rationale": "No source.", "rating": 1}, 1),
        ("claim_dismiss", {}, -4),  # from new, a dismissal changes no figure a count row keeps: none written
        ("claim_reopen", {}, 0),
    ],
)
def test_review_decision(editor_client, editor, claim, django_assert_num_queries, action, data, extra, n):
    claim = _history(claim, editor, n)
    with django_assert_num_queries(CARD + DECISION + RECOUNT + extra):
        response = editor_client.post(url(action, claim), {"version": claim.version, **data}, **HX)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_undo(editor_client, editor, claim, django_assert_num_queries, n):
    claim = _history(claim, editor, n)
    claim = claim_confirm(claim=claim, user=editor)
    # + the two history records the undo reads
    with django_assert_num_queries(CARD + DECISION + RECOUNT + 1):
        response = editor_client.post(url("claim_undo", claim), {"version": claim.version}, **HX)
    assert response.status_code == 200 and "Undone" in response["HX-Trigger"]


@pytest.mark.parametrize("n", [1, 6])
def test_edit(editor_client, editor, claim, django_assert_num_queries, n):
    claim = _history(claim, editor, n)
    data = {
        "version": claim.version,
        "start": claim.start,
        "end": claim.end,
        "speaker": claim.speaker_id,
        "kind": "indirect",
        "evidence": "not_provided",
    }
    # + the article's speakers (the form's choices), the chosen speaker, no other claim on that span; the
    # recount reads the claim once less (the edit's own read serves)
    with django_assert_num_queries(CARD + DECISION + RECOUNT + 1):
        response = editor_client.post(url("claim_edit", claim), data, **HX)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 6])
@pytest.mark.parametrize(
    "action, data",
    [("claim_note_add", {"text": "Asked the ministry."}), ("claim_evidence_add", {"url": "https://e.org/x"})],
)
def test_note_and_link(editor_client, editor, claim, django_assert_num_queries, action, data, n):
    claim = _history(claim, editor, n)
    with django_assert_num_queries(CARD + 4):  # + the row and its history row, in a transaction
        response = editor_client.post(url(action, claim), data, **HX)
    assert response.status_code == 200
