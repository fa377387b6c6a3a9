"""The accuracy page compares extractor versions after a re-extraction: a claim the new version found again
and an editor then reviewed counts for the new version, measured against what the new version said; the
old version keeps its own reviews and the claims it missed; both versions show side by side."""

import re
from dataclasses import replace

import pytest
from django.urls import reverse

from apps.accuracy.selectors import Ratio, accuracy_overview
from apps.accuracy.services import claim_outcomes_record
from apps.articles.models import Article
from apps.articles.services import (
    article_persist_extraction,
    articles_for_reextraction,
    reextraction_run_batch,
    reextraction_start,
)
from apps.claims.models import Claim
from apps.claims.services import claim_confirm, claim_create_manual, speaker_resolve
from apps.extraction import EXTRACTOR_VERSION, extract_claims
from apps.extraction.apps import config_from_settings
from tests.factories import ArticleFactory, EditorFactory

pytestmark = pytest.mark.django_db

OLD = "rules-1.0"
TEXT = (
    "Finance minister Carla Benedetti said the deficit would halve by 2028. "
    "She provided no evidence for this claim.\n"
    "Opposition leader Tomas Greer said the figures were invented.\n"
    "Union leaders, for their part, think the cuts will cost jobs."
)


def _version_rows(html: str) -> list[str]:
    """The row labels of the page's "By extractor version" table, in order."""
    section = html[html.index('id="acc-version-title"') :]
    section = section[: section.index("</section>")]
    return re.findall(r'<th scope="row">([^<]+)</th>', section)


def test_a_reextracted_article_counts_for_the_new_version_beside_the_old(reader_client):
    editor = EditorFactory()
    article = ArticleFactory(text=TEXT, status=Article.Status.EXTRACTING)
    real = extract_claims(TEXT, config=config_from_settings())
    assert {c.content for c in real.claims} >= {
        "the deficit would halve by 2028",
        "the figures were invented",
    }
    # the old version got the deficit claim's evidence wrong; the current one gets it right
    wrong = tuple(
        replace(c, evidence="not_stated", evidence_cue=None, evidence_span=None)
        if c.content == "the deficit would halve by 2028"
        else c
        for c in real.claims
    )
    article_persist_extraction(article=article, result=replace(real, claims=wrong), extractor_version=OLD)
    deficit = article.claims.get(content="the deficit would halve by 2028")
    figures = article.claims.get(content="the figures were invented")
    claim_confirm(claim=figures, user=editor)  # reviewed under the old version
    start = TEXT.index("the cuts will cost jobs")
    missed = claim_create_manual(  # the old version missed it
        article=article,
        user=editor,
        start=start,
        end=start + len("the cuts will cost jobs"),
        speaker=speaker_resolve(name="Union leaders", kind="group"),
    )
    assert reader_client.get(reverse("accuracy:overview")).status_code == 200  # outcomes recorded (old)

    run = reextraction_start(articles=articles_for_reextraction(), scope="test")
    reextraction_run_batch(run=run, article_ids=[article.pk])
    deficit = Claim.objects.get(pk=deficit.pk)  # found again: same id, the new version's view
    assert deficit.extractor_version == EXTRACTOR_VERSION and deficit.evidence == "not_provided"
    assert Claim.objects.get(pk=figures.pk).extractor_version == OLD  # reviewed: left as it was
    assert Claim.objects.get(pk=missed.pk).extractor_version == ""
    claim_confirm(claim=deficit, user=editor)  # the editor agrees with the new version

    claim_outcomes_record()
    by_version = {row.label: row for row in accuracy_overview().by_version}
    new, old = by_version[EXTRACTOR_VERSION], by_version[OLD]
    # the confirmed deficit claim: the new version's, and its evidence flag was right (not "changed"
    # against what the old version had said)
    assert new.precision == Ratio(1, 1) and new.evidence == Ratio(1, 1) and new.evidence_changed == 0
    assert new.missed == 0
    # the old version keeps its review and the claim it missed, though the article is now the new version's
    assert old.precision == Ratio(1, 1) and (old.missed, old.recall) == (1, Ratio(1, 2))

    html = reader_client.get(reverse("accuracy:overview")).content.decode()
    assert _version_rows(html) == [EXTRACTOR_VERSION, OLD]  # side by side, newest first
