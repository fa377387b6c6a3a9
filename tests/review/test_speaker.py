import pytest
from django.urls import reverse

from apps.claims.models import Claim, Speaker

from .conftest import ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_speaker_page_counts_timeline_aliases(editor_client):
    speaker = SpeakerFactory(name="Vladimir Putin")
    speaker.aliases.create(name="Mr Putin", normalised_name="putin")
    ClaimFactory(speaker=speaker, evidence="not_provided")
    ClaimFactory(speaker=speaker, review_status="unsupported", reviewed_at="2024-01-01T00:00Z")
    ClaimFactory(speaker=speaker)
    response = editor_client.get(speaker.get_absolute_url())
    assert response.context["stats"] == {"total": 3, "unsupported": 1, "no_evidence": 1, "confirmed": 0}
    body = response.content.decode()
    assert "Mr Putin" in body and "<progress" in body and "Claims over time" in body
    assert "?speaker=Vladimir%20Putin" in body


def test_merge_moves_claims_and_is_audited(editor_client, editor):
    source, target = SpeakerFactory(name="V. Putin"), SpeakerFactory(name="Vladimir Putin")
    claim = ClaimFactory(speaker=source)
    response = editor_client.post(
        reverse("review:speaker_merge", args=[source.pk]), {"into": f"#{target.pk}"}
    )
    assert response.status_code == 302 and response["Location"] == target.get_absolute_url()
    claim.refresh_from_db()
    source.refresh_from_db()
    assert claim.speaker == target and source.merged_into == target
    assert claim.history.first().history_user == editor
    assert source.history.first().history_change_reason.startswith("Merged into Vladimir Putin")
    page = editor_client.get(response["Location"]).content.decode()
    assert "V. Putin merged into Vladimir Putin" in page
    assert "Merged into" in editor_client.get(source.get_absolute_url()).content.decode()


def test_merge_by_name(editor_client):
    source, target = SpeakerFactory(name="Tokayev"), SpeakerFactory(name="Kassym-Jomart Tokayev")
    editor_client.post(reverse("review:speaker_merge", args=[source.pk]), {"into": "Kassym-Jomart Tokayev"})
    assert Speaker.objects.get(pk=source.pk).merged_into == target


def test_merge_into_itself_or_unknown_is_refused(editor_client):
    speaker = SpeakerFactory()
    response = editor_client.post(
        reverse("review:speaker_merge", args=[speaker.pk]), {"into": f"#{speaker.pk}"}
    )
    assert response.status_code == 422 and "cannot be merged into itself" in response.content.decode()
    response = editor_client.post(
        reverse("review:speaker_merge", args=[speaker.pk]), {"into": "Nobody Atall"}
    )
    assert response.status_code == 422 and "No speaker called" in response.content.decode()


def test_similar_speakers_offered(editor_client):
    a = SpeakerFactory(name="Antony Blinken")
    SpeakerFactory(name="Tony Blinken")
    body = editor_client.get(a.get_absolute_url()).content.decode()
    assert "Tony Blinken" in body and "Merge into" in body


def test_readers_cannot_merge_and_see_no_form(reader_client):
    source, target = SpeakerFactory(), SpeakerFactory()
    ClaimFactory(speaker=source)
    assert (
        reader_client.post(
            reverse("review:speaker_merge", args=[source.pk]), {"into": f"#{target.pk}"}
        ).status_code
        == 403
    )
    assert Claim.objects.get().speaker == source
    assert "Merge" not in reader_client.get(source.get_absolute_url()).content.decode().split("<main")[
        1
    ].split("</main>")[0].replace("merged", "")


def test_merge_needs_csrf(csrf_editor_client):
    source, target = SpeakerFactory(), SpeakerFactory()
    assert (
        csrf_editor_client.post(
            reverse("review:speaker_merge", args=[source.pk]), {"into": f"#{target.pk}"}
        ).status_code
        == 403
    )


def test_missing_speaker_404(editor_client):
    assert editor_client.get(reverse("review:speaker", args=[999999])).status_code == 404
    assert (
        editor_client.post(reverse("review:speaker_merge", args=[999999]), {"into": "#1"}).status_code == 404
    )


@pytest.mark.parametrize("n", [2, 12])
def test_speaker_page_fixed_queries(editor_client, django_assert_num_queries, n):
    speaker = SpeakerFactory()
    for _ in range(n):
        ClaimFactory(speaker=speaker)
    editor_client.get(speaker.get_absolute_url())
    # session, user (with the editor check), speaker, aliases, merged_from, stats, timeline, recent (their ids by the tally's
    # index, then their rows), similar, repeated-claim groups (apps/similarity)
    with django_assert_num_queries(11):
        editor_client.get(speaker.get_absolute_url())
