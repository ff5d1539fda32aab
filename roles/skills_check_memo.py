"""The skills check's ladders, worked out once per content version in each process.

What each rung asks for depends on the published content alone, not on what
a person ticks, and with a thousand roles reading and adding it up takes the
best part of a second (bench/skills_check_speed.py). So each process keeps the
last one it made, under the content version it was read at, and makes it
again when the version has moved on: any write to the content moves it
(roles/caching.py), in any process, load_content included.

Inside a transaction it is always made afresh and never kept: a transaction
may see writes no one else can (a test, a preview rolled back at the end),
under a version number that is not final.
"""

import threading

from django.db import connection

from .models import Role
from .skills_check import equivalence_members, skills_check_for
from .version_watch import watch

_kept = {}  # "latest" -> (content version, SkillsCheck)
_making = threading.Lock()


def build():
    return skills_check_for(Role.objects.published().for_skills_check(), equivalence_members())


def current_check():
    if connection.in_atomic_block:
        return build()
    version = watch.current()  # before the read, so what is kept is at least this new
    kept = _kept.get("latest")
    if kept and kept[0] == version:
        return kept[1]
    # One thread makes it; the others wait for it rather than make it too.
    with _making:
        kept = _kept.get("latest")
        if kept and kept[0] == version:
            return kept[1]
        check = build()
        _kept["latest"] = (version, check)
        return check


def forget():
    """Drop what is kept (the benchmark times the page with nothing kept)."""
    _kept.clear()
