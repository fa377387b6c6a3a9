"""Which claims set alerts off, for whom, and only once: created without evidence, flagged unsupported,
extracted in bulk. Tasks run eagerly; the on-commit callbacks are run by `committed`."""

import pytest
from django.core import mail

from apps.alerts.models import Event, Follow, Notification
from apps.alerts.services import claim_notify, follow_add
from apps.articles.models import Article
from apps.articles.services import article_extract_claims
from apps.claims.models import Claim
from apps.claims.services import claim_flag_unsupported, claim_set_review_status

from .conftest import ArticleFactory, ClaimFactory, EditorFactory, added_claim, not_provided_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]


def _notified(user):
    return list(Notification.objects.filter(user=user).values_list("claim_id", "kind"))


def test_not_provided_claim_of_a_followed_speaker_notifies_in_app_and_by_email(committed, follower, speaker):
    follow_add(user=follower, speaker=speaker)
    claim, _ = committed(not_provided_claim, speaker=speaker)
    assert _notified(follower) == [(claim.pk, Event.NOT_PROVIDED_CLAIM)]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fran@example.org"]
    assert "Jane Doe" in message.subject and "No evidence given" in message.subject
    assert f"/claims/{claim.pk}/" in message.body and claim.content in message.body


def test_not_provided_claim_from_a_followed_source_notifies(committed, follower, source):
    follow_add(user=follower, source=source)
    claim, _ = committed(not_provided_claim, article=ArticleFactory(source=source))
    assert _notified(follower) == [(claim.pk, Event.NOT_PROVIDED_CLAIM)]


def test_follower_of_both_speaker_and_source_is_notified_once(committed, follower, speaker, source):
    follow_add(user=follower, speaker=speaker)
    follow_add(user=follower, source=source)
    claim, _ = committed(not_provided_claim, speaker=speaker, article=ArticleFactory(source=source))
    assert _notified(follower) == [(claim.pk, Event.NOT_PROVIDED_CLAIM)]
    assert len(mail.outbox) == 1


def test_no_alert_for_non_followers_or_claims_with_evidence(committed, follower, speaker):
    follow_add(user=follower, speaker=speaker)
    committed(not_provided_claim)  # another speaker
    committed(added_claim, speaker=speaker, evidence=Claim.Evidence.PROVIDED)
    committed(added_claim, speaker=speaker, evidence=Claim.Evidence.NOT_STATED)
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_unfollowed_before_the_claim_means_no_alert(committed, follower, speaker):
    follow_add(user=follower, speaker=speaker)
    Follow.objects.all().delete()
    committed(not_provided_claim, speaker=speaker)
    assert Notification.objects.count() == 0


def test_nothing_sent_twice(committed, follower, speaker):
    follow_add(user=follower, speaker=speaker)
    claim, _ = committed(not_provided_claim, speaker=speaker)
    again = claim_notify(claim=claim, event=Event.NOT_PROVIDED_CLAIM)  # a task delivered twice
    assert again.notifications == []
    assert Notification.objects.filter(user=follower).count() == 1
    assert len(mail.outbox) == 1


def test_no_task_is_sent_when_nobody_follows(committed, speaker, monkeypatch):
    from apps.alerts import tasks

    sent = []
    monkeypatch.setattr(tasks.notify_claim, "delay", lambda *args, **kwargs: sent.append(args))
    committed(not_provided_claim, speaker=speaker)
    assert sent == []


def test_flagged_unsupported_notifies_followers_but_not_the_editor_who_flagged(committed, follower, speaker):
    flagger = EditorFactory(username="flagger", email="flagger@example.org")
    follow_add(user=follower, speaker=speaker)
    follow_add(user=flagger, speaker=speaker)
    claim = ClaimFactory(speaker=speaker)  # evidence not stated: no alert on creation
    committed(claim_flag_unsupported, claim=claim, user=flagger, note="No source for this.")
    assert _notified(follower) == [(claim.pk, Event.FLAGGED_UNSUPPORTED)]
    assert _notified(flagger) == []
    assert [m.to for m in mail.outbox] == [["fran@example.org"]]
    assert "Flagged unsupported" in mail.outbox[0].subject


def test_flagging_again_after_reopening_does_not_notify_twice(committed, follower, speaker):
    editor = EditorFactory()
    follow_add(user=follower, speaker=speaker)
    claim = ClaimFactory(speaker=speaker)
    committed(claim_flag_unsupported, claim=claim, user=editor)
    committed(claim_flag_unsupported, claim=claim, user=editor)  # already unsupported: no change
    committed(claim_set_review_status, claim=claim, user=editor, status="new")
    committed(claim_flag_unsupported, claim=claim, user=editor)
    assert _notified(follower) == [(claim.pk, Event.FLAGGED_UNSUPPORTED)]
    assert len(mail.outbox) == 1


def test_other_status_changes_do_not_alert(committed, follower, speaker):
    editor = EditorFactory()
    follow_add(user=follower, speaker=speaker)
    claim = ClaimFactory(speaker=speaker)
    committed(claim_set_review_status, claim=claim, user=editor, status="confirmed")
    committed(claim_set_review_status, claim=claim, user=editor, status="dismissed")
    assert Notification.objects.count() == 0


def test_a_stale_alert_is_dropped(follower, speaker):
    """The task runs after an editor reopened the claim: the follower is not told it is unsupported."""
    follow_add(user=follower, speaker=speaker)
    claim = ClaimFactory(speaker=speaker)
    assert claim_notify(claim=claim, event=Event.FLAGGED_UNSUPPORTED).notifications == []


EXTRACT_TEXT = (
    "Harbour master Tom Reed said the new quay would double the fishing fleet within two years. "
    "He provided no evidence for this claim.\n"
    "Councillor Ann Marsh said the survey was finished in March."
)


def test_claims_created_by_extraction_notify_followers_once(committed, follower):
    from apps.claims.services import speaker_resolve

    reed = speaker_resolve(name="Tom Reed")
    follow_add(user=follower, speaker=reed)
    article = ArticleFactory(text=EXTRACT_TEXT, status=Article.Status.EXTRACTING)
    committed(article_extract_claims, article=article)
    claim = article.claims.get(speaker=reed)
    assert claim.evidence == Claim.Evidence.NOT_PROVIDED
    assert _notified(follower) == [(claim.pk, Event.NOT_PROVIDED_CLAIM)]
    assert len(mail.outbox) == 1
    # forced re-extraction finds the same claim again: same row, same notification, no second email
    committed(article_extract_claims, article=article, force=True)
    assert article.claims.get(speaker=reed).pk == claim.pk
    kept = Notification.objects.get(user=follower)
    assert (kept.claim_id, kept.is_read) == (claim.pk, False)
    assert len(mail.outbox) == 1
