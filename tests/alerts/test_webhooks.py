"""Signed webhook deliveries to a real local HTTP server: signature, retries with backoff, the delivery
log, the admin's retry action, and the fetcher's rule against private addresses."""

import hashlib
import hmac
import json

import pytest
from django.urls import reverse

from apps.alerts.models import Event, Webhook, WebhookDelivery
from apps.alerts.services import claim_notify, follow_add
from apps.alerts.tasks import MAX_DELIVERY_RETRIES, deliver_webhook

from .conftest import not_provided_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]

SECRET = "s3cret-shared-with-the-receiver"


@pytest.fixture
def allow_local(settings):
    settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE = True  # the test server listens on 127.0.0.1
    settings.CLAIMTRACK_WEBHOOK_TIMEOUT = 3.0


@pytest.fixture
def hook(local_server):
    return Webhook.objects.create(
        name="Desk channel", url=local_server.url("/hook"), secret=SECRET, events=[Event.NOT_PROVIDED_CLAIM]
    )


def _followed_claim(follower, speaker):
    follow_add(user=follower, speaker=speaker)
    return not_provided_claim(speaker=speaker)


def test_delivery_is_signed_and_logged(allow_local, committed, local_server, hook, follower, speaker):
    local_server.route("/hook", body=b"ok")
    claim, _ = committed(_followed_claim, follower, speaker)
    request = local_server.last_request("/hook")
    expected = "sha256=" + hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert request.method == "POST"
    assert hmac.compare_digest(request.headers["x-claimtrack-signature"], expected)
    assert request.headers["x-claimtrack-event"] == "not_provided_claim"
    assert request.headers["x-claimtrack-timestamp"].isdigit()
    assert request.headers["content-type"].startswith("application/json")
    payload = json.loads(request.body)
    assert payload["event"] == "not_provided_claim" and payload["claim"]["id"] == claim.pk
    assert payload["claim"]["speaker"]["name"] == "Jane Doe" and payload["followed_through"] == ["speaker"]
    assert payload["claim"]["url"].endswith(f"/claims/{claim.pk}/")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    assert delivery.delivered_at is not None
    # a second run of the notify task sends nothing again
    claim_notify(claim=claim, event=Event.NOT_PROVIDED_CLAIM)
    assert local_server.hits["/hook"] == 1 and WebhookDelivery.objects.count() == 1


def test_a_wrong_secret_would_not_verify(allow_local, committed, local_server, hook, follower, speaker):
    local_server.route("/hook", body=b"ok")
    committed(_followed_claim, follower, speaker)
    request = local_server.last_request("/hook")
    forged = "sha256=" + hmac.new(b"another secret", request.body, hashlib.sha256).hexdigest()
    assert request.headers["x-claimtrack-signature"] != forged


def test_no_delivery_for_events_the_webhook_does_not_want_or_inactive(
    allow_local, committed, local_server, hook, follower, speaker
):
    local_server.route("/hook", body=b"ok")
    Webhook.objects.create(name="Off", url=local_server.url("/hook"), active=False, events=list(Event.values))
    hook.events = [Event.FLAGGED_UNSUPPORTED]
    hook.save()
    committed(_followed_claim, follower, speaker)
    assert local_server.hits["/hook"] == 0 and not WebhookDelivery.objects.exists()


def _status_sequence(*statuses):
    remaining = list(statuses)

    def handler(request):
        status = remaining.pop(0) if remaining else statuses[-1]
        request.send_response(status)
        request.send_header("Content-Length", "0")
        request.end_headers()

    return handler


def test_retried_with_backoff_then_delivered(allow_local, committed, local_server, hook, follower, speaker):
    local_server.route("/hook", handler=_status_sequence(500, 200))
    committed(_followed_claim, follower, speaker)
    delivery = WebhookDelivery.objects.get()
    assert local_server.hits["/hook"] == 2
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 2, 200)
    assert delivery.last_error == ""
    assert deliver_webhook.retry_backoff is True and deliver_webhook.max_retries == MAX_DELIVERY_RETRIES == 5


def test_failed_after_max_retries_and_retried_from_the_admin(
    allow_local, committed, local_server, hook, follower, speaker, admin_client
):
    local_server.route("/hook", handler=_status_sequence(503))
    committed(_followed_claim, follower, speaker)
    delivery = WebhookDelivery.objects.get()
    assert local_server.hits["/hook"] == MAX_DELIVERY_RETRIES + 1
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 6, 503)
    assert "503" in delivery.last_error
    log = admin_client.get(reverse("admin:alerts_webhookdelivery_changelist")).content.decode()
    assert "Desk channel" in log and "Failed" in log
    # the receiver is back: staff retry it from the delivery log
    local_server.route("/hook", body=b"ok")
    with_action = {"action": "retry", "_selected_action": [delivery.pk]}
    url = reverse("admin:alerts_webhookdelivery_changelist")
    response, _ = committed(admin_client.post, url, with_action)
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 7, 200)


def test_a_client_error_fails_at_once(allow_local, committed, local_server, hook, follower, speaker):
    local_server.route("/hook", status=410, body=b"gone")
    committed(_followed_claim, follower, speaker)
    delivery = WebhookDelivery.objects.get()
    assert local_server.hits["/hook"] == 1
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 1, 410)


def test_private_address_refused_when_the_setting_is_off(
    settings, committed, local_server, hook, follower, speaker
):
    settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE = False
    local_server.route("/hook", body=b"ok")
    committed(_followed_claim, follower, speaker)
    delivery = WebhookDelivery.objects.get()
    assert local_server.hits["/hook"] == 0
    assert delivery.status == "failed" and delivery.attempts == 1
    assert "private or local network address" in delivery.last_error


def test_webhook_url_must_be_http(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Webhook(name="x", url="ftp://example.org/hook", events=[]).full_clean()
