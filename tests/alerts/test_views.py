"""Follow/unfollow, the notifications page, marking read and the header badge, as a user sees them."""

import pytest
from django.urls import reverse

from apps.alerts.models import Event, Follow, Notification
from apps.alerts.services import follow_add
from tests.factories import ClaimFactory, UserFactory

from .conftest import HX

pytestmark = pytest.mark.django_db

FOLLOW, UNFOLLOW = reverse("alerts:follow"), reverse("alerts:unfollow")
BUTTON, BADGE = reverse("alerts:follow_button"), reverse("alerts:badge")
PAGE, READ = reverse("alerts:notifications"), reverse("alerts:notifications_read")


@pytest.mark.parametrize("client_fixture", ["reader_client", "editor_client"])
def test_readers_and_editors_may_follow_a_speaker(request, client_fixture, speaker):
    client = request.getfixturevalue(client_fixture)
    response = client.post(FOLLOW, {"speaker": speaker.pk}, **HX)
    assert response.status_code == 200
    assert Follow.objects.filter(speaker=speaker).count() == 1
    body = response.content.decode()
    assert "<html" not in body and "Unfollow" in body and f'action="{UNFOLLOW}"' in body
    assert "Jane Doe" in response["HX-Trigger"]  # announced to screen readers


def test_follow_twice_keeps_one_follow_then_unfollow(reader_client, reader, source):
    reader_client.post(FOLLOW, {"source": source.pk}, **HX)
    reader_client.post(FOLLOW, {"source": source.pk}, **HX)
    assert Follow.objects.filter(user=reader, source=source).count() == 1
    response = reader_client.post(UNFOLLOW, {"source": source.pk}, **HX)
    assert response.status_code == 200 and f'action="{FOLLOW}"' in response.content.decode()
    assert not Follow.objects.filter(user=reader).exists()


def test_follow_without_htmx_redirects_back(reader_client, speaker):
    response = reader_client.post(FOLLOW, {"speaker": speaker.pk, "next": f"/speakers/{speaker.pk}/"})
    assert response.status_code == 302 and response["Location"] == f"/speakers/{speaker.pk}/"
    response = reader_client.post(UNFOLLOW, {"speaker": speaker.pk, "next": "https://evil.example/"})
    assert response["Location"] == PAGE  # never to another site


@pytest.mark.parametrize(
    "data", [{}, {"speaker": "x"}, {"speaker": "1", "source": "1"}], ids=["none", "not-a-number", "both"]
)
def test_follow_needs_exactly_one_target(reader_client, data):
    assert reader_client.post(FOLLOW, data, **HX).status_code == 400
    assert not Follow.objects.exists()


def test_follow_a_missing_speaker_is_404(reader_client):
    assert reader_client.post(FOLLOW, {"speaker": 999999}, **HX).status_code == 404


def test_a_merged_speaker_cannot_be_followed(reader_client, speaker):
    from tests.factories import SpeakerFactory

    speaker.merged_into = SpeakerFactory()
    speaker.save()
    response = reader_client.post(FOLLOW, {"speaker": speaker.pk}, **HX)
    assert response.status_code == 422 and not Follow.objects.exists()


def test_follow_refused_without_csrf_token(csrf_client, speaker):
    assert csrf_client.post(FOLLOW, {"speaker": speaker.pk}, **HX).status_code == 403
    assert not Follow.objects.exists()


def test_anonymous_cannot_follow(client, speaker):
    response = client.post(FOLLOW, {"speaker": speaker.pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()


def test_follow_button_shows_the_users_own_state(reader_client, reader, speaker):
    follow_add(user=UserFactory(username="someone-else"), speaker=speaker)
    html = reader_client.get(BUTTON, {"speaker": speaker.pk}, **HX).content.decode()
    assert f'action="{FOLLOW}"' in html and "Follow speaker" in html
    follow_add(user=reader, speaker=speaker)
    html = reader_client.get(BUTTON, {"speaker": speaker.pk}, **HX).content.decode()
    assert f'action="{UNFOLLOW}"' in html and "Following speaker" in html


def test_speaker_and_claim_pages_load_the_follow_buttons(reader_client, speaker, source):
    from tests.factories import ArticleFactory

    claim = ClaimFactory(speaker=speaker, article=ArticleFactory(source=source))
    html = reader_client.get(reverse("review:speaker", args=[speaker.pk])).content.decode()
    assert f'hx-get="{BUTTON}?speaker={speaker.pk}"' in html
    html = reader_client.get(claim.get_absolute_url()).content.decode()
    assert (
        f'hx-get="{BUTTON}?speaker={speaker.pk}"' in html and f'hx-get="{BUTTON}?source={source.pk}"' in html
    )
    # the claim card htmx swaps in after a review action carries them too
    html = reader_client.get(claim.get_absolute_url(), **HX).content.decode()
    assert f"{BUTTON}?source={source.pk}" in html


def _notify(user, **claim_kwargs) -> Notification:
    return Notification.objects.create(
        user=user, claim=ClaimFactory(**claim_kwargs), kind=Event.NOT_PROVIDED_CLAIM
    )


def test_notifications_page_lists_own_notifications_and_follows(reader_client, reader, speaker, source):
    mine = _notify(reader, speaker=speaker)
    theirs = _notify(UserFactory(username="other"))
    follow_add(user=reader, speaker=speaker)
    follow_add(user=reader, source=source)
    html = reader_client.get(PAGE).content.decode()
    assert f"/claims/{mine.claim_id}/" in html and f"/claims/{theirs.claim_id}/" not in html
    assert "1 unread" in html and "Mark all read" in html
    assert "Jane Doe" in html and "Harbour Gazette" in html  # the Following list
    assert html.count(f'action="{UNFOLLOW}"') == 2


def test_notifications_page_htmx_partial(reader_client, reader):
    _notify(reader)
    html = reader_client.get(PAGE, **HX).content.decode()
    assert 'id="notification-list"' in html and "<html" not in html


def test_mark_one_read_and_others_ids_are_ignored(reader_client, reader):
    first, second = _notify(reader), _notify(reader)
    theirs = _notify(UserFactory(username="other"))
    response = reader_client.post(READ, {"id": [first.pk, theirs.pk]}, **HX)
    assert response.status_code == 200 and "alerts:changed" in response["HX-Trigger"]
    assert 'id="notification-list"' in response.content.decode()
    assert Notification.objects.get(pk=first.pk).is_read
    assert not Notification.objects.get(pk=second.pk).is_read
    assert not Notification.objects.get(pk=theirs.pk).is_read


def test_mark_all_read(reader_client, reader):
    _notify(reader), _notify(reader)
    response = reader_client.post(READ, {"all": "1"})
    assert response.status_code == 302
    assert not Notification.objects.filter(user=reader, read_at__isnull=True).exists()


def test_mark_read_needs_ids_and_csrf(reader_client, csrf_client):
    assert reader_client.post(READ, {}).status_code == 400
    assert csrf_client.post(READ, {"all": "1"}).status_code == 403


def test_badge_counts_unread_and_answers_204_when_unchanged(reader_client, reader, django_assert_num_queries):
    _notify(reader), _notify(reader)
    response = reader_client.get(BADGE, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "notif-count" in html and ">2<" in html
    assert f'data-notif-src="{BADGE}?shown=2"' in html and "every 30s" in html
    assert "notif-live" not in html  # the first load announces nothing
    with django_assert_num_queries(3):  # session, user, count
        assert reader_client.get(BADGE, {"shown": "2"}, **HX).status_code == 204
    _notify(reader)
    html = reader_client.get(BADGE, {"shown": "2"}, **HX).content.decode()
    assert ">3<" in html and 'hx-swap-oob="innerHTML">1 new notification.' in html


def test_badge_after_sign_out_stops_polling(client):
    response = client.get(BADGE, **HX)
    assert response.status_code == 286 and response.content == b""


def test_header_has_the_badge_without_a_query(reader_client):
    html = reader_client.get(reverse("review:queue")).content.decode()
    assert "data-notif-badge" in html and 'aria-live="polite"' in html and "js/alerts.js" in html
    assert "load" in html.split("data-notif-badge", 1)[1].split(">", 1)[0]  # it asks for the count at once
