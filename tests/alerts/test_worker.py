"""Alerts end to end with a real Celery worker on Redis: an article of a followed source is extracted by the
worker, which then notifies the follower in the app and by email and POSTs the signed webhook."""

import hashlib
import hmac
import json

import pytest

from apps.alerts.models import Event, Notification, Webhook, WebhookDelivery
from apps.alerts.services import follow_add
from apps.articles.services import article_submit_text
from apps.claims.models import Claim
from tests.factories import SourceFactory, UserFactory
from tests.processes import WorkerProcess, purge_queue, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SECRET = "shared-with-the-desk-channel"
TEXT = (
    "The harbour minister, Nadia Farouk, said on Tuesday that the new ferry terminal would open by spring. "
    "She provided no evidence for the claim.\n"
    "Port engineers said the pier was sound, citing a survey published in March."
)


@pytest.fixture
def mail_worker(settings, tmp_path):
    if not settings.REDIS_URL:
        pytest.skip("the end-to-end worker tests need REDIS_URL (bin/test sets it)")
    purge_queue()
    mail = tmp_path / "mail"
    worker = WorkerProcess(
        {
            "EMAIL_URL": f"filemail://{mail}",
            "CLAIMTRACK_WEBHOOK_TIMEOUT": "5",
            "CLAIMTRACK_SITE_URL": "https://desk.example.org",
        },
        name="alerts",
    ).start()
    try:
        yield worker, mail
    finally:
        worker.stop()


def test_followed_source_alerts_through_the_worker(mail_worker, local_server):
    worker, mail = mail_worker
    local_server.route("/hook", body=b"ok")
    source = SourceFactory(name="Harbour Gazette")
    follower = UserFactory(username="fran", email="fran@example.org")
    bystander = UserFactory(username="bob", email="bob@example.org")
    follow_add(user=follower, source=source)
    Webhook.objects.create(
        name="Desk channel", url=local_server.url("/hook"), secret=SECRET, events=[Event.NOT_PROVIDED_CLAIM]
    )

    article = article_submit_text(text=TEXT, title="Ferry terminal", source=source).article
    delivery = wait_for(
        lambda: WebhookDelivery.objects.filter(status="delivered").first(),
        timeout=90,
        message=f"the webhook delivery (worker log: {worker.log[-5:]})",
    )

    claim = Claim.objects.get(article=article, evidence=Claim.Evidence.NOT_PROVIDED)
    assert claim.speaker.name == "Nadia Farouk"
    # in the app: the follower, once, for the claim with no evidence given; nobody else
    notification = Notification.objects.get(user=follower)
    assert (notification.claim_id, notification.kind) == (claim.pk, Event.NOT_PROVIDED_CLAIM)
    assert not Notification.objects.filter(user=bystander).exists()
    # by email, to the follower's address, with a link to the claim
    emails = [path.read_text() for path in wait_for(lambda: sorted(mail.glob("*.log")), message="the email")]
    assert len(emails) == 1
    assert "To: fran@example.org" in emails[0] and "Nadia Farouk" in emails[0]
    assert f"https://desk.example.org/claims/{claim.pk}/" in emails[0]
    # the signed webhook, sent by the worker to the receiving server
    request = local_server.last_request("/hook")
    expected = "sha256=" + hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(request.headers["x-claimtrack-signature"], expected)
    payload = json.loads(request.body)
    assert payload["event"] == "not_provided_claim" and payload["claim"]["id"] == claim.pk
    assert payload["claim"]["article"]["source"]["name"] == "Harbour Gazette"
    assert payload["followed_through"] == ["source"]
    assert (delivery.attempts, delivery.last_status_code) == (1, 200)
    assert local_server.hits["/hook"] == 1
