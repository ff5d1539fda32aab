"""Whole-page cache for public pages, shared by every app process.

Views opt in with @cached_page; roles/public_pages.py's middleware asks this
module for a stored page before routing, sessions and rendering, so a cached
page costs one cache lookup. Each page is stored once, with a gzipped copy, an
ETag and a Last-Modified date, so repeat visitors get a 304 and nobody pays
for compression more than once. Only the gzipped copy is kept: it is a quarter
of the size to fetch from Redis, and the few clients that do not accept gzip
get it unpacked. Every response of a cached view says X-Page-Cache: hit or miss.

A page is stored under its canonical address only (the query parameters that
change what it shows, in a fixed order), so junk query strings share one
entry, together with the content version it was rendered at and the cache
tags of what it showed (roles/page_tags.py). A write stamps the tags it
changed with its own, higher, version in the same transaction
(roles/models/cache_tags.py), so a stored page is served only while none of
its tags has moved past it: a change to one role leaves every page that does
not show that role cached, and no page older than a write that touched it is
served, whatever the cache server remembered (a write made while Redis was
down, or by load_content in another process).
"""

import contextvars
import gzip
import hashlib
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial, wraps

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from . import page_tags
from .canonical import canonical_query
from .context_values import set_within
from .models import CacheTag, ContentVersion, Role
from .models.cache_tags import EVERYTHING
from .version_watch import watch

CACHE_ALIAS = "pages"
CACHE_STATUS_HEADER = "X-Page-Cache"
HIT, MISS = "hit", "miss"
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


def cached_page(view=None, *, depends_on=()):
    """Mark a public page whose anonymous responses are kept in the page cache.

    depends_on names cache tags the page shows without loading their records
    (roles/page_tags.py): "role:*" for a page that lists every role.
    """
    if view is None:
        return partial(cached_page, depends_on=depends_on)
    page = public_page(view)
    page.page_cacheable = True
    page.depends_on = tuple(depends_on)
    return page


@dataclass
class StoredPage:
    tags: frozenset  # what the page showed (roles/page_tags.py)
    version: int  # the content version it was rendered at
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


def cache_key(request, match):
    # The scheme and host are part of the key: canonical URLs on the page name
    # them. Long URLs (a search of many words) are hashed, to stay within key limits.
    query = canonical_query(match.view_name, request.GET)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    key = f"page:{address}"
    return key if len(key) <= 200 else f"page:{hashlib.sha256(key.encode()).hexdigest()}"


def serve(request, match, get_response):
    """The stored copy of an anonymous GET if still current, or the page rendered (and stored)."""
    cache = caches[CACHE_ALIAS]
    key = cache_key(request, match)
    stored = cache.get(key)
    if stored is not None and watch.still_current(stored.tags, stored.version):
        return marked(stored.response_for(request), HIT)
    # Read before rendering: a write committed meanwhile has a higher number, so
    # a page that may have missed it is stale as soon as it is stored.
    version = watch.current()
    with page_tags.collecting(getattr(match.func, "depends_on", ())) as shown:
        response = get_response(request)
    if storable(response):
        stored = store(response, shown.final(), version)
        cache.set(key, stored)
        response = stored.response_for(request)
    return marked(response, MISS)


def marked(response, outcome):
    response[CACHE_STATUS_HEADER] = outcome
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


def store(response, tags, version):
    body = response.content
    return StoredPage(
        tags=tags,
        version=version,
        status=response.status_code,
        headers={name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        # mtime=0 keeps the gzip bytes identical for identical pages.
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"',
        last_modified=time.time(),
    )


# --- invalidation ---------------------------------------------------------------------


def clear_pages():
    """Empty the page cache. Only frees memory: a stale page is never served either way."""
    caches[CACHE_ALIAS].clear()


class VersionTaken:
    """On a transaction's on-commit list: the content version its writes are stamped with."""

    def __init__(self, number):
        self.number = number
        self.tags = set()
        # A catalog record's own row was written (a tool renamed), not only a role's row
        # that points at it: its tag names every role showing it, not just the roles saved.
        self.records_changed = False

    def __call__(self):
        refresh_search_index(self.tags, self.records_changed)


class TagStamped:
    """On the on-commit list: a tag stamped in this transaction.

    Django drops it from the list if its savepoint rolls back, along with the
    stamp itself, so the list always says what is stamped.
    """

    def __init__(self, tag):
        self.tag = tag

    def __call__(self):
        pass


def in_transaction(connection):
    """This transaction's VersionTaken (or None), and the tags it has stamped so far."""
    taken, stamped = None, set()
    for _, callback, _ in connection.run_on_commit:
        if isinstance(callback, VersionTaken):
            taken = callback
        elif isinstance(callback, TagStamped):
            stamped.add(callback.tag)
    return taken, stamped


def record_change(tags, record=False):
    """Stamp tags with this transaction's content version, taking the next one if it has none.

    record: the change is to a catalog record's own row (see VersionTaken).
    """
    # Outside a transaction this makes one: the number and its stamps commit together.
    with transaction.atomic(savepoint=False):
        taken, stamped = in_transaction(transaction.get_connection())
        new = set(tags) - stamped
        if new and taken is None:
            taken = VersionTaken(ContentVersion.advance())
            transaction.on_commit(taken)
        if taken is not None:
            taken.records_changed |= record
        if not new:
            return
        CacheTag.stamp(new, taken.number)
        taken.tags |= new
        for tag in new:
            transaction.on_commit(TagStamped(tag))


class ManyChanges:
    """What the writes of a many_changes_at_once() block changed, gathered for one stamp.

    A load replaces a role's items wholesale: its links to other roles (a
    ladder rung's, a related career's) are deleted and inserted again. The
    linked role's pages change only if a link to it appears or goes; while it
    stays, they show the linking role's records, whose own tag moves. So a
    link deleted and inserted again cancels out instead of stamping the
    linked role, and with it every role linked to that one in the index.
    """

    def __init__(self):
        self.tags = set()
        self.records_changed = False  # as VersionTaken.records_changed
        self.links = Counter()  # (model, role id, field, linked role id) -> inserted - deleted

    def add(self, tags, record=False):
        if EVERYTHING not in self.tags:
            self.tags |= tags
        self.records_changed |= record

    def add_rows(self, model, rows, tags, inserted, record=False):
        """Add tags, what inserting (or deleting) rows of model changed, links apart."""
        pointers = page_tags.links_to_roles(model)
        if not pointers or self.everything:
            return self.add(tags, record)
        owners = {row.role_id for row in rows}
        counted = set()
        for row in rows:
            for attname in pointers:
                linked = getattr(row, attname)
                if linked is not None and linked not in owners:
                    self.links[(model, row.role_id, attname, linked)] += 1 if inserted else -1
                    counted.add(page_tags.owner_tag(Role, linked))
        self.add(tags - counted, record)

    def final(self):
        """The tags to stamp: those added, and each role a link to appeared or went."""
        moved = {page_tags.owner_tag(Role, key[-1]) for key, net in self.links.items() if net}
        return page_tags.with_kinds(self.tags | moved)

    @property
    def everything(self):
        return EVERYTHING in self.tags


# Set while one operation writes many records; see many_changes_at_once().
changes_deferred = contextvars.ContextVar("page_cache_changes_deferred", default=None)


@contextmanager
def many_changes_at_once():
    """Record the block's changes once, after it, instead of the tags of every save in it.

    For bulk writes such as load_content, whose thousands of saves would each
    stamp their tags. The tags of the block's saves and deletes are gathered
    (bulk inserts, which send no signal, add theirs with note_written()), so
    a load that changed one role stamps that role's pages only, and a load
    that changed nothing stamps nothing. Nothing is served from the
    half-written content meanwhile: other processes cannot see it before the
    commit, and the stamp commits with it.
    """
    changes = ManyChanges()
    with set_within(changes_deferred, changes):
        yield
    # Not after a failure: the transaction is rolled back, so nothing changed.
    if tags := changes.final():
        record_change(tags, record=changes.records_changed)


def note_written(model, instances):
    """In a many_changes_at_once() block: rows of model were inserted without their signals."""
    changes = changes_deferred.get()
    if changes is not None and not changes.everything:
        instances = list(instances)
        tags = page_tags.inserted_rows_tags(model, instances)
        changes.add_rows(model, instances, tags, inserted=True)


# Set while rows are written only to be looked at and rolled back (roles/staging.py).
# A context variable, not muted signals: muting is process-wide, and a request
# in another thread (a publish) would lose its invalidation meanwhile.
rolled_back_look = contextvars.ContextVar("page_cache_rolled_back_look", default=False)


def looking_only():
    """Writes in the block are undone before anyone else sees them: they change nothing."""
    return set_within(rolled_back_look, True)


def changes_count():
    return not rolled_back_look.get()


def content_changed(sender, instance, signal, created=False, **kwargs):
    if not changes_count():
        return
    changes = changes_deferred.get()
    if changes is not None and changes.everything:
        return  # the block stamps everything already: nothing to work out
    changed = page_tags.changed_tags(
        instance,
        created=created,
        deleted=signal is post_delete,
        # The block writes the items of the citations it writes, with their tags.
        items_written_too=changes is not None,
    )
    record = page_tags.shown_on_role_pages(type(instance))
    if changes is None:
        record_change(changed, record=record)
    elif created or signal is post_delete:
        changes.add_rows(type(instance), [instance], changed, inserted=created, record=record)
    else:
        changes.add(changed, record)


def content_m2m_changed(sender, instance, action, model, pk_set, **kwargs):
    # Sent for every many-to-many relation, a user's groups too: only content counts.
    if page_tags.is_content(type(instance)) and action.startswith("post_") and changes_count():
        changes = changes_deferred.get()
        if changes is None:
            record_change(page_tags.m2m_tags(instance, model, pk_set))
        elif not changes.everything:
            changes.add(page_tags.m2m_tags(instance, model, pk_set))


def refresh_search_index(tags, records_changed=False):
    from .search.index import refresh_after_commit  # the index reads the models this module saves

    # With None the index reads every tag stamped since it was built, the record's too.
    refresh_after_commit(None if records_changed else page_tags.changed_role_ids(tags))


def connect_invalidation():
    for model in page_tags.content_models():
        uid = model._meta.label
        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=model, dispatch_uid=f"pages-{uid}")
        post_init.connect(page_tags.note_loaded, sender=model, dispatch_uid=f"page-tags-{uid}")
    m2m_changed.connect(content_m2m_changed, dispatch_uid="pages-m2m")
