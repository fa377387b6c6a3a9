import pytest

from tests.httpserver import local_server  # noqa: F401  (fixture)
from tests.processes import WorkerProcess, purge_queue

from .factories import ArticleFactory, ClaimFactory, EditorFactory, UserFactory


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker process on the test database (tests/processes.py)."""
    from django.conf import settings

    if not settings.REDIS_URL:
        pytest.skip("the end-to-end worker tests need REDIS_URL (bin/test sets it)")
    purge_queue()
    worker = WorkerProcess().start()
    try:
        yield worker
    finally:
        worker.stop()


@pytest.fixture
def editor(db):
    return EditorFactory(username="ed")


@pytest.fixture
def reader(db):
    return UserFactory(username="reader")


@pytest.fixture
def admin_user_(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def article(db):
    return ArticleFactory()


@pytest.fixture
def claim(db):
    return ClaimFactory()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
    # no collectstatic in tests: serve from the finders, no manifest
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
