"""The broker path on the embedded default: an editor pastes an article on the Submit page of a real gunicorn,
a real Celery worker takes it from the filesystem broker (var/broker/) and extracts its claims into the
same SQLite file; the article page then shows them."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from lxml import html as lxml_html

from apps.articles.models import Article
from tests.factories import EditorFactory
from tests.processes import (
    Browserless,
    WebProcess,
    WorkerProcess,
    embedded_env,
    purge_queue,
    server_password,
    wait_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TEXT = (
    "The transport minister, Ana Ruiz, said the new tram line would carry 40,000 passengers a day by 2028. "
    "She did not say where the figure came from. "
    "Opposition councillors argued that the cost had doubled since the plan was first approved, "
    "citing the council's own budget papers. "
    '"We will not raise fares to pay for it," the mayor said on Tuesday.'
)


@pytest.fixture
def web_and_worker():
    purge_queue()  # messages the seed and earlier tests left in the broker folder
    web = WebProcess()
    web.env = embedded_env(web.env)
    worker = WorkerProcess(name="embedded")
    worker.env = embedded_env(worker.env)
    web.start()
    try:
        worker.start(timeout=120)
        try:
            yield web, worker
        finally:
            worker.stop()
    finally:
        web.stop()


@pytest.mark.timeout(300)
def test_a_pasted_article_is_extracted_by_a_real_worker_on_the_filesystem_broker(web_and_worker):
    web, worker = web_and_worker
    editor = EditorFactory(username="paster")
    editor.password = server_password("pw")  # the server checks it with its own hasher
    editor.save(update_fields=["password"])
    desk = Browserless(web.url)
    desk.login("paster", "pw")

    page = desk.get("/submit/").read().decode()
    form = next(f for f in lxml_html.fromstring(page).forms if "text" in f.fields)
    data = {name: value for name, value in form.form_values()}
    data.update(text=TEXT, title="Tram line", url="")
    response = desk.post("/submit/", data)
    match = re.search(r"/articles/(\d+)/", response.geturl())
    assert match, f"submitting did not land on the article page: {response.geturl()}"
    article_id = int(match.group(1))

    try:
        article = wait_for(
            lambda: Article.objects.filter(pk=article_id, status__in=["done", "failed", "skipped"]).first(),
            timeout=120,
            message="the worker to process the pasted article",
        )
    except AssertionError as exc:
        state = Article.objects.filter(pk=article_id).values("status", "error").first()
        raise AssertionError(
            f"{exc}; article: {state}; worker log:\n" + "\n".join(worker.log[-40:])
        ) from None
    assert article.status == "done", (article.status, article.error, worker.log[-30:])
    claims = list(article.claims.order_by("start"))
    assert len(claims) >= 2, [c.content for c in claims]
    assert any("40,000 passengers" in c.content for c in claims)
    assert any("succeeded" in line for line in worker.log), worker.log[-30:]

    html = desk.get(f"/articles/{article_id}/").read().decode()
    assert "Done" in html and "40,000 passengers" in html
    queue = desk.get("/claims/?" + urlencode({"q": "passengers"})).read().decode()
    assert f"/claims/{claims[0].pk}/" in queue or any(f"/claims/{c.pk}/" in queue for c in claims)
