"""Production hardening: CSP without inline script, secure cookies and HSTS, check --deploy, login
throttling, upload limits."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.articles.models import Article

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "claims.example.org",
    "CLAIMTRACK_SITE_URL": "https://claims.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "true",
    "BEHIND_TLS_PROXY": "true",
    "CLAIMTRACK_ENV_FILE": "/dev/null",  # only what is set here, not a developer's .env
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # only the machine's basics and what the test sets: nothing from a developer's .env
    clean = {
        k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_needs_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_settings_values():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
        "s.DEBUG, s.CLAIMTRACK_DEMO_LOGINS, s.X_FRAME_OPTIONS)"
    )
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.strip().splitlines()[-1].split() == [
        "True",
        "True",
        "31536000",
        "True",
        "False",
        "False",
        "DENY",
    ], result.stderr


@pytest.mark.django_db
def test_csp_header_forbids_inline_script(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(client, settings):
    from django.contrib.auth import get_user_model

    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    get_user_model().objects.create_user("victim", password="right-password")
    for _ in range(3):
        client.post(reverse("login"), {"username": "victim", "password": "wrong"}, REMOTE_ADDR="10.1.1.1")
    locked = client.post(
        reverse("login"), {"username": "victim", "password": "right-password"}, REMOTE_ADDR="10.1.1.1"
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # another address is not locked out by this one's failures
    ok = client.post(
        reverse("login"), {"username": "victim", "password": "right-password"}, REMOTE_ADDR="10.2.2.2"
    )
    assert ok.status_code == 302


@pytest.mark.django_db
def test_upload_type_and_size_limits_on_the_submit_page(editor_client, settings):
    settings.CLAIMTRACK_UPLOAD_MAX_BYTES = 1024
    too_big = SimpleUploadedFile("big.txt", b"The mayor said it was fine. " * 100)
    response = editor_client.post(reverse("review:submit"), {"file": too_big})
    assert response.status_code == 422 and "larger than" in response.content.decode()
    wrong = SimpleUploadedFile("report.pdf", b"%PDF-1.7 ...")
    response = editor_client.post(reverse("review:submit"), {"file": wrong})
    assert response.status_code == 422 and ".txt or .html" in response.content.decode()
    assert not Article.objects.exists()
