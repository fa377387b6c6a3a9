"""The morning digest: top unreviewed claims by score, from what the user follows or everything, once a day
at the user's time, never the same claim twice; in the app and by email."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.alerts.digest import digests_send_due
from apps.alerts.models import Digest, DigestItem, DigestSubscription, Follow
from apps.claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Beat's run at `now`, with what a digest does once its transaction commits (the email), as in
    production."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return digests_send_due(now=now)

    return run


def _at(hour: int, minute: int = 0, days: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def desk():
    followed, other = SpeakerFactory(name="Followed Person"), SpeakerFactory(name="Other Person")
    claims = {}
    for speaker, score in [(followed, 90), (followed, 40), (followed, 70), (other, 99)]:
        claim = ClaimFactory(speaker=speaker, article=ArticleFactory())
        Claim.objects.filter(pk=claim.pk).update(
            worth_score=score,
            worth_model="prior-1",
            worth_reasons=[{"code": "figure", "text": "gives a figure", "sign": "+"}],
        )
        claims[(speaker.name, score)] = claim.pk
    user = UserFactory(username="morning", email="morning@example.org")
    Follow.objects.create(user=user, speaker=followed)
    DigestSubscription.objects.create(user=user, enabled=True, send_at=time(7, 0), size=2)
    return user, claims


def test_sent_at_the_users_time_best_first_from_what_they_follow(desk, send):
    user, claims = desk
    assert send(_at(6, 55)).sent == 0  # not yet
    assert send(_at(7, 0)).sent == 1
    digest = Digest.objects.get(user=user)
    assert [i.claim_id for i in digest.items.all()] == [
        claims[("Followed Person", 90)],
        claims[("Followed Person", 70)],
    ]
    assert digest.emailed and len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "[Claimtrack] Worth checking first: 2 claims"
    assert body.index("[90] Followed Person") < body.index("[70] Followed Person")
    assert "Why: gives a figure" in body and "Other Person" not in body
    html, kind = mail.outbox[0].alternatives[0]
    assert kind == "text/html" and html.index(">90<") < html.index(">70<") and "gives a figure" in html
    assert send(_at(9, 0)).sent == 0  # once a day
    assert len(mail.outbox) == 1


def test_never_twice_for_the_same_claim(desk, send):
    user, claims = desk
    send(_at(7, 0))
    send(_at(7, 0, days=1))  # the next morning: only the claim not sent yet
    second = Digest.objects.filter(user=user).order_by("-sent_on").first()
    assert [i.claim_id for i in second.items.all()] == [claims[("Followed Person", 40)]]
    send(_at(7, 0, days=2))  # nothing new: no digest, no email
    assert Digest.objects.filter(user=user).count() == 2 and len(mail.outbox) == 2
    assert DigestItem.objects.filter(user=user).values("claim_id").distinct().count() == 3


def test_everything_scope_and_reviewed_claims_left_out(desk, send):
    user, claims = desk
    DigestSubscription.objects.filter(user=user).update(scope="everything", email=False)
    Claim.objects.filter(pk=claims[("Followed Person", 90)]).update(
        review_status=Claim.ReviewStatus.CONFIRMED, reviewed_at=timezone.now()
    )
    send(_at(7, 0))
    digest = Digest.objects.get(user=user)
    assert [i.claim_id for i in digest.items.all()] == [
        claims[("Other Person", 99)],
        claims[("Followed Person", 70)],
    ]
    assert not digest.emailed and not mail.outbox


def test_settings_page_and_in_app_digest(client, desk, send):
    user, claims = desk
    client.force_login(user)
    page = client.get(reverse("alerts:digest_settings"))
    assert page.status_code == 200 and b'name="send_at"' in page.content
    response = client.post(
        reverse("alerts:digest_settings"),
        {"enabled": "on", "send_at": "08:30", "scope": "everything", "size": "5", "email": "on"},
    )
    assert response.status_code == 302
    sub = DigestSubscription.objects.get(user=user)
    assert (sub.send_at, sub.scope, sub.size) == (time(8, 30), "everything", 5)
    bad = client.post(reverse("alerts:digest_settings"), {"enabled": "on", "send_at": "8h", "size": "99"})
    assert bad.status_code == 422 and DigestSubscription.objects.get(user=user).size == 5
    send(_at(8, 30))
    digest = Digest.objects.get(user=user)
    listing = client.get(reverse("alerts:digest_settings")).content.decode()
    assert digest.get_absolute_url() in listing and "New" in listing
    detail = client.get(digest.get_absolute_url()).content.decode()
    assert detail.index("Other Person") < detail.index("Followed Person")
    digest.refresh_from_db()
    assert digest.read_at is not None
    other = UserFactory(username="nosy")
    client.force_login(other)
    assert client.get(digest.get_absolute_url()).status_code == 404
