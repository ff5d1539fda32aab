"""A large refresh of the search index, run in a thread after the request that caused it.

A change that alters many roles' pages (a role created, a tool every role
uses renamed) re-renders that many pages: with a thousand roles, a minute or
more, past gunicorn's 30 s timeout. So in a server process such a refresh
runs in a thread of its own, after the response: the editor's save returns
at once and searches read the index as it was until the refresh commits
(roles/search/index.py holds it in one transaction). Commands (load_content)
refresh before they exit instead.

The thread holds a database connection of its own for the refresh: the
production pool has one to spare for it (careerguide/settings.py).
"""

import logging
import threading

from django.db import connections

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_running = []  # this process's refresh threads not yet finished


def refresh_later(refresh, role_ids):
    """Run refresh(role_ids) in a thread, unless one is running already in this process.

    One that is running will catch up on this change too: a refresh brings the
    index to the content version current when it takes the index's lock.
    Returns whether a thread was started.
    """
    with _lock:
        _running[:] = [thread for thread in _running if thread.is_alive()]
        if _running:
            return False
        thread = threading.Thread(
            target=_refresh_then_close,
            args=(refresh, role_ids),
            name="search-index-refresh",
            daemon=True,  # a worker shutting down ends it: the next change or search catches up
        )
        _running.append(thread)
    thread.start()
    return True


def _refresh_then_close(refresh, role_ids):
    try:
        refresh(role_ids)
    except Exception:  # searches read the index as it was; the next change tries again
        logger.exception("search index: the refresh after the response failed")
    finally:
        connections.close_all()  # this thread's own connection


def wait(timeout=None):
    """Until this process's refresh threads have finished; whether they all have."""
    with _lock:
        threads = list(_running)
    for thread in threads:
        thread.join(timeout)
    return not any(thread.is_alive() for thread in threads)
