"""Review in reading order, undo, edits that keep the status, flags with a reason (issue 10)."""

import itertools
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.claims.models import Claim, ReviewerPreference, Speaker
from apps.claims.services import (
    ClaimConflict,
    ClaimEdit,
    ClaimInvalid,
    claim_confirm,
    claim_dismiss,
    claim_edit,
    claim_undo_review,
    speaker_kind_guess,
)
from tests.factories import EditorFactory

from .conftest import HX, ArticleFactory, ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("review:queue")
TEXT = (
    "First, Ann Lee said taxes would fall. Then Bo Chan said rents would rise. "
    "Later Cy Diaz said trains would run late. Finally Di Eng said the pier would close."
)
EDITIONS = itertools.count(1)
PHRASES = ["taxes would fall", "rents would rise", "trains would run late", "the pier would close"]


def article_with_claims(order=(3, 0, 2, 1)):
    """An article whose four claims are stored out of text order (as an editor adding one later would)."""
    article = ArticleFactory(text=TEXT + f" (Edition {next(EDITIONS)}.)")
    claims = {}
    for i in order:
        start = TEXT.index(PHRASES[i])
        claims[i] = ClaimFactory(article=article, start=start, end=start + len(PHRASES[i]))
    return article, [claims[i] for i in range(4)]


def url(name, claim):
    return reverse(f"review:{name}", args=[claim.pk])


def announced(response) -> dict:
    return json.loads(response["HX-Trigger"])["claimtrack:announce"]


# --- Reading order --------------------------------------------------------------------------------


def test_queue_lists_each_article_in_text_order_newest_article_first(editor_client):
    old_article, old = article_with_claims()
    new_article, new = article_with_claims(order=(1, 3, 0, 2))
    shown = [c.pk for c in editor_client.get(QUEUE).context["page"].claims]
    assert shown == [c.pk for c in new + old]
    body = editor_client.get(QUEUE).content.decode()
    positions = [body.index(f'data-pk="{c.pk}"') for c in new + old]
    assert positions == sorted(positions)


def test_keyset_pages_follow_the_reading_order_forward_and_back(editor_client):
    articles = [article_with_claims()[1] for _ in range(3)]
    expected = [c.pk for claims in reversed(articles) for c in claims]  # 12 claims
    seen, cursor, pages = [], "", []
    while True:
        page = editor_client.get(QUEUE, {"size": 10, **({"after": cursor} if cursor else {})}).context["page"]
        pages.append(page)
        seen += [c.pk for c in page.claims]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == expected and len(pages) == 2
    back = editor_client.get(QUEUE, {"size": 10, "before": pages[1].prev_cursor}).context["page"]
    assert [c.pk for c in back.claims] == expected[:10] and back.is_first


def test_claim_page_previous_and_next_walk_the_article_in_text_order(editor_client):
    _, older = article_with_claims()
    _, claims = article_with_claims()
    ctx = editor_client.get(claims[1].get_absolute_url()).context
    assert (ctx["newer_id"], ctx["older_id"]) == (claims[0].pk, claims[2].pk)
    # the last claim of an article leads on to the first of the article added before it
    ctx = editor_client.get(claims[3].get_absolute_url()).context
    assert ctx["older_id"] == older[0].pk
    ctx = editor_client.get(claims[1].get_absolute_url(), {"status": "new"}).context
    assert ctx["older_id"] == claims[2].pk


def test_reading_order_query_uses_its_index(editor_client):
    from django.db import connection

    from apps.claims.selectors import QueueFilters, claims_filtered

    article_with_claims()
    sql, params = claims_filtered(QueueFilters(status="new"))[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        # a handful of rows: without these the planner may sort any index's rows; with them it must show
        # that an index gives this order by itself
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
        cursor.execute("SET enable_sort = on")
    assert "claim_queue_status_reading_idx" in plan and "Sort" not in plan, plan


# --- Next claim after an action --------------------------------------------------------------------


def test_advance_setting_is_kept_per_editor_and_shown_on_both_pages(editor_client, editor):
    _, claims = article_with_claims()
    page = editor_client.get(claims[0].get_absolute_url()).content.decode()
    assert "data-advance-toggle" in page and "data-advance-toggle checked" not in page
    response = editor_client.post(reverse("review:desk_advance"), {"advance": "1"}, **HX)
    assert response.status_code == 204 and "moves on" in announced(response)["message"]
    assert ReviewerPreference.objects.get(user=editor).advance_after_action
    assert "data-advance-toggle checked" in editor_client.get(QUEUE).content.decode()
    assert "data-advance-toggle checked" in editor_client.get(claims[0].get_absolute_url()).content.decode()
    # without JavaScript: a plain form post, back to the page it came from
    response = editor_client.post(reverse("review:desk_advance"), {"next": "/claims/?status=new"})
    assert response.status_code == 302 and response["Location"] == "/claims/?status=new"
    assert not ReviewerPreference.objects.get(user=editor).advance_after_action
    response = editor_client.post(reverse("review:desk_advance"), {"next": "https://evil.example/"})
    assert response["Location"] == QUEUE


def test_readers_get_no_advance_toggle(reader_client):
    _, claims = article_with_claims()
    assert "data-advance-toggle" not in reader_client.get(claims[0].get_absolute_url()).content.decode()
    assert reader_client.post(reverse("review:desk_advance"), {"advance": "1"}).status_code == 403


# --- Undo -------------------------------------------------------------------------------------------


def test_dismiss_toast_offers_undo_and_undo_restores_status_and_history_shows_both(editor_client, editor):
    claim = ClaimFactory()
    claim_confirm(claim=claim, user=editor)  # v2, confirmed by ed
    response = editor_client.post(url("claim_dismiss", claim), {"version": 2}, **HX)
    toast = announced(response)
    assert toast["message"] == "Claim dismissed."
    assert toast["undo"] == {
        "url": url("claim_undo", claim),
        "values": {"version": 3},
        "target": "#claim-card",
        "claim": claim.pk,
    }
    response = editor_client.post(toast["undo"]["url"], toast["undo"]["values"], **HX)
    assert response.status_code == 200
    assert announced(response)["message"] == "Undone: the claim is confirmed again."
    claim.refresh_from_db()
    assert claim.review_status == "confirmed" and claim.version == 4 and claim.reviewed_by == editor
    body = response.content.decode()
    assert "<del>Confirmed</del> → <ins>Dismissed</ins>" in body
    assert "<del>Dismissed</del> → <ins>Confirmed</ins>" in body
    assert "Undo of “Dismissed” (v3): back to Confirmed" in body
    # undoing twice (z pressed again) does nothing
    again = editor_client.post(toast["undo"]["url"], {"version": 4}, **HX)
    assert again.status_code == 422 and announced(again)["message"] == "Not undone: That was already undone."
    claim.refresh_from_db()
    assert claim.version == 4


def test_undo_of_a_flag_restores_new_and_clears_reviewer_rationale_and_rating(editor_client):
    claim = ClaimFactory()
    editor_client.post(
        url("claim_flag", claim), {"version": 1, "rationale": "No source.", "rating": "2"}, **HX
    )
    claim.refresh_from_db()
    assert (claim.review_status, claim.review_rationale, claim.review_rating) == (
        "unsupported",
        "No source.",
        2,
    )
    editor_client.post(url("claim_undo", claim), {"version": 2}, **HX)
    claim.refresh_from_db()
    assert claim.review_status == "new" and claim.reviewed_by is None and claim.reviewed_at is None
    assert claim.review_rationale == "" and claim.review_rating is None and claim.version == 3


def test_undo_refused_when_the_claim_changed_since(editor_client, editor):
    claim = ClaimFactory()
    claim_dismiss(claim=claim, user=editor)
    claim_confirm(claim=claim, user=EditorFactory(username="other"))  # v3 by someone else
    response = editor_client.post(url("claim_undo", claim), {"version": 2}, **HX)
    assert response.status_code == 409
    claim.refresh_from_db()
    assert claim.review_status == "confirmed" and claim.version == 3


def test_undo_only_of_ones_own_review_decision(editor):
    claim = ClaimFactory()
    other = EditorFactory(username="other")
    claim_dismiss(claim=claim, user=other)
    with pytest.raises(ClaimInvalid, match="Only the editor who made"):
        claim_undo_review(claim=claim, user=editor, expected_version=2)
    speaker = SpeakerFactory()
    claim_edit(
        claim=claim, user=other, edit=ClaimEdit(claim.start, claim.end, speaker, "direct", "not_stated")
    )
    with pytest.raises(ClaimInvalid, match="Only a review decision"):
        claim_undo_review(claim=claim, user=other, expected_version=3)
    with pytest.raises(ClaimConflict):
        claim_undo_review(claim=claim, user=other, expected_version=2)


def test_bulk_action_can_be_undone(editor_client):
    a, b = ClaimFactory(), ClaimFactory()
    response = editor_client.post(
        reverse("review:claims_bulk"),
        {"action": "dismiss", "ids": [a.pk, b.pk], "filter_qs": "status=new"},
        **HX,
    )
    undo = announced(response)["undo"]
    assert undo["url"] == reverse("review:claims_bulk_undo") and undo["target"] == "#queue-results"
    assert undo["values"] == {"versions": f"{a.pk}:2,{b.pk}:2", "filter_qs": "status=new"}
    b_now = Claim.objects.get(pk=b.pk)
    claim_confirm(claim=b_now, user=EditorFactory(username="other"))  # b changed since: left alone
    response = editor_client.post(undo["url"], undo["values"], **HX)
    assert response.status_code == 200
    assert "Undone: 1 claim back as they were. 1 changed since" in announced(response)["message"]
    assert Claim.objects.get(pk=a.pk).review_status == "new"
    assert Claim.objects.get(pk=b.pk).review_status == "confirmed"
    assert f'data-pk="{a.pk}"' in response.content.decode()  # the queue, filtered on new, shows a again


def test_undo_is_refused_to_readers(reader_client):
    claim = ClaimFactory()
    assert reader_client.post(url("claim_undo", claim), {"version": 1}).status_code == 403
    assert (
        reader_client.post(reverse("review:claims_bulk_undo"), {"versions": f"{claim.pk}:1"}).status_code
        == 403
    )


def test_undo_needs_a_version(editor_client):
    claim = ClaimFactory()
    assert editor_client.post(url("claim_undo", claim), {}, **HX).status_code == 422
    assert editor_client.post(reverse("review:claims_bulk_undo"), {"versions": "x"}, **HX).status_code == 422


# --- Edit: status kept, cue editable, speaker kind ------------------------------------------------


def edit(editor_client, claim, **fields):
    data = {
        "version": claim.version,
        "start": claim.start,
        "end": claim.end,
        "speaker": claim.speaker_id,
        "kind": claim.kind,
        "evidence": claim.evidence,
        "cue": claim.cue,
        **fields,
    }
    return editor_client.post(url("claim_edit", claim), data, **HX)


@pytest.mark.parametrize("status", ["new", "unsupported", "dismissed"])
def test_edit_keeps_the_review_status(editor_client, editor, status):
    claim = ClaimFactory()
    if status != "new":
        Claim.objects.filter(pk=claim.pk).update(
            review_status=status, reviewed_by=editor, reviewed_at=timezone.now()
        )
        claim.refresh_from_db()
    response = edit(editor_client, claim, kind="direct")
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.review_status == status and claim.kind == "direct" and claim.edited
    assert "Keep the current status" in response.content.decode()


def test_edit_can_choose_a_status(editor_client, editor):
    claim = ClaimFactory()
    edit(editor_client, claim, status="confirmed")
    claim.refresh_from_db()
    assert claim.review_status == "confirmed" and claim.reviewed_by == editor and claim.reviewed_at


def test_edit_sets_the_cue_and_finds_it_near_the_claim(editor_client):
    article, claims = article_with_claims()
    claim = claims[1]  # "rents would rise", after "Then Bo Chan said"
    edit(editor_client, claim, cue="SAID")
    claim.refresh_from_db()
    assert claim.cue == "SAID"
    assert TEXT[claim.cue_start : claim.cue_end] == "said"
    assert claim.cue_end <= claim.start and claim.start - claim.cue_end < 3  # the "said" just before it
    edit(editor_client, claim, cue="announced")  # not in the text: kept as typed, no span
    claim.refresh_from_db()
    assert claim.cue == "announced" and claim.cue_start is None and claim.cue_end is None
    edit(editor_client, claim, cue="")
    claim.refresh_from_db()
    assert claim.cue == "" and claim.cue_start is None
    assert "<del>announced</del>" in editor_client.get(claim.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Department for Transport", "organisation"),
        ("Leeds City Council", "organisation"),
        ("NHS England", "organisation"),
        ("local residents", "group"),
        ("Jane Doe", "person"),
    ],
)
def test_speaker_kind_guess(name, kind):
    assert speaker_kind_guess(name) == kind


def test_typed_speaker_gets_the_guessed_or_chosen_kind(editor_client):
    claim = ClaimFactory()
    edit(editor_client, claim, speaker="", new_speaker="Department for Transport")
    claim.refresh_from_db()
    assert claim.speaker.name == "Department for Transport" and claim.speaker.kind == "organisation"
    edit(editor_client, claim, speaker="", new_speaker="The Greens", new_speaker_kind="group")
    claim.refresh_from_db()
    assert claim.speaker.kind == "group"
    # an editor's explicit choice corrects a speaker stored with the wrong kind
    wrong = SpeakerFactory(name="Ministry of Silly Walks", kind=Speaker.Kind.PERSON)
    edit(
        editor_client,
        claim,
        speaker="",
        new_speaker="Ministry of Silly Walks",
        new_speaker_kind="organisation",
    )
    wrong.refresh_from_db()
    assert wrong.kind == "organisation"


def test_kind_guess_endpoint_prefills_the_menu(editor_client):
    response = editor_client.get(
        reverse("review:speaker_kind_guess"), {"new_speaker": "Department for Transport"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="id_new_speaker_kind"' in body
    assert '<option value="organisation" selected>' in body


# --- Flag with a rationale and a rating -----------------------------------------------------------


def test_flag_with_rationale_and_rating_shows_them_and_in_the_history(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        url("claim_flag", claim),
        {"version": 1, "rationale": "The figures are from 2019.", "rating": "1"},
        **HX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Why flagged" in body and "The figures are from 2019." in body
    assert "why flagged</span>: <del>—</del> → <ins>The figures are from 2019.</ins>" in body
    assert "rating</span>: <del>—</del> → <ins>Unsupported</ins>" in body
    claim.refresh_from_db()
    assert claim.review_rating == Claim.Rating.UNSUPPORTED


def test_flag_without_a_reason_still_flags_and_a_bad_rating_is_refused(editor_client):
    claim = ClaimFactory()
    assert editor_client.post(url("claim_flag", claim), {"version": 1}, **HX).status_code == 200
    claim.refresh_from_db()
    assert claim.review_status == "unsupported" and claim.review_rating is None
    response = editor_client.post(url("claim_flag", claim), {"version": 2, "rating": "9"}, **HX)
    assert response.status_code == 422
    claim.refresh_from_db()
    assert claim.version == 2


def test_confirming_a_flagged_claim_clears_its_flag_reason(editor, claim):
    from apps.claims.services import claim_flag_unsupported

    claim_flag_unsupported(claim=claim, user=editor, rationale="No source", rating=2)
    claim = claim_confirm(claim=claim, user=editor)
    assert claim.review_rationale == "" and claim.review_rating is None
