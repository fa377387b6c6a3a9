"""The triage section of the accuracy page (loaded by htmx) and the scores the worker writes."""

import pytest
from django.urls import reverse

from apps.claims.models import Claim
from apps.triage.services import claims_score, triage_retrain

from . import scenario

pytestmark = pytest.mark.django_db


def test_accuracy_page_loads_the_triage_section(client, reader):
    client.force_login(reader)
    page = client.get(reverse("accuracy:overview")).content.decode()
    assert f'hx-get="{reverse("triage:accuracy")}"' in page
    section = client.get(reverse("triage:accuracy"), headers={"HX-Request": "true"}).content.decode()
    assert section.lstrip().startswith('<section class="panel acc-section" id="triage-section"')
    assert 'In use: <strong data-testid="triage-in-use">prior-1</strong>' in section
    assert "<html" not in section
    assert "<html" in client.get(reverse("triage:accuracy")).content.decode()  # opened on its own


def test_each_model_version_is_listed_with_its_figures(client, reader):
    scenario.build(decisions=300)
    row = triage_retrain(force=True)
    client.force_login(reader)
    section = client.get(reverse("triage:accuracy"), headers={"HX-Request": "true"}).content.decode()
    assert "model-1" in section and "in use" in section
    assert f"{row.metrics['model']['auc']:.3f}" in section
    assert f"{row.trained_on}</td>" in section


def test_scores_and_reasons_are_stored_on_the_claim(editor):
    claims = scenario.build(decisions=2, editor=editor)
    claim = claims[0]
    claim.content = "the council had spent £40 million on consultants"
    claim.evidence = Claim.Evidence.NOT_PROVIDED
    claim.save()
    history_before = claim.history.count()
    version_before = claim.version
    assert claims_score(claim_ids=[claim.pk]) == 1
    claim.refresh_from_db()
    assert claim.worth_model == "prior-1" and claim.worth_score >= 80
    assert [r["code"] for r in claim.worth_reasons][:2] == ["no_evidence", "figure"]
    assert claim.worth_reasons[0] == {"code": "no_evidence", "text": "no evidence given", "sign": "+"}
    assert claim.history.count() == history_before and claim.version == version_before  # machine state


def test_claim_page_shows_the_score_and_its_reasons(client, editor):
    claim = scenario.build(decisions=1, editor=editor)[0]
    Claim.objects.filter(pk=claim.pk).update(
        worth_score=83,
        worth_model="prior-1",
        worth_reasons=[
            {"code": "figure", "text": "gives a figure", "sign": "+"},
            {"code": "opinion", "text": "opinion, not a checkable fact", "sign": "-"},
        ],
    )
    client.force_login(editor)
    page = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert "<dt>Worth checking</dt>" in page and 'class="worth-score worth-high"' in page and ">83<" in page
    assert '<span class="worth-reason">gives a figure</span>' in page
    assert '<span class="worth-reason is-negative">opinion, not a checkable fact</span>' in page


@pytest.fixture
def eager():
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True  # the score task runs when its event is sent, as a worker would
    yield
    app.conf.task_always_eager = before


def test_flagging_a_claim_rescores_the_speakers_waiting_claims(
    editor, eager, django_capture_on_commit_callbacks
):
    from apps.claims.services import claim_flag_unsupported
    from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory

    speaker = SpeakerFactory(name="Ada Vance")
    flagged = ClaimFactory(speaker=speaker, article=ArticleFactory())
    waiting = ClaimFactory(speaker=speaker, article=ArticleFactory())
    claims_score(claim_ids=[flagged.pk, waiting.pk])
    waiting.refresh_from_db()
    before = waiting.worth_score
    assert "speaker_record" not in [r["code"] for r in waiting.worth_reasons]
    with django_capture_on_commit_callbacks(execute=True):
        claim_flag_unsupported(claim=flagged, user=editor)
    waiting.refresh_from_db()
    assert waiting.worth_score > before
    assert {"code": "speaker_record", "text": "speaker has claims flagged unsupported (1)", "sign": "+"} in (
        waiting.worth_reasons
    )
