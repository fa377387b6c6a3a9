"""PostgreSQL dropping every connection (what a restart looks like to its clients) under the web process
and a worker: both carry on with new connections, without being restarted themselves."""

import pytest
from django.db import connection

from apps.articles.models import Article
from apps.articles.services import article_submit_text
from tests.processes import Browserless, WebProcess, WorkerProcess, purge_queue, server_password, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def drop_all_connections() -> int:
    """Terminate the connections of the web and worker processes and this test's own, from a separate
    connection, as a PostgreSQL restart would. (Other connections this pytest process may hold, in other
    threads or async contexts, are left alone so later tests are not handed a dead one.)"""
    import psycopg

    db = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own = cursor.fetchone()[0]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname="postgres", autocommit=True
    ) as admin:
        row = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s "
            "AND (application_name LIKE 'claimtrack-test-%%' OR pid = %s)",
            [db["NAME"], own],
        ).fetchone()
    connection.close()  # the test's own connection died too
    return row[0]


def _done(pk):
    return Article.objects.filter(pk=pk, status=Article.Status.DONE).first()


def test_web_and_worker_recover_after_connections_drop(admin_user_):
    # the gunicorn process uses the real password hashers, not the tests' fast one
    admin_user_.password = server_password("pw")
    admin_user_.save(update_fields=["password"])
    purge_queue()
    persistent = {"CONN_MAX_AGE": "600"}
    worker = WorkerProcess(persistent, name="pg").start()
    web = WebProcess(persistent).start()
    try:
        first = article_submit_text(text="The mayor said the tram would run all night.").article
        wait_for(lambda: _done(first.pk), timeout=60, message="the first article")
        session = Browserless(web.url)
        session.login("boss", "pw")
        assert session.get("/admin/articles/article/").status == 200

        assert drop_all_connections() >= 2  # gunicorn's persistent connection and this test's

        # the web process: the next request finds the dead connection and opens a new one
        assert session.get("/admin/articles/article/").status == 200
        # the worker: its next task works too
        second = article_submit_text(text="The union said the strike would end on Monday.").article
        wait_for(lambda: _done(second.pk), timeout=60, message="the article after the drop")
    finally:
        web.stop()
        worker.stop()
    assert not any("Traceback" in line for line in worker.log), "\n".join(worker.log[-30:])
