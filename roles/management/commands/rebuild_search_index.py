"""Rebuild the site search's index from the published content.

The index rebuilds itself after every content change and before a search
that finds it stale, so this is for operators: after restoring a database
dump, or to see how long a rebuild takes.
"""

import time

from django.core.management.base import BaseCommand

from roles import workers
from roles.search import index


class Command(BaseCommand):
    help = "Rebuild the site search's index from the published content."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with workers.allowed():  # a large index renders its pages in worker processes
            entries = index.rebuild(in_parallel=True)
        if options["verbosity"]:
            elapsed = time.perf_counter() - started
            self.stdout.write(f"Search index: {entries} passages, built in {elapsed:.1f} s.")
