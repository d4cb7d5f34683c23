"""Settings of the kansen platform, read from the environment.

Environment variables (all optional for the demo):

``KANSEN_DATA_DIR``     where the SQLite database and uploads live (default: ``var/`` in the
                        working directory)
``DATABASE_URL``        e.g. ``postgres://user:pass@127.0.0.1:5432/kansen``; SQLite when unset
``KANSEN_SECRET_KEY``   required in production: the server refuses to start without it (the
                        demo, development and tests use a random key of the installation in
                        ``KANSEN_DATA_DIR/secret_key``, see ``kansen.web.secret_key``)
``KANSEN_DEBUG``        ``true`` for development pages with tracebacks
``KANSEN_HTTPS``        ``true`` behind an HTTPS proxy: Secure cookies, HSTS and a redirect to
                        HTTPS; with ``KANSEN_PROXY_SSL_HEADER`` (e.g. ``X-Forwarded-Proto``),
                        ``KANSEN_CSRF_TRUSTED_ORIGINS``, ``KANSEN_HSTS_SECONDS`` and more in
                        docs/security.md ("Production settings")
``KANSEN_LOGIN_FAILURE_LIMIT`` wrong passwords (per user name and address) before the login
                        is locked; ``KANSEN_LOGIN_COOLOFF_MINUTES`` until it unlocks itself
``KANSEN_ALLOWED_HOSTS`` comma-separated host names (default: 127.0.0.1,localhost)
``KANSEN_NODE_MODULES`` folder with the npm packages the platform serves (default: the
                        repository's ``node_modules``)
``KANSEN_EMAIL_BACKEND`` Django's mail backend for notifications (default: the console
                        backend, as in the demo; ``...smtp.EmailBackend`` with ``EMAIL_HOST`` and
                        ``KANSEN_EMAIL_FROM`` in production)
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from kansen.web import secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parents[2]


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("KANSEN_DATA_DIR", Path.cwd() / "var")).resolve()
NODE_MODULES = Path(os.environ.get("KANSEN_NODE_MODULES", REPO_DIR / "node_modules"))

DEBUG = _env_bool("KANSEN_DEBUG")
# KANSEN_SECRET_KEY, or this installation's random key in DATA_DIR (demo, development, tests);
# without either it stays empty and the server refuses to start (kansen.web.secret_key).
SECRET_KEY = secret_key.secret_key(DATA_DIR, debug=DEBUG)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("KANSEN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "kansen.web.accounts.admin_apps.KansenAdminConfig",  # django.contrib.admin, scoped
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI's files for /api/docs itself (no CDN)
    "axes",  # login throttling: locks a user name on an address after repeated failures
    "kansen.web.core",
    "kansen.web.accounts",
    "kansen.web.areas",
    "kansen.web.deprivation",
    "kansen.web.regulations",
    "kansen.web.directory",
    "kansen.web.providers",
    "kansen.web.plans",
    "kansen.web.monitoring",
    "kansen.web.support",
    "kansen.web.youthpanel",
    "kansen.web.livepoll",
    "kansen.web.practices",
    "kansen.web.norms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "kansen.web.urls"
WSGI_APPLICATION = "kansen.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kansen.web.core.context_processors.portal",
                "kansen.web.norms.context_processors.norms_warning",
            ],
        },
    },
]

# Persistent connections, for SQLite too: each server thread keeps its connection for up to 10
# minutes instead of opening one per request (SQLite then read the schema again, and the last
# connection to close checkpointed and removed the WAL file); the health check replaces one a
# restarted PostgreSQL broke before a request uses it (ADR 0026, amendment).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'kansen.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    # synchronous=NORMAL: in WAL mode a commit no longer waits for the disk (the WAL is synced
    # at checkpoints); the database stays consistent, only a power cut can lose the last
    # commits. With FULL every write held the write lock through an fsync: 200 pupils sending
    # at once queued ~6 ms each (benchmarks/bench_youthpanel_submit.py, ADR 0026).
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"

# Login throttling (django-axes, docs/security.md): after KANSEN_LOGIN_FAILURE_LIMIT wrong
# passwords for one user name from one address, that pair is locked for
# KANSEN_LOGIN_COOLOFF_MINUTES (or until an administrator lifts it: /beheer/ "Access attempts",
# or `kansen manage axes_reset_username NAME`). Every failure, lockout and login is recorded
# (the access logs in /beheer/) and logged (logger "axes").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before checking
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("KANSEN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("KANSEN_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS: list[str] = []  # the audit log names the user name and address
AXES_LOCKOUT_CALLABLE = "kansen.web.accounts.lockout.locked_out"
# Behind the reverse proxy every request comes from 127.0.0.1: with KANSEN_PROXY_COUNT (the
# number of proxies in front), the visitor's address is the one the outermost proxy added to
# X-Forwarded-For (addresses further left are the visitor's own claims).
AXES_CLIENT_IP_CALLABLE = "kansen.web.accounts.lockout.client_address"
PROXY_COUNT = int(os.environ.get("KANSEN_PROXY_COUNT", "0"))
LOGIN_REDIRECT_URL = "areas:index"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

CSRF_FAILURE_VIEW = "kansen.web.core.views.csrf_failure"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served from the npm packages and apps directly (WhiteNoise finders); a
# production installation may set KANSEN_STATIC_ROOT and run `kansen manage collectstatic`.
STATIC_ROOT = os.environ.get("KANSEN_STATIC_ROOT") or None
# Third-party front-end code comes from npm packages, served by the platform itself.
STATICFILES_DIRS = [
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/noto-sans", NODE_MODULES / "@fontsource" / "noto-sans"),
    ("vendor/noto-serif", NODE_MODULES / "@fontsource" / "noto-serif"),
    (
        "vendor/tokens",
        NODE_MODULES / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist",
    ),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Limits on uploads (docs/security.md, "Limits on uploads"). The largest file accepted per kind,
# in MB, each set by KANSEN_UPLOAD_MB_<KIND> (e.g. KANSEN_UPLOAD_MB_VALUES=80); the forms state
# them. kansen.web.core.uploads stops keeping a file once it passes its page's limit.
# The defaults keep the worst file within a few seconds on a small server (benchmarks/
# bench_hostile_uploads.py); a national file may need KANSEN_UPLOAD_MB_VALUES=50.
_UPLOAD_MB = {
    "boundaries": 50,  # GeoJSON
    "values": 5,  # CSV or Excel: a municipality's wijken and buurten take well under 1 MB
    "facilities": 10,  # CSV or Excel
    "opportunity": 50,  # Parquet or CSV
    "offers": 2,  # CSV or Excel: hundreds of offers take well under 1 MB
    "plan": 2,  # YAML or JSON
}
KANSEN_UPLOAD_MAX_BYTES = {
    kind: int(float(os.environ.get(f"KANSEN_UPLOAD_MB_{kind.upper()}", mb)) * 1024 * 1024)
    for kind, mb in _UPLOAD_MB.items()
}
# What an Excel file may unpack to (zip bombs), and how many cells its sheet may have.
KANSEN_UPLOAD_MAX_UNPACKED_BYTES = int(
    float(os.environ.get("KANSEN_UPLOAD_MAX_UNPACKED_MB", 250)) * 1024 * 1024
)
KANSEN_UPLOAD_MAX_CELLS = int(os.environ.get("KANSEN_UPLOAD_MAX_CELLS", 2_000_000))
# Problems of one import kept and shown in full; beyond these, a count per kind of problem.
KANSEN_IMPORT_PROBLEMS_KEPT = int(os.environ.get("KANSEN_IMPORT_PROBLEMS_KEPT", 200))
FILE_UPLOAD_HANDLERS = [
    "kansen.web.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Files over 2.5 MB wait in a temporary file, not in memory; a form without files (the plan
# editor, the index builder) may send up to 10 MB.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS in production (docs/security.md, "Production settings"): the platform listens on
# 127.0.0.1 behind a reverse proxy that ends TLS and says so in a header it sets itself.
HTTPS = _env_bool("KANSEN_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = _env_bool("KANSEN_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("KANSEN_HSTS_SECONDS", 31_536_000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("KANSEN_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("KANSEN_HSTS_PRELOAD", True)
_proxy_ssl_header = os.environ.get("KANSEN_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:  # e.g. X-Forwarded-Proto: trusted only because the proxy overwrites it
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _proxy_ssl_header.upper().replace("-", "_"),
        "https",
    )
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("KANSEN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# Content-Security-Policy (ADR 0011): the platform serves every script, style, font and image
# itself, so the browser runs only those files: no inline script or style, no eval, no other
# site. data: for the favicon and inline SVG in the design system's CSS and the plan chart.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# Notifications of the support app (new proposal, accepted, declined, evaluation due).
EMAIL_BACKEND = os.environ.get(
    "KANSEN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("KANSEN_EMAIL_FROM", "kansen@localhost")

# The portal shown to visitors who are not logged in.
KANSEN_PORTAL_MUNICIPALITY = os.environ.get("KANSEN_PORTAL_MUNICIPALITY", "GM9999")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # a pupil's path holds the class code: kept out of the lines (kansen.web.serverlog)
    "filters": {"pupil_paths": {"()": "kansen.web.serverlog.PupilPathsRedacted"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["pupil_paths"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("KANSEN_LOG_LEVEL", "WARNING")},
}
