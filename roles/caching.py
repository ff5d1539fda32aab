"""Whole-page cache for public pages, shared by every app process.

Views opt in with @cached_page; roles/public_pages.py's middleware asks this
module for a stored page before routing, sessions and rendering, so a cached
page costs one cache lookup (and on SQLite one small query, for the content
version: see roles/version_watch.py). Each
page is stored once, with a gzipped copy, an ETag and a Last-Modified date, so
repeat visitors get a 304 and nobody pays for compression more than once. Only
the gzipped copy is kept: it is a quarter of the size to fetch from Redis, and
the few clients that do not accept gzip get it unpacked.

A page is stored under its canonical address only (the query parameters that
change what it shows, in a fixed order) and under the content version, a
number in the database bumped in the same transaction as every content write.
So junk query strings share one entry, and a page rendered before the last
write is never served again, whatever the cache server remembered (a write
made while Redis was down, or by load_content in another process). Emptying
the "pages" cache on every change only frees the memory sooner.
"""

import contextvars
import gzip
import hashlib
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from .canonical import canonical_query
from .models import ContentVersion
from .version_watch import watch

CACHE_ALIAS = "pages"
# Headers a stored page keeps; everything else is added again on the way out
# (security headers, CSP, the request id) by the middleware around this one.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Access-Control-Allow-Origin")


def public_page(view):
    """Mark a view as a public page: GET and HEAD only, cacheable by browsers and CDNs."""

    # A wrapper, not the view itself: the mark must not land on a shared
    # function such as Django's sitemap view.
    @wraps(view)
    def page(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    page.public_page = True
    return page


def cached_page(view):
    """Mark a public page whose anonymous responses are kept in the page cache."""
    page = public_page(view)
    page.page_cacheable = True
    return page


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


def cache_key(request, match, version):
    # The scheme and host are part of the key: canonical URLs on the page name
    # them. Long URLs (a search of many words) are hashed, to stay within key limits.
    query = canonical_query(match.view_name, request.GET)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    key = f"page:{version}:{address}"
    return key if len(key) <= 200 else f"page:{hashlib.sha256(key.encode()).hexdigest()}"


def serve(request, match, get_response):
    """The stored copy of an anonymous GET, or the rendered page, stored if it may be."""
    cache = caches[CACHE_ALIAS]
    key = cache_key(request, match, watch.current())
    stored = cache.get(key)
    if stored is not None:
        return stored.response_for(request)
    response = get_response(request)
    if storable(response):
        stored = store(response)
        cache.set(key, stored)
        return stored.response_for(request)
    return response


def keep_out_of_page_cache(response):
    """For a page of a cacheable view that is one visitor's own (a customised job description)."""
    response.page_cache_skip = True
    return response


def storable(response):
    return (
        response.status_code == 200
        and not getattr(response, "page_cache_skip", False)
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


def clear_pending(connection):
    return any(entry[1] is clear_pages for entry in connection.run_on_commit)


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
    # Not after a failure: the transaction is rolled back, so nothing changed.
    content_changed(sender=None)


# Set while rows are written only to be looked at and rolled back (roles/staging.py).
# A context variable, not muted signals: muting is process-wide, and a request
# in another thread (a publish) would lose its invalidation meanwhile.
rolled_back_look = contextvars.ContextVar("page_cache_rolled_back_look", default=False)


@contextmanager
def looking_only():
    """Writes in the block are undone before anyone else sees them: they change nothing."""
    token = rolled_back_look.set(True)
    try:
        yield
    finally:
        rolled_back_look.reset(token)


def content_changed(sender, **kwargs):
    """Bump the content version, and empty the page cache now and at commit.

    Once per transaction: the first write in it bumps the version (so the
    version commits or rolls back with the writes) and schedules the clear at
    commit. Clearing now means this process (and the editor who just saved)
    never sees the old page; at commit, another process may have rendered the
    old content in between and cached it, and the second clear removes that.
    """
    if clears_deferred.get() or rolled_back_look.get():
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and clear_pending(connection):
        return
    ContentVersion.bump()
    clear_pages()
    transaction.on_commit(clear_pages)
    transaction.on_commit(rebuild_search_index)


def rebuild_search_index():
    from .search.index import rebuild_after_commit  # the index reads the models this module saves

    rebuild_after_commit()


def connect_invalidation():
    for model in apps.get_app_config("roles").get_models():
        if model is ContentVersion or getattr(model, "derived_from_content", False):
            continue  # a record of a change, or built from the content: not a change
        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=model, dispatch_uid=f"pages-{model.__name__}")
    m2m_changed.connect(content_m2m_changed, dispatch_uid="pages-m2m")


def content_m2m_changed(sender, instance, **kwargs):
    # Sent for every many-to-many relation, a user's groups too: only content counts.
    if instance._meta.app_label == "roles":
        content_changed(sender, **kwargs)
