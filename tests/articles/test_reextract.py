"""Re-extraction of stored articles with the current extractor: `manage.py reextract`, the admin's actions on
Articles and Sources, a real Celery worker running it, and its progress."""

from dataclasses import replace
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from apps.articles.models import Article, ReextractionItem, ReextractionRun
from apps.articles.services import (
    REEXTRACT_BATCH_SIZE,
    article_persist_extraction,
    articles_for_reextraction,
    reextraction_run_batch,
    reextraction_start,
)
from apps.claims.models import Claim
from apps.claims.services import claim_add_note, claim_confirm
from apps.extraction import EXTRACTOR_VERSION, extract_claims
from apps.extraction.apps import config_from_settings
from tests.factories import ArticleFactory, EditorFactory, SourceFactory, UserFactory
from tests.processes import wait_for

OLD = "rules-1.0"

TEXT = (
    "Finance minister Carla Benedetti said the deficit would halve by 2028. "
    "She provided no evidence for this claim.\n"
    "Opposition leader Tomas Greer said the figures were invented."
)


def test_the_version_was_bumped():
    assert EXTRACTOR_VERSION != OLD and EXTRACTOR_VERSION.startswith("rules-")


def reextract(*args) -> str:
    out = StringIO()
    call_command("reextract", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def stored(db):
    """Stored articles in every state the command has to tell apart."""
    north, south = SourceFactory(name="North Post"), SourceFactory(name="South Star")
    rows = {
        "old": ArticleFactory(source=north, extractor_version=OLD),
        "old_south": ArticleFactory(source=south, extractor_version=OLD),
        "skipped_old": ArticleFactory(source=north, extractor_version=OLD, status=Article.Status.SKIPPED),
        "never": ArticleFactory(source=north, extractor_version=""),  # before versions were stored
        "current": ArticleFactory(source=north, extractor_version=EXTRACTOR_VERSION),
        "failed": ArticleFactory(
            source=north, extractor_version=OLD, status=Article.Status.FAILED, error="x"
        ),
        "queued": ArticleFactory(source=north, extractor_version=OLD, status=Article.Status.QUEUED),
        "no_text": ArticleFactory(source=north, extractor_version=OLD, text="", content_hash=""),
    }
    Article.objects.filter(pk=rows["skipped_old"].pk).update(created_at=timezone.now() - timedelta(days=40))
    return rows


def _pks(qs):
    return set(qs.values_list("pk", flat=True))


def _queued(run):
    return set(run.items.values_list("article_id", flat=True))


@pytest.mark.django_db
def test_dry_run_counts_what_would_be_queued_and_queues_nothing(stored):
    out = reextract("--dry-run")
    assert f"would re-extract 4 article(s) with {EXTRACTOR_VERSION}" in out
    assert f"1 last extracted by no known version, 3 last extracted by {OLD}" in out
    assert ReextractionRun.objects.count() == 0 and ReextractionItem.objects.count() == 0
    assert _pks(articles_for_reextraction()) == {
        stored[k].pk for k in ("old", "old_south", "skipped_old", "never")
    }


@pytest.mark.django_db
def test_filters_source_since_and_all(stored):
    assert "would re-extract 3 article(s)" in reextract("--dry-run", "--source", "north post")
    since = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert "would re-extract 3 article(s)" in reextract("--dry-run", "--since", since)  # not skipped_old
    assert "would re-extract 2 article(s)" in reextract(
        "--dry-run", "--source", "North Post", "--since", since
    )
    # --all adds the one already current; failed, queued and text-less articles are never taken
    assert "would re-extract 5 article(s)" in reextract("--dry-run", "--all")
    with pytest.raises(CommandError, match="No source named 'Nowhere'"):
        reextract("--source", "Nowhere")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        reextract("--since", "last week")


@pytest.mark.django_db
def test_a_run_queues_batches_once_and_a_second_run_finds_nothing_to_do(
    stored, django_capture_on_commit_callbacks
):
    more = ArticleFactory.create_batch(REEXTRACT_BATCH_SIZE, extractor_version=OLD)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        out = reextract()
    run = ReextractionRun.objects.get()
    assert f"Re-extraction run {run.pk}: {REEXTRACT_BATCH_SIZE + 4} article(s) queued" in out
    assert len(sent) == 2  # one task per batch, sent when its batch is committed
    assert run.items.filter(status=ReextractionItem.Status.PENDING).count() == REEXTRACT_BATCH_SIZE + 4
    assert run.extractor_version == EXTRACTOR_VERSION and run.status == ReextractionRun.Status.RUNNING
    assert _queued(run) >= {a.pk for a in more}
    # idempotent: the articles are waiting, so nothing is queued twice, even with --all
    assert "Nothing to re-extract" in reextract()
    out = reextract("--all")
    assert "1 article(s) queued" in out  # only the one that was already current
    assert ReextractionItem.objects.filter(article=stored["current"]).count() == 1
    assert ReextractionItem.objects.count() == REEXTRACT_BATCH_SIZE + 5

    # tasks lost (the broker's data wiped): --resume sends the run's waiting articles again
    with django_capture_on_commit_callbacks(execute=False) as resent:
        out = reextract("--resume", str(run.pk))
    assert f"Run {run.pk}: {REEXTRACT_BATCH_SIZE + 4} waiting article(s) sent again." in out
    assert len(resent) == 2 and ReextractionItem.objects.count() == REEXTRACT_BATCH_SIZE + 5
    with pytest.raises(CommandError, match="No re-extraction run 999999"):
        reextract("--resume", "999999")

    status = reextract("--status")
    assert f"Run {run.pk} · {EXTRACTOR_VERSION} · running, {REEXTRACT_BATCH_SIZE + 4} waiting" in status
    assert f"{REEXTRACT_BATCH_SIZE + 4} queued: 0 done, 0 skipped, 0 failed" in status


@pytest.mark.django_db
def test_a_batch_skips_an_article_an_editor_re_ran_meanwhile_and_finishes_the_run(db):
    article = ArticleFactory(text=TEXT, extractor_version=OLD)
    busy = ArticleFactory(extractor_version=OLD)
    run = reextraction_start(articles=articles_for_reextraction(), scope="test")
    Article.objects.filter(pk=busy.pk).update(status=Article.Status.EXTRACTING)

    reextraction_run_batch(run=run, article_ids=[article.pk, busy.pk])
    reextraction_run_batch(run=run, article_ids=[article.pk, busy.pk])  # a task delivered twice

    run = ReextractionRun.objects.with_progress().get(pk=run.pk)
    assert (run.queued, run.done, run.skipped, run.failed, run.waiting) == (2, 1, 1, 0, 0)
    assert run.status == ReextractionRun.Status.FINISHED and run.finished_at
    article.refresh_from_db()
    assert article.extractor_version == EXTRACTOR_VERSION and article.claims.count() >= 2
    skipped = run.items.get(article=busy)
    assert skipped.detail == "The article was extracting claims when its turn came."
    out = reextract("--status", "--run", str(run.pk))
    assert "finished" in out and "2 queued: 1 done, 1 skipped, 0 failed" in out
    assert f"article {busy.pk}: skipped: The article was extracting claims" in out


@pytest.mark.django_db
def test_a_worker_on_another_extractor_version_fails_the_batch_saying_so(db):
    article = ArticleFactory(text=TEXT, extractor_version=OLD)
    run = reextraction_start(articles=articles_for_reextraction(), scope="test")
    ReextractionRun.objects.filter(pk=run.pk).update(extractor_version="rules-9.9")
    run.refresh_from_db()
    reextraction_run_batch(run=run, article_ids=[article.pk])
    item = run.items.get()
    assert item.status == ReextractionItem.Status.FAILED
    assert f"This worker runs extractor {EXTRACTOR_VERSION}, not rules-9.9" in item.detail
    article.refresh_from_db()
    assert article.extractor_version == OLD  # nothing was changed
    # the failed article is taken again by the next run
    assert _pks(articles_for_reextraction()) == {article.pk}


# --- The admin's actions and pages ----------------------------------------------------------------------


@pytest.fixture
def staff_client(client, admin_user_):
    client.force_login(admin_user_)
    return client


def _action(client, model: str, action: str, pks, **extra):
    return client.post(
        reverse(f"admin:{model}_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in pks], **extra},
        follow=True,
    )


@pytest.mark.django_db
def test_article_action_reruns_the_chosen_articles_whatever_their_version(stored, staff_client):
    chosen = [stored["current"].pk, stored["old"].pk, stored["failed"].pk]
    response = _action(staff_client, "articles_article", "rerun_extraction", chosen)
    run = ReextractionRun.objects.get()
    body = response.content.decode()
    assert f"Re-extraction run {run.pk} with {EXTRACTOR_VERSION}: 2 article(s) queued." in body
    assert reverse("admin:articles_reextractionrun_change", args=[run.pk]) in body
    assert _queued(run) == {stored["current"].pk, stored["old"].pk}
    assert run.requested_by.username == "boss" and run.scope == "3 article(s) chosen in the admin"

    again = _action(staff_client, "articles_article", "rerun_extraction", chosen)
    assert "Nothing to re-extract among the 3 chosen article(s)" in again.content.decode()

    page = staff_client.get(reverse("admin:articles_reextractionrun_change", args=[run.pk]))
    assert "2 queued: 0 done, 0 skipped, 0 failed, 2 waiting" in page.content.decode()
    listing = staff_client.get(reverse("admin:articles_reextractionrun_changelist")).content.decode()
    assert "Re-extraction " + str(run.pk) in listing and "3 article(s) chosen in the admin" in listing


@pytest.mark.django_db
def test_source_action_reruns_the_sources_articles_of_older_versions(stored, staff_client):
    north = stored["old"].source
    _action(staff_client, "sources_source", "rerun_extraction", [north.pk])
    run = ReextractionRun.objects.get()
    assert _queued(run) == {stored[k].pk for k in ("old", "skipped_old", "never")}
    assert "North Post" in run.scope
    response = _action(staff_client, "sources_source", "rerun_extraction", [north.pk])
    assert "Nothing to re-extract: every done or skipped article of North Post" in response.content.decode()


@pytest.mark.django_db
def test_only_staff_with_the_change_permission_can_rerun(stored, client):
    pks = [stored["old"].pk]
    editor = EditorFactory(username="desk-editor")  # an editor, not staff: the admin is closed to them
    client.force_login(editor)
    response = _action(client, "articles_article", "rerun_extraction", pks)
    assert response.redirect_chain and "/admin/login/" in response.redirect_chain[-1][0]
    assert client.get(reverse("admin:articles_reextractionrun_changelist")).status_code == 302

    viewer = UserFactory(username="viewer", is_staff=True)  # staff who may only look at articles
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "rerun_extraction" not in changelist
    _action(client, "articles_article", "rerun_extraction", pks)
    assert ReextractionRun.objects.count() == 0
    assert client.get(reverse("admin:articles_reextractionrun_changelist")).status_code == 403


# --- End to end: a real Celery worker on Redis -------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_reextract_end_to_end_keeps_editors_work_and_ids(celery_worker):
    editor = EditorFactory()
    article = ArticleFactory(text=TEXT, status=Article.Status.EXTRACTING, source=SourceFactory(name="Wire"))
    result = extract_claims(article.text, config=config_from_settings())
    # the older version found one claim more, which the current one no longer finds (a made-up extra span)
    extra_span = (TEXT.index("She provided"), TEXT.index("She provided") + len("She provided no evidence"))
    invented = replace(
        result.claims[0], content=TEXT[slice(*extra_span)], content_span=extra_span, cue=None, cue_span=None
    )
    article_persist_extraction(
        article=article, result=replace(result, claims=(*result.claims, invented)), extractor_version=OLD
    )
    by_content = {c.content: c for c in article.claims.all()}
    deficit = by_content["the deficit would halve by 2028"]
    figures = by_content["the figures were invented"]
    gone = by_content["She provided no evidence"]
    claim_add_note(claim=deficit, user=editor, text="Treasury forecasts say otherwise.")
    confirmed = claim_confirm(claim=figures, user=editor)
    assert {c.extractor_version for c in article.claims.all()} == {OLD}

    out = reextract("--source", "wire")
    run = ReextractionRun.objects.get()
    assert f"Re-extraction run {run.pk}: 1 article(s) queued" in out

    def finished():
        current = ReextractionRun.objects.with_progress().get(pk=run.pk)
        return current if current.status == ReextractionRun.Status.FINISHED else None

    run = wait_for(finished, timeout=120, message="the re-extraction run")
    assert (run.queued, run.done, run.failed) == (1, 1, 0)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and article.extractor_version == EXTRACTOR_VERSION
    # the noted claim survives with its note, found again under its id, now the new version's
    noted = Claim.objects.get(pk=deficit.pk)
    assert list(noted.notes.values_list("text", flat=True)) == ["Treasury forecasts say otherwise."]
    assert noted.extractor_version == EXTRACTOR_VERSION
    assert noted.history.first().history_change_reason == f"Found again by extractor {EXTRACTOR_VERSION}"
    # the confirmed claim keeps its id and the editor's decision (and the version that made it)
    kept = Claim.objects.get(pk=figures.pk)
    assert kept.review_status == Claim.ReviewStatus.CONFIRMED and kept.version == confirmed.version
    # the untouched claim the new version no longer finds is gone, in the history
    assert not Claim.objects.filter(pk=gone.pk).exists()
    assert Claim.history.filter(id=gone.pk, history_type="-").exists()
    assert "Nothing to re-extract" in reextract()
    assert "1 queued: 1 done, 0 skipped, 0 failed" in reextract("--status")
