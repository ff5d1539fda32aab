"""Worker processes for the long, CPU-bound steps of management commands.

A large load_content parses its files and renders the search index's pages
with Python on one core; worker processes forked from the command share the
work among the cores. Only inside a command: a server process's other
threads may hold locks that a fork would copy held, never to be released.
"""

import contextvars
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings

from .context_values import set_within

_allowed = contextvars.ContextVar("worker_processes_allowed", default=False)


def allowed():
    """Steps in the block may fork worker processes: for management commands only."""
    return set_within(_allowed, True)


def in_command():
    """Inside allowed(): a management command, which may take as long as its steps take."""
    return _allowed.get()


def count():
    """WORKER_PROCESSES, else one per core, at most four (PostgreSQL needs a core too)."""
    configured = getattr(settings, "WORKER_PROCESSES", None)
    return configured if configured is not None else min(4, os.cpu_count() or 1)


def forked_pool(jobs, initializer=None):
    """A pool of forked workers for jobs: as many as count() allows, at most one a job."""
    return ProcessPoolExecutor(
        max_workers=max(1, min(count(), jobs)),
        mp_context=multiprocessing.get_context("fork"),
        initializer=initializer,
    )
