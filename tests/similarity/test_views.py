"""The "Said before" block, its actions, and the speaker page's repeated claims."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.claims.models import Claim, Note
from apps.claims.services import claim_flag_unsupported
from apps.similarity.models import ClaimLink
from apps.similarity.services import claim_link_confirm, claims_link
from tests.factories import ClaimFactory, SpeakerFactory

from .conftest import needs_embeddings, said
from .test_linking import EARLIER, REWORDED

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    speaker = SpeakerFactory(name="Home Secretary")
    earlier = said(EARLIER, speaker=speaker)
    new = said(REWORDED, days=30, speaker=speaker)
    claims_link(claim_ids=[earlier.pk, new.pk])
    return new, earlier, ClaimLink.objects.get()


def _url(name, claim):
    return reverse(f"similarity:{name}", args=[claim.pk])


def test_claim_page_shows_said_before_with_speaker_date_and_review(editor_client, editor, pair):
    new, earlier, link = pair
    claim_flag_unsupported(claim=earlier, user=editor)
    html = editor_client.get(new.get_absolute_url()).content.decode()
    assert 'id="said-before"' in html and "Said before" in html
    block = html[html.index('id="said-before"') :]
    assert EARLIER in block and "Home Secretary" in block and "1 Mar 2025" in block
    assert "Unsupported" in block and f"by {editor.username}" in block
    assert "Matched by word overlap" in block and "Suggested link" in block
    assert "Confirm link" in block and "Reject link" in block
    later = editor_client.get(earlier.get_absolute_url()).content.decode()
    assert "Said again later" in later and REWORDED in later


def test_the_ui_says_which_backend_is_on(editor_client, settings, pair, monkeypatch):
    new = pair[0]
    settings.CLAIMTRACK_SIMILARITY_BACKEND = "auto"
    monkeypatch.setattr("apps.similarity.backends.embeddings_installed", lambda model: False)
    html = editor_client.get(new.get_absolute_url()).content.decode()
    assert "Matched by word overlap (embeddings not installed)" in html


@needs_embeddings
def test_the_ui_names_the_embedding_model(editor_client, settings, pair):
    settings.CLAIMTRACK_SIMILARITY_BACKEND = "auto"
    html = editor_client.get(pair[0].get_absolute_url()).content.decode()
    assert "Matched by sentence embeddings (all-MiniLM-L6-v2)" in html


def test_reader_sees_no_link_actions(reader_client, pair):
    html = reader_client.get(pair[0].get_absolute_url()).content.decode()
    assert "Said before" in html and "Confirm link" not in html and "Reject link" not in html


@pytest.mark.parametrize(("action", "status"), [("link_confirm", "confirmed"), ("link_reject", "rejected")])
def test_editor_confirms_or_rejects_with_htmx_and_it_is_audited(editor_client, editor, pair, action, status):
    new, _, link = pair
    response = editor_client.post(_url(action, new), {"link": link.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="said-before"') and "<html" not in body
    assert "claimtrack:announce" in response["HX-Trigger"]
    link.refresh_from_db()
    assert (link.status, link.reviewed_by) == (status, editor) and link.reviewed_at
    record = link.history.latest()
    assert (record.status, record.history_user) == (status, editor)


def test_plain_post_redirects_back_to_the_block(editor_client, pair):
    new, _, link = pair
    response = editor_client.post(_url("link_confirm", new), {"link": link.pk})
    assert response.status_code == 302 and response["Location"].endswith(f"/claims/{new.pk}/#said-before")


def test_reader_and_anonymous_cannot_act(client, reader_client, pair):
    new, _, link = pair
    assert reader_client.post(_url("link_confirm", new), {"link": link.pk}).status_code == 403
    assert reader_client.post(_url("carry_flag", new)).status_code == 403
    anon = Client().post(_url("link_reject", new), {"link": link.pk})
    assert anon.status_code == 302 and "login" in anon["Location"]
    link.refresh_from_db()
    assert link.status == ClaimLink.Status.SUGGESTED


def test_csrf_token_required(editor, pair):
    new, _, link = pair
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(_url("link_confirm", new), {"link": link.pk}).status_code == 403
    link.refresh_from_db()
    assert link.status == ClaimLink.Status.SUGGESTED


def test_a_link_of_another_claim_is_404(editor_client, pair):
    new, earlier, link = pair
    stranger = said("The bridge will reopen to traffic by May.", days=3)
    assert editor_client.post(_url("link_confirm", stranger), {"link": link.pk}).status_code == 404
    assert editor_client.post(_url("link_confirm", new), {"link": "x"}).status_code == 400


def test_carry_the_flag_to_confirmed_new_linked_claims(editor_client, editor, pair):
    new, earlier, link = pair
    third = said("Police officer numbers are 20,000 lower than in 2010.", days=60)
    claims_link(claim_ids=[third.pk])
    to_third = ClaimLink.objects.get(claim=third, earlier_claim=earlier)  # suggested only: not carried
    claim_link_confirm(link=link, user=editor)
    claim_flag_unsupported(claim=earlier, user=editor)
    html = editor_client.get(earlier.get_absolute_url()).content.decode()
    assert "Carry the flag to linked claims (1)" in html
    response = editor_client.post(_url("carry_flag", earlier), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Flag carried to 1 linked claim." in response["HX-Trigger"]
    new.refresh_from_db(), third.refresh_from_db()
    assert new.review_status == Claim.ReviewStatus.UNSUPPORTED and new.reviewed_by == editor
    assert third.review_status == Claim.ReviewStatus.NEW and to_third.status == "suggested"
    note = Note.objects.get(claim=new)
    assert f"Flag carried from claim #{earlier.pk}" in note.text
    assert new.history.latest().history_user == editor


def test_carrying_needs_a_flagged_claim(editor_client, editor, pair):
    new, earlier, link = pair
    claim_link_confirm(link=link, user=editor)
    response = editor_client.post(_url("carry_flag", earlier), HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    new.refresh_from_db()
    assert new.review_status == Claim.ReviewStatus.NEW


def test_said_before_partial_get(editor_client, pair):
    new = pair[0]
    response = editor_client.get(_url("said_before", new), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert EARLIER in response.content.decode()


def test_speaker_page_groups_repeated_claims(editor_client, editor, pair):
    new, earlier, link = pair
    html = editor_client.get(new.speaker.get_absolute_url()).content.decode()
    block = html[html.index("Repeated claims") :]
    assert "Said 2 times" in block and EARLIER in block and REWORDED in block and "1 Mar 2025" in block
    assert "Includes suggested links" in block
    claim_link_confirm(link=link, user=editor)
    html = editor_client.get(new.speaker.get_absolute_url()).content.decode()
    assert "Confirmed by editors" in html


def test_claim_block_costs_one_query_without_links_and_two_with(
    editor_client, pair, django_assert_num_queries
):
    """Most claims have no link: one cheap query (that also counts the close claims not linked). With links,
    one more that fetches them all, joined."""
    from apps.similarity.views import said_before_context

    lone = ClaimFactory()
    with django_assert_num_queries(1):
        assert said_before_context(None, lone)["links"].count == 0
    with django_assert_num_queries(2):
        ctx = said_before_context(None, pair[0])
        assert ctx["links"].count == 1


def test_the_link_says_why_and_close_claims_not_linked_are_shown_on_request(editor_client):
    """The issue's example: the same figure and actor link; another figure is held back, with the reason,
    and an editor sees it only on asking."""
    earlier = said("2.4 million people waited more than 18 weeks for hospital treatment.")
    other_figure = said("4.2 million people waited more than 18 weeks for hospital treatment.", days=5)
    new = said("Some 2.4m patients had been on the waiting list for over 18 weeks.", days=30)
    claims_link(claim_ids=[earlier.pk, other_figure.pk, new.pk])
    link = ClaimLink.objects.get()
    assert {link.claim, link.earlier_claim} == {new, earlier}
    html = editor_client.get(new.get_absolute_url()).content.decode()
    start = html.index('id="said-before"')
    block = html[start : html.index("</section>", start)]
    assert "Why linked:" in block and "same figures: 126 days, 2.4m" in block
    assert "4.2 million" not in block and "Show 1 close claim not linked, and why" in block
    shown = editor_client.get(_url("said_before", new) + "?near_misses=1", HTTP_HX_REQUEST="true")
    body = shown.content.decode()
    assert "Close but not the same" in body and "4.2 million people waited" in body
    assert "Not linked:</span> other figure: 126 days, 2.4m vs 126 days, 4.2m." in body
    plain = editor_client.get(new.get_absolute_url() + "?near_misses=1").content.decode()
    assert "Not linked:</span> other figure" in plain


def test_roles_swapped_is_not_linked_and_says_so(editor_client):
    earlier = said("Acme will buy Borel for £9 million.")
    swapped = said("Borel will buy Acme for £9 million.", days=2)
    claims_link(claim_ids=[earlier.pk, swapped.pk])
    assert not ClaimLink.objects.exists()
    html = editor_client.get(_url("said_before", swapped) + "?near_misses=1", HTTP_HX_REQUEST="true")
    assert "Not linked:</span> roles swapped" in html.content.decode()
