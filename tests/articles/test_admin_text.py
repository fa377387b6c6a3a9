"""An article's text in the admin: read-only once claims are anchored in it; corrected as a new version that
moves the claims with their words, or refuses, naming the claims it cannot move, and changes nothing."""

import re

import pytest
from django.urls import reverse

from apps.articles.models import Article, ArticleTextVersion
from apps.articles.services import SubmissionError, article_correct_text, article_extract_claims
from apps.claims.models import Claim
from apps.claims.services import TextCorrectionRefused, claim_add_note, claim_confirm
from tests.factories import THREE_CLAIMS_TEXT, ArticleFactory, EditorFactory

pytestmark = pytest.mark.django_db

TEXT = THREE_CLAIMS_TEXT


@pytest.fixture
def admin_client_(client, admin_user_):
    client.force_login(admin_user_)
    return client


@pytest.fixture
def eager():
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def extracted():
    article = ArticleFactory(text=TEXT, status=Article.Status.EXTRACTING)
    article_extract_claims(article=article)
    article.refresh_from_db()
    return article


def _claim(article, content):
    return article.claims.get(content=content)


def _snapshot(article):
    article.refresh_from_db()
    claims = list(article.claims.order_by("pk").values_list("pk", "start", "end", "content", "version"))
    return (
        article.text,
        article.status,
        claims,
        Claim.history.filter(article_id=article.pk).count(),
        article.history.count(),
        ArticleTextVersion.objects.filter(article=article).count(),
    )


def _correct_url(article):
    return reverse("admin:articles_article_correct_text", args=[article.pk])


# --- read-only once claims exist ------------------------------------------------------------------


def test_text_is_editable_before_claims_and_read_only_after(admin_client_, extracted):
    fresh = ArticleFactory()
    page = admin_client_.get(reverse("admin:articles_article_change", args=[fresh.pk]))
    assert "text" in page.context["adminform"].form.fields
    assert '<textarea name="text"' in page.content.decode()

    page = admin_client_.get(reverse("admin:articles_article_change", args=[extracted.pk]))
    html = page.content.decode()
    assert "text" not in page.context["adminform"].form.fields
    assert '<textarea name="text"' not in html
    assert _correct_url(extracted) in html and "Correct the text…" in html


def test_posting_a_changed_text_through_the_change_form_changes_nothing(admin_client_, extracted):
    from django.contrib.admin.sites import site

    from apps.articles.admin import ArticleAdmin

    request = admin_client_.get(reverse("admin:articles_article_change", args=[extracted.pk])).wsgi_request
    form_class = ArticleAdmin(Article, site).get_form(request, extracted)
    data = {"title": extracted.title, "origin": extracted.origin, "text": "Something else entirely."}
    form = form_class(data=data, instance=extracted)
    assert "text" not in form.fields
    if form.is_valid():
        form.save()
    extracted.refresh_from_db()
    assert extracted.text == TEXT


# --- a correction that keeps claims' words moves them ---------------------------------------------


def test_a_correction_moves_a_noted_claim_with_its_words(
    admin_client_, admin_user_, extracted, eager, django_capture_on_commit_callbacks
):
    figures = _claim(extracted, "the figures were invented")
    claim_add_note(claim=figures, user=EditorFactory(), text="Ask for the figures.")
    ids = set(extracted.claims.values_list("pk", flat=True))
    corrected = ("UPDATED 10:40 " + TEXT).replace("told reporters", "told journalists on Monday")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            _correct_url(extracted), {"text": corrected, "note": "typo in the quote"}
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    extracted.refresh_from_db()
    assert extracted.text == corrected
    figures.refresh_from_db()
    assert extracted.text[figures.start : figures.end] == figures.content == "the figures were invented"
    assert extracted.text[figures.cue_start : figures.cue_end] == "said"
    assert list(figures.notes.values_list("text", flat=True)) == ["Ask for the figures."]
    moved = figures.history.filter(history_change_reason=Claim.MOVED_WITH_TEXT).get()
    assert moved.history_user == admin_user_
    # every claim's words were unchanged: all moved, none lost, and re-extraction (run at once here) found
    # them again, so they keep their ids
    assert extracted.status == Article.Status.DONE
    assert set(extracted.claims.values_list("pk", flat=True)) == ids
    for claim in extracted.claims.all():
        assert extracted.text[claim.start : claim.end] == claim.content
    # the earlier text is kept, and the correction is in the article's history
    version = ArticleTextVersion.objects.get(article=extracted)
    assert (version.text, version.note, version.replaced_by) == (TEXT, "typo in the quote", admin_user_)
    assert extracted.history.filter(history_change_reason="Text corrected: typo in the quote").exists()
    # and the review desk highlights the same words as before
    admin_client_.force_login(EditorFactory())
    html = admin_client_.get(extracted.get_absolute_url()).content.decode()
    highlighted = re.search(rf'id="claim-{figures.pk}"[^>]*>([^<]*)</a>', html)
    assert highlighted and highlighted.group(1) == "the figures were invented"


def test_an_untouched_claim_whose_words_change_is_removed_into_the_history(
    extracted, django_capture_on_commit_callbacks
):
    quote = _claim(extracted, "“We have turned the corner,”")
    corrected = TEXT.replace("turned the corner", "turned a corner")
    with django_capture_on_commit_callbacks():
        followed = article_correct_text(article=extracted, text=corrected, user=EditorFactory())
    assert followed.removed == 1
    assert not Claim.objects.filter(pk=quote.pk).exists()
    gone = Claim.history.get(id=quote.pk, history_type="-")
    assert "changed by a correction" in gone.history_change_reason


# --- a correction inside an editor's claim is refused ------------------------------------------------


def test_a_correction_inside_a_reviewed_claim_is_refused_and_nothing_changes(admin_client_, extracted):
    deficit = claim_confirm(claim=_claim(extracted, "the deficit would halve by 2028"), user=EditorFactory())
    before = _snapshot(extracted)
    corrected = ("UPDATED " + TEXT).replace("halve by 2028", "halve by 2029")

    response = admin_client_.post(_correct_url(extracted), {"text": corrected})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was changed" in html
    assert f"claim {deficit.pk} “the deficit would halve by 2028”" in html
    assert _snapshot(extracted) == before


def test_the_service_names_every_claim_it_cannot_move(extracted):
    editor = EditorFactory()
    deficit = claim_confirm(claim=_claim(extracted, "the deficit would halve by 2028"), user=editor)
    figures = _claim(extracted, "the figures were invented")
    claim_add_note(claim=figures, user=editor, text="Check.")
    before = _snapshot(extracted)
    corrected = TEXT.replace("2028", "2029").replace("were invented", "were made up")
    with pytest.raises(TextCorrectionRefused) as refused:
        article_correct_text(article=extracted, text=corrected, user=editor)
    assert {c.pk for c in refused.value.claims} == {deficit.pk, figures.pk}
    assert "2 claims that editors have worked on" in str(refused.value)
    assert _snapshot(extracted) == before


@pytest.mark.parametrize(
    ("status", "text", "message"),
    [
        (Article.Status.EXTRACTING, TEXT + " More.", "being processed"),
        (Article.Status.DONE, TEXT, "unchanged"),
        (Article.Status.DONE, "   ", "empty"),
    ],
)
def test_corrections_refused_before_anything_changes(extracted, status, text, message):
    Article.objects.filter(pk=extracted.pk).update(status=status)
    before = _snapshot(extracted)
    with pytest.raises(SubmissionError, match=message):
        article_correct_text(article=extracted, text=text)
    assert _snapshot(extracted) == before


def test_the_text_of_another_article_is_refused(extracted):
    other = ArticleFactory()
    with pytest.raises(SubmissionError, match=f"already stored as article {other.pk}"):
        article_correct_text(article=extracted, text=other.text)


def test_only_staff_with_change_permission_reach_the_form(client, extracted):
    url = _correct_url(extracted)
    client.force_login(EditorFactory())
    assert client.get(url).status_code == 302  # the admin's login page
    assert "/admin/login/" in client.get(url)["Location"]
