"""Keeping the search index in step with the content: whole, or a few roles at a time.

After a committed change the index is refreshed (roles/caching.py schedules
it): only the roles that changed, with their neighbours and the catalog's
passages, when the caller says which roles those are; all of it otherwise.
Either way it is one transaction holding SearchIndexState's row lock, so a
search sees the old index or the new one, never half of each, and two
refreshes never interleave.

SearchIndexState.content_version says which content version the index
stands for. The roles a change names bring an index of version N-1 to N
only: if more than one change committed since the index was built, they are
not all that changed, and the cache tags stamped since (changes.py) say what
did; when that is more than roles, everything is rebuilt. If a refresh failed
or was skipped, the next search notices the older version and catches up
first the same way: slower once, never wrong for long.
"""

import logging

from django.db import transaction
from django.utils import timezone

from ..models import ContentVersion, Role, SearchEntry, SearchIndexState
from ..models.search import SINGLETON
from ..version_watch import watch
from . import changes, passages, rows, scope, vocabulary
from .passages import all_entries

logger = logging.getLogger(__name__)


def rebuild():
    """Rebuild the whole index from the published content; returns the number of entries."""
    with transaction.atomic():
        state = locked_state(wait=True)
        return record(state, ContentVersion.current(), everything())


# For refresh(): the changes are not known; the cache tags say which they were.
SINCE_BUILT = object()


def refresh(role_ids=None, wait=True):
    """Bring the index up to the current content version; returns its number of entries.

    role_ids: the roles whose content the last committed change touched, None
    for "not known, or not only roles" (everything is rebuilt), or SINCE_BUILT
    (the cache tags say). With wait=False a refresh that another process is
    running already is left to it (returns None).
    """
    with transaction.atomic():
        state = locked_state(wait)
        if state is None:
            return None
        version = ContentVersion.current()
        if state.built_at is not None and state.content_version == version:
            return state.entries  # another process got there first
        changed = roles_to_index(state, version, role_ids)
        if changed is None:
            return record(state, version, everything())
        return record(state, version, state.entries + roles_only(changed))


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


def everything():
    """Every published page into the index; returns the number of entries."""
    wanted = list(all_entries())
    rows.sync(wanted, SearchEntry.objects.all())
    vocabulary.replace(vocabulary.counted(vocabulary.entry_texts(wanted)))
    return len(wanted)


def roles_only(role_ids):
    """Re-index these roles' pages, their neighbours' and the catalog's; returns the change
    in the number of entries. A role deleted or no longer published loses its entries.
    """
    affected = scope.affected(role_ids)
    published = Role.objects.published().for_role_page().filter(pk__in=affected)
    wanted = [entry for role in published for entry in passages.role_entries(role)]
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

    Not if another process is refreshing it right now: the search reads the
    index as it was until that commits, rather than wait or build it twice.
    Returns when the index to search was built (SearchIndexState.built_at).
    """
    state = SearchIndexState.objects.values_list("content_version", "built_at").first()
    if state is not None and state[1] is not None and state[0] == watch.current():
        return state[1]
    refresh(SINCE_BUILT, wait=False)
    return built_at()


def refresh_after_commit(role_ids):
    """The content changed and committed: bring the index up to date (failures only logged).

    role_ids: the primary keys of the roles whose content the transaction
    changed, or None when that is not known or the catalog changed.
    """
    try:
        refresh(None if role_ids is None else set(role_ids))
    except Exception:  # the search rebuilds on its next request; the write itself stands
        logger.exception("search index refresh failed; the next search will rebuild it")


def rebuild_after_commit():
    """As refresh_after_commit(None), for callers that do not say which roles changed."""
    refresh_after_commit(None)
