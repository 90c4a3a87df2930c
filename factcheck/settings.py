"""Settings for the fact-checking service.

Everything that differs between a laptop, CI and production comes from environment variables,
read through the small typed helpers below; a malformed value stops start-up with a clear error.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():  # set but empty means "not set", never "off"
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(TRUE_WORDS | FALSE_WORDS)}.")


def env_int(name: str, *, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_str(name: str, *, default: str) -> str:
    return os.environ.get(name, default)


def env_choice(name: str, *, choices: tuple[str, ...], default: str) -> str:
    """One of `choices` (case-insensitive); anything else stops start-up, naming the choices."""
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


# Only an explicit DEBUG=true runs in debug mode. Without it, SECRET_KEY is mandatory, so a
# server started with neither never runs in debug with a public key. (manage.py, the developer's
# tool, sets DEBUG=true when neither is set; the test suite's settings set it too.)
DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set unless DEBUG=true (development). For development, set "
            "DEBUG=true; in production, set a long random SECRET_KEY."
        )
    # Development only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "django-insecure-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "workers",  # before django_tasks_db: its db_worker command adds heartbeats
    "django_tasks_db",
    "accounts",
    "datasets",
    "claims",
    "briefs",
    "publishing",
    "scans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "factcheck.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "factcheck.middleware.DropNulCharactersMiddleware",
    "factcheck.middleware.ApiHeadMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.HtmxLoginRedirectMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

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
                "django.template.context_processors.csp",
                "claims.context_processors.outlet",
                "claims.context_processors.links",
                "claims.context_processors.desk",
            ],
        },
    },
]

# Widgets rendered from plain values are kept per process (factcheck/renderers.py).
FORM_RENDERER = "factcheck.renderers.KeptWidgetsRenderer"

WSGI_APPLICATION = "factcheck.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's database sessions and model backend, each reading its rows with plain statements
# (accounts/sessions.py, accounts/backends.py): every newsroom page reads both.
SESSION_ENGINE = "accounts.sessions"
AUTHENTICATION_BACKENDS = ["accounts.backends.NewsroomBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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
# In development (and tests, which run with the development environment) serve straight from the
# app folders; production serves the collected, hashed and compressed files.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "media/"

# The cache is shared by every web process. With REDIS_URL ("redis://host:6379/0") it is Redis,
# and rate limits and login throttling count there (an INCR is atomic); without, it is the
# database, and they count in their own table (accounts.counters).
REDIS_URL = env_str("REDIS_URL", default="").strip()
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    )
}

# Background tasks (re-checks, PDF briefs) are stored in the database and run by
# `manage.py db_worker`; tests run them immediately in-process.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# Where the engine's built registry is kept for every process of this machine to load (the
# first process to need a new generation builds it, under a lock); empty: each process builds
# its own (claims/registry_cache.py).
# The default is a folder of this user's own in the system's temporary folder.
ENGINE_CACHE_DIR = env_str(
    "ENGINE_CACHE_DIR",
    default=str(Path(tempfile.gettempdir()) / f"numbers-desk-engine-{os.getuid()}"),
)

# What one import (`import_figures`, the upload page) takes at most: the file's size, a workbook's
# size once unpacked, and the rows of all its sections. Checked before the file is parsed.
IMPORT_MAX_FILE_MB = env_int("IMPORT_MAX_FILE_MB", default=64)
IMPORT_MAX_UNPACKED_MB = env_int("IMPORT_MAX_UNPACKED_MB", default=256)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", default=250_000)

# Scans: the largest file a scan takes, and the longest text read within its request (a longer
# one is read by a background task, its page showing the progress).
SCAN_MAX_FILE_MB = env_int("SCAN_MAX_FILE_MB", default=10)
SCAN_INLINE_CHARS = env_int("SCAN_INLINE_CHARS", default=30_000)

# A running task's worker writes its heartbeat this often; a RUNNING task with no sign of life for
# TASK_STALLED_SECONDS has lost its worker and is queued again, until it has been started
# TASK_MAX_ATTEMPTS times; then it fails (workers.heartbeat).
TASK_HEARTBEAT_SECONDS = env_int("TASK_HEARTBEAT_SECONDS", default=10)
TASK_STALLED_SECONDS = env_int("TASK_STALLED_SECONDS", default=30)
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", default=3)
if not 0 < TASK_HEARTBEAT_SECONDS < TASK_STALLED_SECONDS:
    raise ImproperlyConfigured(
        "TASK_HEARTBEAT_SECONDS must be above 0 and below TASK_STALLED_SECONDS."
    )
if TASK_MAX_ATTEMPTS < 1:
    raise ImproperlyConfigured("TASK_MAX_ATTEMPTS must be at least 1.")

# Security: strict by default; the production switches follow DEBUG unless set explicitly.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie, but the admin's JS may.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# A stale form (opened before a log-in or log-out elsewhere) is told so in the site's own page.
CSRF_FAILURE_VIEW = "accounts.views.csrf_failure"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# How many reverse proxies in front of the app append to X-Forwarded-For; rate limits and
# login throttling then count the address the outermost one saw. 0 trusts no header.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# The product's own settings.
OUTLET_NAME = env_str("OUTLET_NAME", default="Numbers Desk")


def env_rating_labels(name: str) -> dict[str, str]:
    """The outlet's own labels for the canonical ratings: "mostly-false=Misleading;false=False".
    Ratings left out keep the canonical label; exports always use the canonical scale."""
    from claims.engine.policy import RATING_SCALE as canonical

    labels = {}
    for item in env_str(name, default="").split(";"):
        if not item.strip():
            continue
        rating, sep, label = item.partition("=")
        if not sep or rating.strip() not in canonical or not label.strip():
            raise ImproperlyConfigured(
                f"{name} takes rating=Label pairs separated by ';', ratings among "
                f"{', '.join(canonical)}; {item!r} is not one."
            )
        labels[rating.strip()] = label.strip()
    return labels


RATING_LABELS = env_rating_labels("RATING_LABELS")
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
PAGE_SIZE = env_int("PAGE_SIZE", default=25)
# How many checks one client address may ask the API for (`/api/check`): "30/min", "100/s".
API_CHECK_RATE = env_str("API_CHECK_RATE", default="30/min").strip()
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", API_CHECK_RATE):
    raise ImproperlyConfigured(
        f'API_CHECK_RATE is a number of requests per s, min, hour or day ("30/min"), not '
        f"{API_CHECK_RATE!r}."
    )
# The PDF briefs' paper: US Letter by default (a US newsroom), A4 for most of the world.
BRIEF_PAGE_SIZE = env_choice("BRIEF_PAGE_SIZE", choices=("letter", "a4"), default="letter")
# The about page: what the outlet is, who works on it, who pays for it, and how to reach it.
# OUTLET_TEAM is comma-separated ("Ana Ruiz (editor), Tom Lee (data reporter)").
OUTLET_DESCRIPTION = env_str("OUTLET_DESCRIPTION", default="")
OUTLET_TEAM = env_list("OUTLET_TEAM", default=[])
OUTLET_FUNDING = env_str("OUTLET_FUNDING", default="")
CONTACT_EMAIL = env_str("CONTACT_EMAIL", default="").strip()
if CONTACT_EMAIL and "@" not in CONTACT_EMAIL:
    raise ImproperlyConfigured(f"CONTACT_EMAIL must be an email address, not {CONTACT_EMAIL!r}.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates each rendering step at INFO; keep its warnings (refused resources).
    "loggers": {"weasyprint": {"level": "WARNING"}},
}
