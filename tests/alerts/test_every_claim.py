"""Following for every new claim: the follower chooses on the follow (`notify_on`) what they hear of, and hears
of each new claim once. Tasks run eagerly; the on-commit callbacks are run by `committed`."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.alerts.models import Event, Follow, Notification
from apps.alerts.services import claim_notify, claim_notify_by_id, follow_add
from apps.articles.models import Article
from apps.articles.services import article_extract_claims
from apps.claims.models import Claim
from apps.claims.services import (
    claim_create_manual,
    claim_flag_unsupported,
    claim_set_review_status,
    speaker_resolve,
)
from tests.factories import UserFactory

from .conftest import HX, ArticleFactory, ClaimFactory, EditorFactory, added_claim, not_provided_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]

EVERY, ATTENTION = Follow.NotifyOn.EVERY_CLAIM, Follow.NotifyOn.ATTENTION
FOLLOW, BUTTON = reverse("alerts:follow"), reverse("alerts:follow_button")
PAGE = reverse("alerts:notifications")


def _notified(user):
    return sorted(Notification.objects.filter(user=user).values_list("claim_id", "kind"))


def test_a_new_follow_hears_only_of_claims_without_evidence_or_flagged_unless_it_asks(follower, speaker):
    assert follow_add(user=follower, speaker=speaker).notify_on == ATTENTION
    assert follow_add(user=follower, speaker=speaker, notify_on=EVERY).notify_on == EVERY
    assert follow_add(user=follower, speaker=speaker).notify_on == EVERY  # following again changes nothing
    assert Follow.objects.filter(user=follower).count() == 1


def test_every_new_claim_follower_hears_of_a_claim_with_evidence(committed, follower, speaker):
    other = UserFactory(username="otto", email="otto@example.org")
    follow_add(user=follower, speaker=speaker, notify_on=EVERY)
    follow_add(user=other, speaker=speaker)  # the default: without evidence or flagged
    claim, _ = committed(added_claim, speaker=speaker, evidence=Claim.Evidence.PROVIDED)
    assert _notified(follower) == [(claim.pk, Event.NEW_CLAIM)]
    assert _notified(other) == []
    assert [m.to for m in mail.outbox] == [["fran@example.org"]]
    assert "New claim" in mail.outbox[0].subject and "Jane Doe" in mail.outbox[0].subject
    assert f"/claims/{claim.pk}/" in mail.outbox[0].body


def test_a_claim_without_evidence_is_one_notification_for_every_kind_of_follower(
    committed, follower, speaker
):
    other = UserFactory(username="otto", email="otto@example.org")
    follow_add(user=follower, speaker=speaker, notify_on=EVERY)
    follow_add(user=other, speaker=speaker)
    claim, _ = committed(not_provided_claim, speaker=speaker)
    # not also a "new claim": one notification, one email each
    assert _notified(follower) == [(claim.pk, Event.NOT_PROVIDED_CLAIM)]
    assert _notified(other) == [(claim.pk, Event.NOT_PROVIDED_CLAIM)]
    assert sorted(m.to[0] for m in mail.outbox) == ["fran@example.org", "otto@example.org"]
    # a task delivered twice, or the other event asked for the same claim, adds nothing
    assert claim_notify(claim=claim, event=Event.NOT_PROVIDED_CLAIM).notifications == []
    assert Notification.objects.filter(user=follower).count() == 1


def test_following_the_speaker_for_every_claim_and_the_source_for_flags_is_told_once(
    committed, follower, speaker, source
):
    follow_add(user=follower, speaker=speaker, notify_on=EVERY)
    follow_add(user=follower, source=source)
    claim, _ = committed(added_claim, speaker=speaker, article=ArticleFactory(source=source))
    assert _notified(follower) == [(claim.pk, Event.NEW_CLAIM)]
    # and a claim of another speaker from that source is not "every claim" for this follower
    committed(added_claim, article=ArticleFactory(source=source))
    assert len(_notified(follower)) == 1
    assert len(mail.outbox) == 1


def test_flagging_a_claim_already_notified_as_new_is_news(committed, follower, speaker):
    follow_add(user=follower, speaker=speaker, notify_on=EVERY)
    claim, _ = committed(added_claim, speaker=speaker)
    committed(claim_flag_unsupported, claim=claim, user=EditorFactory())
    assert _notified(follower) == sorted([(claim.pk, Event.NEW_CLAIM), (claim.pk, Event.FLAGGED_UNSUPPORTED)])


def test_the_editor_who_added_a_claim_is_not_told_of_it(committed, follower, speaker):
    editor = EditorFactory(username="adder", email="adder@example.org")
    follow_add(user=follower, speaker=speaker, notify_on=EVERY)
    follow_add(user=editor, speaker=speaker, notify_on=EVERY)
    article = ArticleFactory(text="Jane Doe said the ferry will run all winter. Nobody disputed it.")
    claim, _ = committed(claim_create_manual, article=article, user=editor, start=14, end=43, speaker=speaker)
    assert _notified(follower) == [(claim.pk, Event.NEW_CLAIM)]
    assert _notified(editor) == []


def test_a_claim_dismissed_before_the_task_ran_is_not_news(follower, speaker):
    follow_add(user=follower, speaker=speaker, notify_on=EVERY)
    claim = ClaimFactory(speaker=speaker)
    claim_set_review_status(claim=claim, user=EditorFactory(), status="dismissed")
    assert claim_notify_by_id(claim_id=claim.pk, event=Event.NEW_CLAIM).notifications == []
    assert Notification.objects.count() == 0


EXTRACT_TEXT = (
    "Harbour master Tom Reed said the new quay would double the fishing fleet within two years. "
    "He provided no evidence for this claim.\n"
    "Councillor Ann Marsh said the survey was finished in March."
)


def test_extracted_claims_reach_every_claim_followers_once_and_not_again_on_a_rerun(
    committed, follower, source
):
    attention = UserFactory(username="otto", email="otto@example.org")
    follow_add(user=follower, source=source, notify_on=EVERY)
    follow_add(user=attention, source=source)
    article = ArticleFactory(text=EXTRACT_TEXT, source=source, status=Article.Status.EXTRACTING)
    committed(article_extract_claims, article=article)
    reed = article.claims.get(speaker=speaker_resolve(name="Tom Reed"))
    marsh = article.claims.get(speaker=speaker_resolve(name="Councillor Ann Marsh"))
    assert reed.evidence == Claim.Evidence.NOT_PROVIDED and marsh.evidence != Claim.Evidence.NOT_PROVIDED
    assert _notified(follower) == sorted([(reed.pk, Event.NOT_PROVIDED_CLAIM), (marsh.pk, Event.NEW_CLAIM)])
    assert _notified(attention) == [(reed.pk, Event.NOT_PROVIDED_CLAIM)]
    assert len(mail.outbox) == 3
    # a forced re-run finds both again: nothing new for anyone
    committed(article_extract_claims, article=article, force=True)
    assert _notified(follower) == sorted([(reed.pk, Event.NOT_PROVIDED_CLAIM), (marsh.pk, Event.NEW_CLAIM)])
    assert Notification.objects.filter(read_at__isnull=True).count() == 3
    assert len(mail.outbox) == 3


def test_a_claim_deleted_then_found_again_comes_back_quietly(committed, follower, source):
    """A machine claim a run no longer finds is deleted (nobody touched it); a later run finding it again
    makes a new row, which is not news: its notification comes back read, without a second email."""
    follow_add(user=follower, source=source, notify_on=EVERY)
    article = ArticleFactory(text=EXTRACT_TEXT, source=source, status=Article.Status.EXTRACTING)
    committed(article_extract_claims, article=article)
    marsh = article.claims.get(speaker=speaker_resolve(name="Councillor Ann Marsh"))
    Notification.objects.all().delete()  # as if nobody had followed then: the claim is untouched
    marsh_span = (marsh.start, marsh.end)
    marsh._change_reason = "No longer found"
    marsh.delete()
    mail.outbox.clear()
    committed(article_extract_claims, article=article, force=True)
    again = article.claims.get(start=marsh_span[0], end=marsh_span[1])
    assert again.pk != marsh.pk
    (notification,) = Notification.objects.filter(user=follower, claim=again)
    assert notification.kind == Event.NEW_CLAIM and notification.is_read
    assert mail.outbox == []


# --- Choosing, in the follow button and on the notifications page ----------------------------------------


def test_the_follow_button_offers_the_choice_once_following(reader_client, reader, speaker):
    html = reader_client.get(BUTTON, {"speaker": speaker.pk}, **HX).content.decode()
    assert 'name="notify_on"' not in html  # not following: just the Follow button
    follow_add(user=reader, speaker=speaker)
    html = reader_client.get(BUTTON, {"speaker": speaker.pk}, **HX).content.decode()
    assert 'name="notify_on"' in html and 'hx-trigger="change"' in html
    assert (
        '<option value="attention" selected>Claims without evidence or flagged unsupported</option>' in html
    )
    assert '<option value="every_claim">Every new claim</option>' in html


def test_choosing_every_new_claim_from_the_button(reader_client, reader, speaker):
    follow_add(user=reader, speaker=speaker)
    response = reader_client.post(FOLLOW, {"speaker": speaker.pk, "notify_on": "every_claim"}, **HX)
    assert response.status_code == 200
    assert Follow.objects.get(user=reader, speaker=speaker).notify_on == EVERY
    html = response.content.decode()
    assert '<option value="every_claim" selected>Every new claim</option>' in html
    assert "Unfollow speaker Jane Doe" in html  # still following: the same control, swapped in place
    assert "every new claim" in response["HX-Trigger"]  # announced


def test_following_with_a_choice_in_one_go(reader_client, reader, source):
    reader_client.post(FOLLOW, {"source": source.pk, "notify_on": "every_claim"}, **HX)
    assert Follow.objects.get(user=reader, source=source).notify_on == EVERY


def test_an_unknown_choice_is_refused_and_changes_nothing(reader_client, reader, speaker):
    follow_add(user=reader, speaker=speaker)
    response = reader_client.post(FOLLOW, {"speaker": speaker.pk, "notify_on": "everything"}, **HX)
    assert response.status_code == 422
    assert Follow.objects.get(user=reader, speaker=speaker).notify_on == ATTENTION
    assert "Following speaker" in response.content.decode()  # the control as it stands


def test_the_notifications_page_shows_and_changes_the_choice(reader_client, reader, speaker, source):
    follow_add(user=reader, speaker=speaker, notify_on=EVERY)
    follow_add(user=reader, source=source)
    html = reader_client.get(PAGE).content.decode()
    assert html.count('class="follow-notify-form"') == 2
    assert html.count('<option value="every_claim" selected>') == 1
    assert html.count('<option value="attention" selected>') == 1
    response = reader_client.post(
        FOLLOW, {"source": source.pk, "notify_on": "every_claim", "next": PAGE}
    )  # a plain form post (its Save button)
    assert response.status_code == 302 and response["Location"] == PAGE
    assert Follow.objects.get(user=reader, source=source).notify_on == EVERY
    assert reader_client.get(PAGE).content.decode().count('<option value="every_claim" selected>') == 2


def test_a_new_claim_notification_is_listed_as_such(reader_client, reader, speaker):
    follow_add(user=reader, speaker=speaker, notify_on=EVERY)
    claim = ClaimFactory(speaker=speaker)
    claim_notify(claim=claim, event=Event.NEW_CLAIM)
    html = reader_client.get(PAGE).content.decode()
    assert '<span class="badge status-new">New claim</span>' in html
    assert f"/claims/{claim.pk}/" in html
