"""Keeping the search index in step with the content: whole, or a few roles at a time.

After a committed change the index is refreshed (roles/caching.py schedules
it): only the roles that changed, with their neighbours and the catalog's
passages. The caller says which roles those are, or, for a change that is
not only roles' (a tool renamed), the cache tags it stamped do: the roles
whose pages show that record. Only a change to everything rebuilds it all.
Either way it is one transaction holding SearchIndexState's row lock, so a
search sees the old index or the new one, never half of each, and two
refreshes never interleave.

SearchIndexState.content_version says which content version the index
stands for. The roles a change names bring an index of version N-1 to N
only: if more than one change committed since the index was built, they are
not all that changed, and the cache tags stamped since (changes.py) say what
did; when that cannot be told from everything, everything is rebuilt. If a
refresh failed or was skipped, the next search notices the older version and
catches up first the same way: slower once, never wrong for long.
"""

import logging

from django.db import connection, transaction
from django.utils import timezone

from .. import workers
from ..models import ContentVersion, Role, SearchEntry, SearchIndexState
from ..models.search import SINGLETON
from ..version_watch import watch
from . import background, changes, parallel, passages, rows, scope, vocabulary
from .passages import all_entries

logger = logging.getLogger(__name__)


def rebuild(in_parallel=False):
    """Rebuild the whole index from the published content; returns the number of entries.

    in_parallel: a large index may be rendered by worker processes
    (parallel.py), if the caller is in no transaction of its own.
    """
    in_parallel = in_parallel and committed_only()
    with transaction.atomic():
        state = locked_state(wait=True)
        return record(state, ContentVersion.current(), everything(in_parallel))


def committed_only():
    """No transaction is open: what this connection reads, other connections read too."""
    return not connection.in_atomic_block


# For refresh(): the changes are not known; the cache tags say which they were.
SINCE_BUILT = object()
# refresh(small_only=True) would have re-indexed more than INLINE_MAX_ROLES roles.
LARGE = object()
INLINE_MAX_ROLES = 25  # a few seconds' rendering at most


def refresh(role_ids=None, wait=True, small_only=False):
    """Bring the index up to the current content version; returns its number of entries.

    role_ids: the roles whose content the last committed change touched, None
    for "not known, or not only roles" (everything is rebuilt), or SINCE_BUILT
    (the cache tags say). With wait=False a refresh that another process is
    running already is left to it (returns None). A whole rebuild may use worker
    processes where workers.allowed() says so (parallel.py). With small_only, a refresh of
    more than INLINE_MAX_ROLES roles, or one another process is running, is
    not done: returns LARGE.
    """
    in_parallel = committed_only()
    with transaction.atomic():
        state = locked_state(wait and not small_only)
        if state is None:
            return LARGE if small_only else None
        version = ContentVersion.current()
        if state.built_at is not None and state.content_version == version:
            return state.entries  # another process got there first
        changed = roles_to_index(state, version, role_ids)
        if small_only and too_many(changed):
            return LARGE
        if changed is None or (in_parallel and whole_rebuild_pays(changed)):
            return record(state, version, everything(in_parallel))
        return record(state, version, state.entries + roles_only(changed))


def whole_rebuild_pays(changed):
    """Most roles changed (a load of many files): rebuilding all in workers is quicker."""
    return parallel.pays_for(len(changed)) and 2 * len(changed) >= Role.objects.published().count()


def too_many(changed):
    """Whether re-indexing changed (a set of role ids, or None for all) takes long."""
    if changed is None:
        return Role.objects.published().count() > INLINE_MAX_ROLES
    return len(changed) > INLINE_MAX_ROLES


def roles_to_index(state, version, role_ids):
    """The roles whose re-indexing brings the index from its state to version; None: all."""
    if state.built_at is None or state.content_version > version or role_ids is None:
        return None
    if state.content_version == version - 1 and role_ids is not SINCE_BUILT:
        return set(role_ids)  # this change was the only one since the index was built
    # More than the one change the caller knows of: the others may not be roles.
    return changes.roles_changed_since(state.content_version)


def locked_state(wait):
    """The index's state row, locked; None if another transaction holds it and wait is False."""
    states = SearchIndexState.objects.select_for_update(skip_locked=not wait)
    state = states.filter(id=SINGLETON).first()
    if state is None:
        if not wait and SearchIndexState.objects.filter(id=SINGLETON).exists():
            return None
        state, _ = states.get_or_create(id=SINGLETON)
    return state


def record(state, version, entries):
    state.content_version = version
    state.built_at = timezone.now()
    state.entries = entries
    state.save()
    return entries


def everything(in_parallel=False):
    """Every published page into the index; returns the number of entries."""
    wanted = list(all_entries(in_parallel))
    rows.sync(wanted, SearchEntry.objects.all())
    vocabulary.replace(vocabulary.counted(vocabulary.entry_texts(wanted)))
    return len(wanted)


def roles_only(role_ids):
    """Re-index these roles' pages, their neighbours' and the catalog's; returns the change
    in the number of entries. A role deleted or no longer published loses its entries.
    """
    affected = scope.affected(role_ids)
    roles = passages.roles_to_render(affected)
    wanted = [entry for role in roles for entry in passages.role_entries(role)]
    added, removed = rows.sync(
        wanted, SearchEntry.objects.filter(role_pk__in=affected), removed_texts=True
    )
    catalog_added, catalog_removed = rows.sync(
        list(passages.catalog_entries()),
        SearchEntry.objects.filter(role_pk=None),
        removed_texts=True,
    )
    added += catalog_added
    removed += catalog_removed
    vocabulary.adjust(
        vocabulary.counted(vocabulary.entry_texts(added)), vocabulary.counted(removed)
    )
    return len(added) - len(removed)


def built_version():
    return SearchIndexState.objects.values_list("content_version", flat=True).first()


def built_at():
    return SearchIndexState.objects.values_list("built_at", flat=True).first()


def ensure_fresh():
    """Before a search: rebuild the index if the content has changed since it was built.

    Not if another process is refreshing it right now, nor if catching up
    means re-rendering many roles' pages: the search reads the index as it was
    until that commits (the large refresh runs after the response), rather
    than wait or build it twice. Returns when the index to search was built
    (SearchIndexState.built_at).
    """
    state = SearchIndexState.objects.values_list("content_version", "built_at").first()
    if state is not None and state[1] is not None and state[0] == watch.current():
        return state[1]
    refresh_now_or_later(SINCE_BUILT, wait=False)
    return built_at()


def refresh_after_commit(role_ids):
    """The content changed and committed: bring the index up to date (failures only logged).

    role_ids: the primary keys of the roles whose content the transaction
    changed, or None when that is not known or the catalog changed: then the
    cache tags the transaction stamped say which roles' pages that alters
    (changes.py), and only a change to everything rebuilds the whole index.
    """
    try:
        refresh_now_or_later(SINCE_BUILT if role_ids is None else set(role_ids))
    except Exception:  # the search rebuilds on its next request; the write itself stands
        logger.exception("search index refresh failed; the next search will rebuild it")


def refresh_now_or_later(role_ids, wait=True):
    """Refresh now if it is quick or a command asks; else after the response (background.py).

    Inside a transaction (a test, a preview) the refresh is always now: a thread
    of its own would not see what the transaction wrote.
    """
    if workers.in_command() or not committed_only():
        return refresh(role_ids, wait=wait)
    refreshed = refresh(role_ids, small_only=True)
    if refreshed is LARGE:
        background.refresh_later(refresh, role_ids)
        return None
    return refreshed


def rebuild_after_commit():
    """As refresh_after_commit(None), for callers that do not say which roles changed."""
    refresh_after_commit(None)
