"""Extraction results persisted: speakers shared across articles, re-extraction keeps editors' work."""

import pytest

from apps.articles.models import Article
from apps.claims.models import Claim, Speaker, SpeakerAlias
from apps.claims.services import (
    ClaimEdit,
    article_extract_claims,
    claim_add_note,
    claim_confirm,
    claim_create_manual,
    claim_edit,
    speaker_resolve,
)
from apps.extraction import EXTRACTOR_VERSION
from tests.factories import ArticleFactory, EditorFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Finance minister Carla Benedetti said the deficit would halve by 2028. "
    "She provided no evidence for this claim.\n"
    "“We have turned the corner,” Ms Benedetti told reporters.\n"
    "Opposition leader Tomas Greer said the figures were invented."
)


def _article(text=TEXT):
    return ArticleFactory(text=text, status=Article.Status.EXTRACTING)


def _claims(article):
    return list(article.claims.order_by("start").values_list("speaker__name", "content", "evidence"))


def test_extraction_stores_claims_with_canonical_speakers():
    article = _article()
    assert article_extract_claims(article=article) >= 3
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and article.extractor_version == EXTRACTOR_VERSION
    rows = _claims(article)
    assert ("Carla Benedetti", "the deficit would halve by 2028", "not_provided") in rows
    assert any(s == "Carla Benedetti" and c.startswith("“We have turned") for s, c, _ in rows)
    assert Speaker.objects.filter(name="Carla Benedetti").count() == 1
    for claim in article.claims.all():
        assert article.text[claim.start : claim.end] == claim.content
        assert claim.history.count() == 1  # creation is audited


def test_running_twice_makes_no_duplicates():
    article = _article()
    article_extract_claims(article=article)
    first = _claims(article)
    article_extract_claims(article=article)  # done, same version: nothing to do
    article_extract_claims(article=article, force=True)  # forced: replaced, same result
    assert _claims(article) == first
    assert article.claims.count() == len(first)


def test_reextraction_keeps_reviewed_edited_and_manual_claims():
    editor = EditorFactory()
    article = _article()
    article_extract_claims(article=article)
    deficit = article.claims.get(content__startswith="the deficit")
    quote = article.claims.get(content__startswith="“We have")
    claim_confirm(claim=deficit, user=editor)
    claim_add_note(claim=deficit, user=editor, text="Treasury forecasts say otherwise.")
    greer = speaker_resolve(name="Tomas Greer")
    claim_edit(
        claim=quote, user=editor, edit=ClaimEdit(quote.start, quote.end - 1, greer, "direct", "not_stated")
    )
    manual_start = article.text.index("Opposition")
    manual = claim_create_manual(
        article=article, user=editor, start=manual_start, end=manual_start + 15, speaker=greer
    )
    before = set(article.claims.values_list("pk", flat=True))

    article_extract_claims(article=article, force=True)

    after = article.claims.all()
    kept = {deficit.pk, quote.pk, manual.pk}
    assert kept <= set(after.values_list("pk", flat=True))
    deficit.refresh_from_db()
    quote.refresh_from_db()
    assert deficit.review_status == Claim.ReviewStatus.CONFIRMED and deficit.notes.count() == 1
    assert quote.speaker == greer and quote.edited
    # no machine claim overlaps what the editors kept
    for claim in after.exclude(pk__in=kept):
        for k in (deficit, quote, manual):
            assert not (claim.start < k.end and k.start < claim.end)
    assert len(set(after.values_list("pk", flat=True)) - before) >= 1


def test_speaker_shared_across_articles_and_aliases_recorded():
    a = _article()
    b = _article("Mr Benedetti? No. Carla Benedetti said on Monday that taxes would not rise.")
    article_extract_claims(article=a)
    article_extract_claims(article=b)
    assert Speaker.objects.filter(name="Carla Benedetti").count() == 1
    assert Claim.objects.filter(speaker__name="Carla Benedetti", article=b).exists()


def test_speaker_resolve_matches_aliases_and_surnames():
    putin = speaker_resolve(name="Vladimir Putin", aliases=["Mr. Putin", "Putin"])
    assert speaker_resolve(name="Mr Putin") == putin
    assert speaker_resolve(name="President Putin") == putin
    assert set(SpeakerAlias.objects.filter(speaker=putin).values_list("normalised_name", flat=True)) >= {
        "putin"
    }
    officials = speaker_resolve(name="officials", kind=Speaker.Kind.GROUP)
    assert officials != putin and officials.kind == Speaker.Kind.GROUP
    # a fuller name found later becomes canonical
    hale = speaker_resolve(name="Hale")
    assert speaker_resolve(name="Martin Hale") == hale
    hale.refresh_from_db()
    assert hale.name == "Martin Hale"


def test_non_english_and_empty_texts_are_skipped_with_a_reason():
    german = _article(
        "Die Regierung sagte am Montag, dass die Steuern im nächsten Jahr nicht steigen würden. "
        "Der Minister erklärte, die Wirtschaft wachse schneller als erwartet, und die Opposition widersprach."
    )
    article_extract_claims(article=german)
    german.refresh_from_db()
    assert german.status == Article.Status.SKIPPED
    assert "not English" in german.error
    assert german.claims.count() == 0
