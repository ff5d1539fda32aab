"""A whole index's passages rendered by worker processes, for large builds.

Rendering every page of every published role (passages.py) is Python work on
one core: with 1,000 roles it was most of a load_content. Workers forked from
this process each render a share of the roles through a database connection
of their own and send the entries back, in order; the caller writes them in
its transaction as before.

Only where it pays and is safe: in a management command (load_content,
rebuild_search_index), never in a server process, whose other threads' locks
a fork would copy held; on PostgreSQL (SQLite's builds are small); when the
caller's transaction has written nothing the workers need (they see only
what is committed); and for at least MIN_ROLES roles in more than one chunk,
since starting the workers costs about as much as rendering a few roles.
"""

import logging
from concurrent.futures.process import BrokenProcessPool

from asgiref.local import Local
from django.conf import settings
from django.db import connection, connections

from .. import workers

MIN_ROLES = 200

logger = logging.getLogger(__name__)


def worth_it(chunks):
    return len(chunks) > 1 and pays_for(sum(len(chunk) for chunk in chunks))


def pays_for(roles):
    """Whether rendering this many roles' pages would be shared out among workers here."""
    return (
        workers.in_command()
        and connection.vendor == "postgresql"
        and workers.count() > 1
        and roles >= getattr(settings, "SEARCH_INDEX_PARALLEL_MIN_ROLES", MIN_ROLES)
    )


def mapped(render, chunks):
    """Every item of render(chunk) for the chunks, in order, rendered by workers.

    None when workers would not pay, or could not do it: a worker that fails
    to start or dies breaks the map (BrokenProcessPool) rather than leave it
    waiting, and the caller renders in this process instead, only slower.
    """
    if not worth_it(chunks):
        return None
    try:
        with workers.forked_pool(len(chunks), initializer=_start_worker) as pool:
            return [item for items in pool.map(_Rendered(render), chunks) for item in items]
    except BrokenProcessPool:
        logger.exception("search index: the worker processes failed; rendering in this one")
        return None


# The parent's connections and pools as a worker inherited them: kept, never used.
_inherited = []


def _start_worker():
    """Give this forked worker database connections of its own.

    The parent's sockets are open in this process too, and closing one (as
    a connection object does when it is garbage-collected) would end the
    parent's session; so they stay referenced, untouched, until the worker
    exits (multiprocessing ends a worker without running finalizers).
    """
    backend = type(connections["default"])
    _inherited.append(connections._connections)
    connections._connections = Local(connections.thread_critical)
    pools = getattr(backend, "_connection_pools", None)
    if pools:
        _inherited.append(dict(pools))
        pools.clear()


class _Rendered:
    """render's results as a list (a generator cannot be sent back), connections closed after."""

    def __init__(self, render):
        self.render = render

    def __call__(self, chunk):
        try:
            return list(self.render(chunk))
        finally:
            connections.close_all()
