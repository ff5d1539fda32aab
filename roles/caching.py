"""Whole-page cache for public pages, shared by every app process.

Views opt in with @cached_page. The middleware sits just inside WhiteNoise, so
a cached page skips sessions, authentication, URL routing and rendering: it
costs one cache lookup. Each page is stored once, with a gzipped copy, an ETag
and a Last-Modified date, so repeat visitors get a 304 and nobody pays for
compression more than once. Only the gzipped copy is kept: it is a quarter of
the size to fetch from Redis, and the few clients that do not accept gzip get
it unpacked.

Any change to the content (an admin save, a revert, load_content) empties the
"pages" cache once its transaction commits. With REDIS_URL set, that cache is
a Redis database of its own, so every process sees the change at once (its
in-memory copies are dropped through pub/sub: see careerguide/redis_cache.py).
"""

import contextvars
import gzip
import hashlib
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

CACHE_ALIAS = "pages"
# Headers a stored page keeps; everything else is added again on the way out
# (security headers, CSP, the request id) by the middleware around this one.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Access-Control-Allow-Origin")


def cached_page(view):
    """Mark a view's anonymous GET responses as cacheable."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        request.page_cacheable = True
        return view(request, *args, **kwargs)

    return marked


@dataclass
class StoredPage:
    status: int
    headers: dict
    gzipped: bytes
    etag: str
    last_modified: float

    def response_for(self, request):
        if self.not_modified_for(request):
            response = HttpResponseNotModified()
        else:
            use_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
            body = self.gzipped if use_gzip else gzip.decompress(self.gzipped)
            response = HttpResponse(body, status=self.status)
            if use_gzip:
                response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(response.content))
            for name, value in self.headers.items():
                response[name] = value
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    def not_modified_for(self, request):
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None:
            return self.etag in parse_etags(if_none_match) or if_none_match.strip() == "*"
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return since is not None and int(self.last_modified) <= since


def cache_key(request):
    # The host is part of the key: canonical URLs on the page name it. Long URLs
    # (a skills check with every box ticked) are hashed, to stay within key limits.
    key = f"page:{request.get_host()}{request.get_full_path()}"
    return key if len(key) <= 200 else f"page:{hashlib.sha256(key.encode()).hexdigest()}"


def is_anonymous_get(request):
    # Editors carry a session cookie; they see drafts and must never be served,
    # or fill, the public copy.
    return request.method in ("GET", "HEAD") and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[CACHE_ALIAS]

    def __call__(self, request):
        if not is_anonymous_get(request):
            return self.get_response(request)
        key = cache_key(request)
        stored = self.cache.get(key)
        if stored is not None:
            return stored.response_for(request)
        response = self.get_response(request)
        if self.storable(request, response):
            stored = store(response)
            self.cache.set(key, stored)
            return stored.response_for(request)
        return response

    @staticmethod
    def storable(request, response):
        return (
            getattr(request, "page_cacheable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Content-Encoding")
        )


def store(response):
    body = response.content
    return StoredPage(
        status=response.status_code,
        headers={name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        # mtime=0 keeps the gzip bytes identical for identical pages.
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"',
        last_modified=time.time(),
    )


# --- invalidation ---------------------------------------------------------------------


def clear_pages():
    caches[CACHE_ALIAS].clear()


# Set while one operation writes many records; see one_clear_for_many_changes().
clears_deferred = contextvars.ContextVar("page_cache_clears_deferred", default=False)


@contextmanager
def one_clear_for_many_changes():
    """Clear the page cache once after the block instead of after every save in it.

    For bulk writes such as load_content, whose thousands of saves would each
    empty the cache. Nothing is served from the half-written content meanwhile:
    other processes cannot see it before the commit, which clears again.
    """
    token = clears_deferred.set(True)
    try:
        yield
    finally:
        clears_deferred.reset(token)
    content_changed(sender=None)


def content_changed(sender, **kwargs):
    """Empty the page cache now, and again when the current transaction commits.

    Now: this process (and the editor who just saved) never sees the old page.
    At commit: another process may have rendered the old content in between
    and cached it; the second clear removes that. A rollback drops the pending
    clear, which is harmless.
    """
    if clears_deferred.get():
        return
    clear_pages()
    pending = transaction.get_connection().run_on_commit
    if not any(entry[1] is clear_pages for entry in pending):
        transaction.on_commit(clear_pages)


def connect_invalidation():
    for model in apps.get_app_config("roles").get_models():
        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=model, dispatch_uid=f"pages-{model.__name__}")
    m2m_changed.connect(content_changed, dispatch_uid="pages-m2m")
