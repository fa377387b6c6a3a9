import pytest
from django.test import Client
from django.urls import reverse

from apps.claims.models import Claim, EvidenceLink, Note
from apps.claims.services import claim_add_evidence_link, claim_add_note, claim_confirm

from .conftest import HX, ArticleFactory, ClaimFactory, SpeakerFactory, make_claims

pytestmark = pytest.mark.django_db

ACTIONS = [
    "claim_confirm",
    "claim_flag",
    "claim_dismiss",
    "claim_reopen",
    "claim_edit",
    "claim_note_add",
    "claim_evidence_add",
]


def url(name, claim):
    return reverse(f"review:{name}", args=[claim.pk])


@pytest.fixture
def seeded_claim(db):
    """A claim in its paragraph, with a cue and an evidence cue."""
    text = (
        "Kazakhstan unrest.\nMr Putin said Kazakhstan had been targeted by international terrorism, but he "
        "provided no evidence for this claim.\nAnother paragraph."
    )
    article = ArticleFactory(text=text)
    start = text.index("Kazakhstan had")
    end = text.index(", but")
    ev = text.index("provided no evidence")
    cue = text.index("said")
    return ClaimFactory(
        article=article,
        start=start,
        end=end,
        cue="said",
        cue_start=cue,
        cue_end=cue + 4,
        evidence="not_provided",
        evidence_cue="provided no evidence for this claim",
        evidence_start=ev,
        evidence_end=ev + 35,
    )


def test_full_page_highlights_claim_cue_and_evidence_in_its_paragraph(editor_client, seeded_claim):
    response = editor_client.get(seeded_claim.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200 and "<html" in body
    assert '<mark class="hl hl-claim status-new"' in body
    assert ">Kazakhstan had been targeted by international terrorism</mark>" in body
    assert '<mark class="hl hl-evidence"' in body and ">provided no evidence for this claim</mark>" in body
    assert '<mark class="hl hl-cue"' in body and ">said</mark>" in body
    assert "Another paragraph" not in body  # only the claim's paragraph
    start = seeded_claim.start
    assert f'data-start="{start}"' in body
    assert reverse("review:article", args=[seeded_claim.article_id]) in body
    assert reverse("review:speaker", args=[seeded_claim.speaker_id]) in body
    for label in ("Confirm", "Flag unsupported", "Dismiss", "Edit the claim"):
        assert label in body


def test_article_text_is_escaped(editor_client):
    article = ArticleFactory(text='He said <script>alert("x")</script> was fine.')
    claim = ClaimFactory(article=article, start=8, end=35)
    body = editor_client.get(claim.get_absolute_url()).content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;alert" in body


def test_htmx_gets_the_card_partial(editor_client, claim):
    response = editor_client.get(claim.get_absolute_url(), **HX)
    assert b'id="claim-card"' in response.content and b"<html" not in response.content
    assert "HX-Request" in response["Vary"]


def test_missing_claim_is_404(editor_client):
    assert editor_client.get(reverse("review:claim", args=[999999])).status_code == 404
    for name in ACTIONS:
        assert editor_client.post(reverse(f"review:{name}", args=[999999])).status_code == 404


def test_a_reader_is_refused_before_the_claim_is_looked_up(reader_client, client):
    """@editor_required runs first: a reader's action on a missing claim is 403, which says nothing of
    whether the claim exists; anonymous visitors are sent to sign in."""
    for name in ACTIONS:
        assert reader_client.post(reverse(f"review:{name}", args=[999999])).status_code == 403
    client.logout()
    response = client.post(reverse("review:claim_confirm", args=[999999]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_reader_sees_the_claim_without_action_buttons(reader_client, claim):
    body = reader_client.get(claim.get_absolute_url()).content.decode()
    assert claim.content in body
    for marker in ('data-key="c"', 'data-key="u"', 'data-key="d"', 'id="edit-claim"', "Add note", "Add link"):
        assert marker not in body
    assert "only editors can review" in body


@pytest.mark.parametrize("name", ACTIONS)
def test_every_action_is_refused_for_a_reader(reader_client, claim, name):
    response = reader_client.post(url(name, claim), {"version": 1, "text": "x", "url": "https://e.org"})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.version == 1 and not Note.objects.exists() and not EvidenceLink.objects.exists()


@pytest.mark.parametrize("name", ACTIONS)
def test_every_action_needs_a_csrf_token(csrf_editor_client, claim, name):
    response = csrf_editor_client.post(url(name, claim), {"version": 1, "text": "x"})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.version == 1


@pytest.mark.parametrize("name", ["claim_confirm", "claim_flag", "claim_dismiss"])
def test_actions_are_post_only(editor_client, claim, name):
    assert editor_client.get(url(name, claim)).status_code == 405


@pytest.mark.parametrize(
    "name,status",
    [("claim_confirm", "confirmed"), ("claim_flag", "unsupported"), ("claim_dismiss", "dismissed")],
)
def test_review_actions_by_htmx_answer_the_card(editor_client, editor, claim, name, status):
    response = editor_client.post(url(name, claim), {"version": 1}, **HX)
    assert response.status_code == 200
    assert b'id="claim-card"' in response.content and b"<html" not in response.content
    assert "claimtrack:announce" in response["HX-Trigger"]
    claim.refresh_from_db()
    assert (claim.review_status, claim.reviewed_by, claim.version) == (status, editor, 2)
    last = claim.history.first()
    assert last.review_status == status and last.history_user == editor


def test_review_action_without_javascript_redirects_back_with_the_filter(editor_client, claim):
    response = editor_client.post(url("claim_flag", claim) + "?status=new&q=bridge", {"version": 1})
    assert response.status_code == 302
    assert response["Location"] == f"{claim.get_absolute_url()}?q=bridge&status=new"
    page = editor_client.get(response["Location"])
    assert "Claim flagged unsupported." in page.content.decode()


def test_reopen(editor_client, claim):
    claim_confirm(claim=claim, user=None)
    editor_client.post(url("claim_reopen", claim), {"version": 2}, **HX)
    claim.refresh_from_db()
    assert claim.review_status == "new" and claim.reviewed_at is None


def test_concurrent_decisions_second_is_refused_with_409(client, editor, claim):
    other = Client()
    other.force_login(editor)  # the same editor in a second tab counts too
    client.force_login(editor)
    first = client.post(url("claim_confirm", claim), {"version": 1}, **HX)
    assert first.status_code == 200
    second = other.post(url("claim_dismiss", claim), {"version": 1}, **HX)
    assert second.status_code == 409
    body = second.content.decode()
    assert "Not saved" in body and "status" in body and "Confirmed" in body
    claim.refresh_from_db()
    assert claim.review_status == "confirmed" and claim.version == 2


def test_concurrent_edits_409_shows_what_changed_and_both_versions_stay_in_history(client, claim):
    from tests.factories import EditorFactory

    alice, bob = EditorFactory(username="alice"), EditorFactory(username="bob")
    client.force_login(alice)
    bob_client = Client()
    bob_client.force_login(bob)
    text = claim.article.text
    new_speaker = SpeakerFactory(name="Jane Doe")
    alice_edit = {
        "version": 1,
        "start": 0,
        "end": 19,
        "new_speaker": "Jane Doe",
        "kind": "direct",
        "evidence": "not_stated",
    }
    assert client.post(url("claim_edit", claim), alice_edit, **HX).status_code == 200
    bob_edit = {
        "version": 1,
        "start": claim.start,
        "end": claim.end,
        "speaker": claim.speaker_id,
        "kind": "indirect",
        "evidence": "not_provided",
    }
    response = bob_client.post(url("claim_edit", claim), bob_edit, **HX)
    assert response.status_code == 409
    body = response.content.decode()
    assert "alice changed this claim" in body
    assert "Jane Doe" in body and "Direct quote" in body  # what alice changed, before → after
    assert 'value="not_provided" selected' in body  # bob's values kept in the form to retry
    assert 'name="version" value="2"' in body
    claim.refresh_from_db()
    assert claim.content == text[0:19] and claim.speaker == new_speaker and claim.evidence == "not_stated"
    versions = {h.version: h for h in claim.history.all()}
    assert versions[1].content != versions[2].content  # the original and alice's version are both kept
    assert versions[2].history_user.username == "alice"


def test_edit_changes_span_speaker_kind_and_evidence(editor_client, editor, claim):
    text = claim.article.text
    response = editor_client.post(
        url("claim_edit", claim),
        {
            "version": 1,
            "start": 0,
            "end": 19,
            "new_speaker": "Brand New Person",
            "kind": "direct",
            "evidence": "not_provided",
        },
        **HX,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.content == text[:19] and claim.speaker.name == "Brand New Person"
    assert claim.kind == "direct" and claim.evidence == "not_provided" and claim.edited
    body = response.content.decode()
    assert "changed the claim" in body and "claim text" in body and "Brand New Person" in body


def test_edit_with_a_bad_span_is_refused_with_422(editor_client, claim):
    response = editor_client.post(
        url("claim_edit", claim),
        {
            "version": 1,
            "start": 10,
            "end": 100000,
            "speaker": claim.speaker_id,
            "kind": "direct",
            "evidence": "not_stated",
        },
        **HX,
    )
    assert response.status_code == 422
    assert "non-empty part of the article text" in response.content.decode()
    claim.refresh_from_db()
    assert claim.version == 1


def test_edit_needs_a_speaker(editor_client, claim):
    response = editor_client.post(
        url("claim_edit", claim),
        {"version": 1, "start": 0, "end": 5, "kind": "direct", "evidence": "not_stated"},
        **HX,
    )
    assert response.status_code == 422 and "Choose a speaker" in response.content.decode()


def test_add_note_and_evidence_link_inline_and_in_the_history(editor_client, editor, claim):
    response = editor_client.post(url("claim_note_add", claim), {"text": "Asked the ministry."}, **HX)
    assert response.status_code == 200 and "Asked the ministry." in response.content.decode()
    response = editor_client.post(
        url("claim_evidence_add", claim),
        {"url": "https://example.org/report", "title": "UN report", "note": "Contradicts it"},
        **HX,
    )
    body = response.content.decode()
    assert response.status_code == 200 and "UN report" in body and "Contradicts it" in body
    assert "added evidence link “UN report”" in body and "added a note" in body
    assert Note.objects.get().author == editor and EvidenceLink.objects.get().added_by == editor


def test_invalid_note_and_link_are_422(editor_client, claim):
    assert editor_client.post(url("claim_note_add", claim), {"text": ""}, **HX).status_code == 422
    response = editor_client.post(url("claim_evidence_add", claim), {"url": "not a url"}, **HX)
    assert response.status_code == 422 and "Enter a valid URL" in response.content.decode()


def test_audit_shows_who_changed_what_before_and_after(editor_client, editor, claim):
    editor_client.post(url("claim_flag", claim), {"version": 1})
    body = editor_client.get(claim.get_absolute_url()).content.decode()
    assert "<strong>ed</strong> changed the claim" in body
    assert "<del>New</del> → <ins>Unsupported</ins>" in body


def test_next_and_previous_follow_the_filter(editor_client):
    a, b, c, d = make_claims(4)
    Claim.objects.filter(pk=b.pk).update(review_status="confirmed")
    # newest first: d, c, (b is filtered out), a
    response = editor_client.get(c.get_absolute_url(), {"status": "new"})
    assert (response.context["newer_id"], response.context["older_id"]) == (d.pk, a.pk)
    body = response.content.decode()
    assert f'href="/claims/{a.pk}/?status=new"' in body and f'href="/claims/{d.pk}/?status=new"' in body
    unfiltered = editor_client.get(c.get_absolute_url())
    assert unfiltered.context["older_id"] == b.pk


@pytest.mark.parametrize("extra", [1, 6])
def test_fixed_number_of_queries_whatever_the_notes_and_links(
    editor_client, editor, claim, django_assert_num_queries, extra
):
    for i in range(extra):
        claim_add_note(claim=claim, user=editor, text=f"note {i}")
        claim_add_evidence_link(claim=claim, user=editor, url=f"https://e.org/{i}")
        claim_confirm(claim=claim, user=editor)
    editor_client.get(claim.get_absolute_url())
    # session, user (with the editor check), claim, neighbours (2), article speakers, links, notes, claim
    # history, link and note history (one query), "said before" links (apps/similarity), the editor's desk
    # setting ("next claim after an action"); tests/review/test_claim_queries.py pins the card and actions
    with django_assert_num_queries(12):
        editor_client.get(claim.get_absolute_url())
