"""Speaker confidence (issue 11, item 5): stored with each extracted claim, shown as "Speaker uncertain" on the
queue row and the claim page, a queue filter (also in the API), cleared by an editor's edit, and counted on
the accuracy page."""

from dataclasses import replace

import pytest
from django.urls import reverse

from apps.articles.models import Article
from apps.articles.services import article_extract_claims, article_persist_extraction
from apps.claims.models import Claim
from apps.extraction import EXTRACTOR_VERSION, extract_claims
from apps.extraction.types import ExtractionResult
from apps.publishing.services import api_token_create
from tests.factories import ArticleFactory, ClaimFactory

from .conftest import HX

pytestmark = pytest.mark.django_db
QUEUE = reverse("review:queue")

# invented: two men in play, then a pronoun; and a claim whose speaker is named
TEXT = (
    "Mr Alvarez spoke first, and Mr Okoro answered him. He said the talks had collapsed over pay.\n"
    "Union leader Rhian Doyle said the strike would go ahead on Friday."
)


def _extracted() -> Article:
    article = ArticleFactory(text=TEXT, status=Article.Status.EXTRACTING)
    article_extract_claims(article=article)
    return article


def test_extraction_stores_whether_the_speaker_is_certain():
    article = _extracted()
    talks = article.claims.get(content__contains="talks had collapsed")
    strike = article.claims.get(content__contains="strike would go ahead")
    assert talks.speaker_confident is False and talks.speaker_mention == "He"
    assert strike.speaker_confident is True and strike.speaker.name == "Rhian Doyle"


def test_a_run_that_finds_a_claim_again_updates_its_confidence_in_place():
    article = _extracted()
    talks = article.claims.get(content__contains="talks had collapsed")
    result = extract_claims(TEXT)
    sure = tuple(replace(c, speaker_confident=True) for c in result.claims)
    article_persist_extraction(
        article=article,
        result=ExtractionResult(result.status, result.reason, result.language, sure),
        extractor_version=EXTRACTOR_VERSION,
    )
    again = Claim.objects.get(pk=talks.pk)  # the same row, found again
    assert again.speaker_confident is True
    assert again.history.first().history_change_reason.startswith("Found again")


def test_queue_row_and_claim_page_show_speaker_uncertain(editor_client):
    unsure = ClaimFactory(speaker_confident=False)
    sure = ClaimFactory()
    body = editor_client.get(QUEUE).content.decode()
    rows = {pk: body[body.index(f'data-pk="{pk}"') :].split("</li>", 1)[0] for pk in (unsure.pk, sure.pk)}
    assert "Speaker uncertain" in rows[unsure.pk] and "Speaker uncertain" not in rows[sure.pk]
    page = editor_client.get(reverse("review:claim", args=[unsure.pk])).content.decode()
    assert 'class="badge speaker-uncertain"' in page
    page = editor_client.get(reverse("review:claim", args=[sure.pk])).content.decode()
    assert 'class="badge speaker-uncertain"' not in page


def test_queue_filter_speaker_uncertain(editor_client):
    unsure = ClaimFactory(speaker_confident=False)
    sure = ClaimFactory()
    full = editor_client.get(QUEUE).content.decode()
    assert 'name="speaker_uncertain"' in full and "Speaker uncertain</label>" in full
    body = editor_client.get(QUEUE, {"speaker_uncertain": "on"}, **HX).content.decode()
    assert f'data-pk="{unsure.pk}"' in body and f'data-pk="{sure.pk}"' not in body
    # the filter follows the editor to the claim and back
    assert f"/claims/{unsure.pk}/?speaker_uncertain=on" in body


def test_api_takes_the_queue_filter_and_says_the_confidence(client, reader):
    unsure = ClaimFactory(speaker_confident=False)
    ClaimFactory()
    token = api_token_create(user=reader, name="CMS")[1]
    response = client.get("/api/claims", {"speaker_uncertain": "on"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [c["id"] for c in items] == [unsure.pk] and items[0]["speaker_confident"] is False


def test_editing_the_speaker_makes_it_confident(editor_client):
    claim = ClaimFactory(speaker_confident=False)
    response = editor_client.post(
        reverse("review:claim_edit", args=[claim.pk]),
        {
            "version": claim.version,
            "start": claim.start,
            "end": claim.end,
            "new_speaker": "Marta Quill",
            "kind": claim.kind,
            "evidence": claim.evidence,
        },
        **HX,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.speaker.name == "Marta Quill" and claim.speaker_confident is True
    assert (
        "speaker-uncertain"
        not in editor_client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    )


def test_accuracy_page_counts_uncertain_speakers_and_how_often_editors_changed_them(editor_client):
    changed = ClaimFactory(speaker_confident=False)
    ClaimFactory(speaker_confident=False)  # not reviewed yet
    kept = ClaimFactory()
    for claim, name in ((changed, "Marta Quill"), (kept, None)):
        editor_client.post(
            reverse("review:claim_edit", args=[claim.pk]),
            {
                "version": claim.version,
                "start": claim.start,
                "end": claim.end,
                **({"new_speaker": name} if name else {"speaker": claim.speaker_id}),
                "kind": claim.kind,
                "evidence": claim.evidence,
                "status": Claim.ReviewStatus.CONFIRMED,
            },
            **HX,
        )
    html = editor_client.get(reverse("accuracy:overview")).content.decode()
    card = html[html.index('id="acc-speaker-uncertain"') :].split("</div>", 1)[0]
    assert '<span class="stat-n">2</span>' in card  # both, though the edit made one confident
    assert "Editors changed 1 of 1 uncertain speaker kept (100%), 0 of 1 confident (0%)" in card
    assert f'href="{QUEUE}?speaker_uncertain=on"' in card
