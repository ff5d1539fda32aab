"""Commits, inside a test's transaction.

Each test runs in one transaction that is rolled back, so nothing in it ever
commits. Content writes do their once-per-transaction work (the version bump,
the page-cache clear, the index rebuild) at the first write and at commit; a
test that makes two writes as two requests would make them must end the first
as a commit would.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.test import TestCase


@contextmanager
def as_if_committed(using=DEFAULT_DB_ALIAS):
    """Run the block's on-commit callbacks at its end, then forget them, as a commit does."""
    pending = connections[using].run_on_commit
    already_pending = len(pending)
    with TestCase.captureOnCommitCallbacks(using=using, execute=True):
        yield
    del pending[already_pending:]
