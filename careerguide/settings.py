"""Settings for the career-guide site.

Everything that differs between a laptop and production comes from the
environment; the defaults are safe for local use on SQLite.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from careerguide.redis_cache import redis_caches

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

# The editors' search synonyms (roles/search/synonyms.py).
SEARCH_SYNONYMS_FILE = BASE_DIR / "content" / "search" / "synonyms.yaml"
# Worker processes for load_content's parsing and for a whole rebuild of a large
# search index (roles/workers.py); unset: one per core, up to 4; 1: none.
if os.environ.get("WORKER_PROCESSES"):
    WORKER_PROCESSES = int(os.environ["WORKER_PROCESSES"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Trigram lookups and search types on PostgreSQL; inert on other databases.
    "django.contrib.postgres",
    "csp",
    "markdownx",
    # Drag-and-drop ordering of a role's lists in the admin (roles/admin.py).
    "adminsortable2",
    "reversion",
    "axes",
    "roles",
]

MIDDLEWARE = [
    # Outermost, so every request is timed and logged, static files included.
    "careerguide.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside the header middleware, so cached pages still get every security
    # header; outside sessions, auth and CSRF, so a cached page costs one lookup
    # and a POST to a public page gets the site's 405, not a CSRF failure.
    "roles.public_pages.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: only a previewing staff member's pages change.
    "roles.pending_preview.PendingPreviewMiddleware",
    # Last, as axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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


def connection_pool():
    """Django's "pool" option for PostgreSQL: one psycopg pool in each process.

    A gunicorn thread serves one request at a time on one connection, so a
    pool of GUNICORN_THREADS connections (1 for the sync workers), plus one
    for a large search-index refresh running after its response
    (roles/search/background.py), means no request ever waits for another's.
    A request waits for a connection only while one is being opened, so
    `timeout` bounds how long it hangs on a database that is slow to accept
    or gone, well inside gunicorn's 30 s.
    """
    threads = int(os.environ.get("GUNICORN_THREADS", "1"))
    return {
        "min_size": int(os.environ.get("DJANGO_DB_POOL_MIN_SIZE", "1")),
        "max_size": int(os.environ.get("DJANGO_DB_POOL_MAX_SIZE", str(threads + 1))),
        "timeout": float(os.environ.get("DJANGO_DB_POOL_TIMEOUT", "5")),
    }


def database(pool):
    """The database of DATABASE_URL; PostgreSQL's connections pooled when pool is true."""
    config = dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if pool and config["ENGINE"] == "django.db.backends.postgresql":
        # A pooled connection goes back to the pool at the end of each request;
        # Django refuses a pool together with persistent connections.
        config["CONN_MAX_AGE"] = 0
        config.setdefault("OPTIONS", {})["pool"] = connection_pool()
    return config


DATABASES = {"default": database(pool=env_bool("DJANGO_DB_POOL", True))}

REDIS_URL = os.environ.get("REDIS_URL", "")
# With Redis, every process shares one page cache (see careerguide/redis_cache.py
# for the settings a Redis server needs). Without it, each process caches in
# its own memory: fine for one process, but with several, an edit would empty
# only the cache of the process that made it.
CACHES = (
    redis_caches(REDIS_URL, os.environ.get("REDIS_PAGES_DB", "1"))
    if REDIS_URL
    else {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
)

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

# The editor preview's rate limit counts in the default cache: with Redis down,
# previews go on unlimited rather than failing.
RATELIMIT_FAIL_OPEN = True

# Sessions in the database, with keys a made-up cookie cannot pass for.
SESSION_ENGINE = "careerguide.sessions"

# --- logins -------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for
# 15 minutes: enough for an editor's typos, far too few to guess a 12-character
# password. Counting the pair, not the username alone, means an attacker
# elsewhere cannot lock a real editor out; a correct login clears the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts live in the database, not the cache: Redis may be down, and a
# throttle that forgets on a Redis restart is no throttle.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# Behind the TLS proxy the client's address is the one the proxy adds to
# X-Forwarded-For; anywhere else that header is the client's to forge.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "1")) if SECURE else 0
AXES_CLIENT_IP_CALLABLE = "careerguide.client_ip.client_ip"

# Browser features the site never uses stay off, for it and anything it embeds.
# Copying a job description writes to the clipboard, so that alone is allowed.
PERMISSIONS_POLICY = {
    **{
        feature: []
        for feature in (
            "accelerometer",
            "ambient-light-sensor",
            "autoplay",
            "bluetooth",
            "browsing-topics",
            "camera",
            "clipboard-read",
            "display-capture",
            "encrypted-media",
            "fullscreen",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "otp-credentials",
            "payment",
            "picture-in-picture",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    },
    "clipboard-write": "self",
}

# --- production hardening -------------------------------------------------------------
# DJANGO_SECURE=1 in production: HTTPS only, behind a proxy that terminates TLS
# and sets X-Forwarded-Proto (documented in README.md). Local runs and tests
# speak plain HTTP. Without that proxy the header is the client's own: trusting
# it would let any client make the site believe it is on HTTPS, and pages cache
# canonical URLs built from that belief.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
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
