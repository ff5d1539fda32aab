"""Settings for the career-guide site.

Everything that differs between a laptop and production comes from the
environment; the defaults are safe for local use on SQLite.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# Read here, not with the rest of the hardening below: production must not
# start on the committed fallback key.
SECURE = env_bool("DJANGO_SECURE", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if SECURE:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_SECURE=1 (production) the site will "
            "not start on the local development key: set DJANGO_SECRET_KEY to a long random "
            "value kept out of the repository."
        )
    # A fixed key is only acceptable because it never signs anything that
    # leaves a developer's machine. Its "django-insecure-" prefix makes
    # `check --deploy` flag it (security.W009) wherever it is still in use.
    SECRET_KEY = "django-insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "markdownx",
    "reversion",
    "roles",
]

MIDDLEWARE = [
    # Outermost, so every request is timed and logged, static files included.
    "careerguide.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside the header middleware, so cached pages still get every security
    # header; outside sessions and auth, so a cached page costs one lookup.
    "roles.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "careerguide.urls"

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
                "roles.context_processors.seo",
            ],
        },
    },
]

WSGI_APPLICATION = "careerguide.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # The page cache empties its whole store on every content change, so it
    # gets a Redis database of its own (REDIS_PAGES_DB, default 1).
    pages_url = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL
    CACHES = {
        "default": {
            "BACKEND": "careerguide.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "pages": {
            "BACKEND": "careerguide.redis_cache.RedisCache",
            "LOCATION": f"{pages_url}/{os.environ.get('REDIS_PAGES_DB', '1')}",
            "TIMEOUT": 24 * 3600,
            # Each process answers repeat reads from memory, kept in step by pub/sub.
            "OPTIONS": {"near_copies": 500},
        },
    }
else:
    # One process: local memory. Several processes need REDIS_URL, or an edit
    # would empty only the cache of the process that made it.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A full role in the admin submits every item of every inline at once: the
# technician profile alone posts well over Django's default of 1,000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

# The site renders markdown with its own sanitizing function, so the editor's
# live preview shows exactly what the public page will show.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "roles.markdown.render_markdown"

CONTENT_DIR = Path(os.environ.get("CAREERGUIDE_CONTENT_DIR", BASE_DIR / "content"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "careerguide.observability.RequestIdFilter"}},
    "formatters": {"json": {"()": "careerguide.observability.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        # Request lines are INFO; errors (django.request logs 500s with their
        # stack traces) reach the root handler at ERROR.
        "careerguide.requests": {
            "handlers": ["stdout"],
            "level": os.environ.get("REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}

# --- production hardening -------------------------------------------------------------
# DJANGO_SECURE=1 in production: HTTPS only, behind a proxy that terminates TLS
# and sets X-Forwarded-Proto (documented in README.md). Local runs and tests
# speak plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31_536_000 if SECURE else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere; the admin and the markdown editor load
# theirs from files. Editors' preview images are inline data: URLs at most.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
