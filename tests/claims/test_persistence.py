"""Extraction results persisted: speakers shared across articles, re-extraction keeps editors' work."""

from dataclasses import replace

import pytest
from django.utils import timezone

from apps.articles.models import Article
from apps.articles.services import article_extract_claims, article_persist_extraction
from apps.claims.models import Claim, Speaker, SpeakerAlias
from apps.claims.services import (
    ClaimEdit,
    claim_add_evidence_link,
    claim_add_note,
    claim_confirm,
    claim_create_manual,
    claim_dismiss,
    claim_edit,
    claim_set_review_status,
    speaker_resolve,
)
from apps.claims.signals import claims_extracted
from apps.extraction import EXTRACTOR_VERSION, extract_claims
from apps.extraction.apps import config_from_settings
from apps.extraction.types import ExtractionResult
from tests.factories import THREE_CLAIMS_TEXT, ArticleFactory, ClaimFactory, EditorFactory

pytestmark = pytest.mark.django_db

TEXT = THREE_CLAIMS_TEXT


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
    article_extract_claims(article=article, force=True)  # forced: found again, same result
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
    # the untouched claim the run finds again keeps its row: nothing was replaced
    assert set(after.values_list("pk", flat=True)) == before


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


# --- Re-extraction keeps every editor's work (issue 10) ---------------------------------------------------


def _run(article, transform=lambda candidates: candidates):
    """Persist a real extraction of the article's text, its candidates first passed through `transform`."""
    result = extract_claims(article.text, config=config_from_settings())
    result = replace(result, claims=tuple(transform(list(result.claims))))
    return article_persist_extraction(article=article, result=result, extractor_version=EXTRACTOR_VERSION)


def _by_content(article):
    return {c.content: c for c in article.claims.all()}


def _history(article):
    return list(
        Claim.history.filter(article_id=article.pk).values_list("id", "history_type", "history_change_reason")
    )


def test_running_twice_changes_nothing_same_ids_no_new_history():
    article = _article()
    article_extract_claims(article=article)
    ids, history = set(article.claims.values_list("pk", flat=True)), _history(article)
    article_extract_claims(article=article, force=True)
    article_extract_claims(article=article, force=True)
    assert set(article.claims.values_list("pk", flat=True)) == ids
    assert _history(article) == history


def test_a_note_and_a_link_survive_a_rerun_that_no_longer_finds_their_claims():
    editor = EditorFactory()
    article = _article()
    article_extract_claims(article=article)
    claims = _by_content(article)
    noted, linked = claims["the deficit would halve by 2028"], claims["the figures were invented"]
    untouched = claims["“We have turned the corner,”"]
    claim_add_note(claim=noted, user=editor, text="Treasury forecasts say otherwise.")
    claim_add_evidence_link(claim=linked, user=editor, url="https://example.org/figures")

    assert _run(article, lambda candidates: []) == 0  # the new run finds nothing

    assert set(article.claims.values_list("pk", flat=True)) == {noted.pk, linked.pk}
    assert list(noted.notes.values_list("text", flat=True)) == ["Treasury forecasts say otherwise."]
    assert list(linked.evidence_links.values_list("url", flat=True)) == ["https://example.org/figures"]
    # the untouched claim went, and its deletion is in the audit history, with why
    gone = Claim.history.get(id=untouched.pk, history_type="-")
    assert gone.history_change_reason == f"No longer found by extractor {EXTRACTOR_VERSION}"
    assert gone.content == "“We have turned the corner,”"


def test_a_claim_found_again_keeps_its_id_and_takes_the_new_runs_view():
    article = _article()
    article_extract_claims(article=article)
    figures = _by_content(article)["the figures were invented"]
    assert figures.evidence == Claim.Evidence.NOT_STATED

    def not_provided(candidates):
        return [
            replace(c, evidence="not_provided", evidence_cue="no proof", evidence_span=(0, 7))
            if c.content == figures.content
            else c
            for c in candidates
        ]

    _run(article, not_provided)
    again = Claim.objects.get(pk=figures.pk)
    assert (again.evidence, again.evidence_cue, again.version) == (
        "not_provided",
        "no proof",
        figures.version + 1,
    )
    record = again.history.first()
    assert record.history_type == "~" and record.history_user is None
    assert record.history_change_reason == f"Found again by extractor {EXTRACTOR_VERSION}"


def test_a_reviewed_claim_found_again_is_not_changed():
    editor = EditorFactory()
    article = _article()
    article_extract_claims(article=article)
    figures = claim_confirm(claim=_by_content(article)["the figures were invented"], user=editor)
    _run(
        article,
        lambda cs: [replace(c, evidence="provided", evidence_cue="x", evidence_span=(0, 7)) for c in cs],
    )
    again = Claim.objects.get(pk=figures.pk)
    assert (again.evidence, again.version) == ("not_stated", figures.version)


def test_a_shifted_span_keeps_the_claim_and_moves_it():
    """The overlap rule: a candidate that is not at an earlier claim's span but covers at least half of the
    characters the two cover together is that claim, trimmed or extended."""
    article = _article()
    article_extract_claims(article=article)
    deficit = _by_content(article)["the deficit would halve by 2028"]

    def trimmed(candidates):  # "the deficit would halve" (the new version leaves out "by 2028")
        return [
            replace(c, content=c.content[:-8], content_span=(c.content_span[0], c.content_span[1] - 8))
            if c.content == deficit.content
            else c
            for c in candidates
        ]

    _run(article, trimmed)
    moved = Claim.objects.get(pk=deficit.pk)
    assert (moved.content, moved.end) == ("the deficit would halve", deficit.end - 8)
    assert article.text[moved.start : moved.end] == moved.content
    assert article.claims.count() == 3


def test_a_candidate_barely_overlapping_an_old_claim_is_a_new_claim():
    article = _article()
    article_extract_claims(article=article)
    deficit = _by_content(article)["the deficit would halve by 2028"]
    start = deficit.start + 18  # "halve by 2028. She": shares 13 of 36 characters with the old claim

    def elsewhere(candidates):
        return [
            replace(c, content=article.text[start : start + 18], content_span=(start, start + 18))
            if c.content == deficit.content
            else c
            for c in candidates
        ]

    _run(article, elsewhere)
    assert not Claim.objects.filter(pk=deficit.pk).exists()
    assert article.claims.filter(start=start).exists()


@pytest.mark.parametrize("work", ["note", "link", "said-before decision", "notification", "reopened"])
def test_any_editor_work_keeps_a_claim_the_run_no_longer_finds(work):
    from apps.alerts.models import Event, Notification
    from apps.similarity.models import ClaimLink

    editor = EditorFactory()
    article = _article()
    article_extract_claims(article=article)
    claim = _by_content(article)["the figures were invented"]
    if work == "note":
        claim_add_note(claim=claim, user=editor, text="Check.")
    elif work == "link":
        claim_add_evidence_link(claim=claim, user=editor, url="https://example.org/")
    elif work == "said-before decision":
        earlier = ClaimFactory()
        ClaimLink.objects.create(
            claim=claim,
            earlier_claim=earlier,
            score=0.9,
            method="lexical",
            status="rejected",
            reviewed_by=editor,
            reviewed_at=timezone.now(),
        )
    elif work == "notification":
        Notification.objects.create(user=editor, claim=claim, kind=Event.NOT_PROVIDED_CLAIM)
    else:
        claim_confirm(claim=claim, user=editor)
        claim_set_review_status(claim=claim, user=editor, status=Claim.ReviewStatus.NEW)
    _run(article, lambda candidates: [])
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_a_suggested_said_before_link_is_the_machines_and_keeps_nothing():
    from apps.similarity.models import ClaimLink

    article = _article()
    article_extract_claims(article=article)
    claim = _by_content(article)["the figures were invented"]
    ClaimLink.objects.create(claim=claim, earlier_claim=ClaimFactory(), score=0.9, method="lexical")
    _run(article, lambda candidates: [])
    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_a_candidate_overlapping_a_noted_claim_is_dropped_and_the_claim_stays_put():
    editor = EditorFactory()
    article = _article()
    article_extract_claims(article=article)
    deficit = _by_content(article)["the deficit would halve by 2028"]
    claim_add_note(claim=deficit, user=editor, text="Check.")

    def shifted(candidates):
        return [
            replace(c, content=c.content[:-8], content_span=(c.content_span[0], c.content_span[1] - 8))
            if c.content == deficit.content
            else c
            for c in candidates
        ]

    _run(article, shifted)
    assert Claim.objects.get(pk=deficit.pk).span == deficit.span
    assert article.claims.count() == 3


def test_claims_extracted_announces_only_new_claims():
    article = _article()
    heard = []

    def listener(sender, article, claims, **kwargs):
        heard.append(sorted(c.content for c in claims))

    claims_extracted.connect(listener)
    try:
        article_extract_claims(article=article)
        first = _by_content(article)["the figures were invented"]
        claim_dismiss(claim=first, user=EditorFactory())
        article_extract_claims(article=article, force=True)
        _run(article, lambda cs: [*cs, replace(cs[0], content="She", content_span=(71, 74))])
    finally:
        claims_extracted.disconnect(listener)
    assert len(heard[0]) == 3
    assert heard[1:] == [[], ["She"]]


def test_a_run_on_a_text_changed_meanwhile_stores_nothing():
    article = _article()
    article_extract_claims(article=article)
    ids = set(article.claims.values_list("pk", flat=True))
    result = extract_claims(article.text, config=config_from_settings())
    stale = article_persist_extraction(
        article=article, result=replace(result, claims=()), extractor_version="x", text="an older text"
    )
    assert stale == 0 and set(article.claims.values_list("pk", flat=True)) == ids


def test_a_skipped_run_changes_no_claim():
    article = _article()
    article_extract_claims(article=article)
    ids = set(article.claims.values_list("pk", flat=True))
    result = ExtractionResult(status="skipped", reason="Too long.", language="en", claims=())
    article_persist_extraction(article=article, result=result, extractor_version=EXTRACTOR_VERSION)
    article.refresh_from_db()
    assert article.status == Article.Status.SKIPPED
    assert set(article.claims.values_list("pk", flat=True)) == ids


def test_a_run_whose_rules_failed_marks_the_article_failed_and_keeps_its_claims():
    """A bug in the rules is a failure the article page shows (with Retry), never "done, no claims"."""
    article = _article()
    article_extract_claims(article=article)
    ids = set(article.claims.values_list("pk", flat=True))
    assert ids
    reason = "The claim rules failed: RuntimeError: rule bug"
    result = ExtractionResult(status="error", reason=reason, language="en", claims=())
    assert (
        article_persist_extraction(article=article, result=result, extractor_version=EXTRACTOR_VERSION) == 0
    )
    article.refresh_from_db()
    assert (article.status, article.error) == (Article.Status.FAILED, reason)
    assert set(article.claims.values_list("pk", flat=True)) == ids
