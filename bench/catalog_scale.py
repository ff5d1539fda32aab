"""Catalog pages and catalog edits with a thousand roles.

    .venv/bin/python bench/catalog_scale.py [--roles 1000] [--database careerguide_catalog]
        [--skip-load] [--drop] [--pages-only | --edits-only]

Loads --roles generated roles (bench/scaling.py) into a PostgreSQL database
of its own with the production settings (bench/services.py), then, in one
Django process:

- each kind's most used record's own page, cold (page cache emptied first):
  its first page and its last, with milliseconds, queries and bytes;
- a tool edit (its name changed) and the search index refresh that follows
  its commit, timed together, for a tool the script links to a few roles and
  for the tool most roles use; and how many SearchEntry rows the refresh
  replaced, and whether the new name is found.

Prints one JSON document. The database is kept for --skip-load unless --drop;
drop it by hand with `dropdb -h 127.0.0.1 -U postgres careerguide_catalog`.
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
DATABASE = "careerguide_catalog"
# Redis databases no test and no other benchmark uses (those take 12 to 15).
REDIS_DB, REDIS_PAGES_DB = 10, 11
FEW_ROLES = 10  # the roles the benchmark's own tool is linked to
FEW_ROLES_NAMES = ("Bench vernier gauge", "Bench micrometer gauge")

IN_PROCESS = """
import json, sys
sys.path.insert(0, {bench!r})
import catalog_scale
print("RESULT", json.dumps(catalog_scale.measure(pages={pages}, edits={edits})))
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- inside the Django process ----------------------------------------------------------


def cold_get(path):
    """One GET with the page cache emptied first: (ms, queries, status, bytes)."""
    import time

    from django.core.cache import caches
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    caches["pages"].clear()
    client = Client(HTTP_HOST="127.0.0.1")
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
    return round(elapsed, 1), len(queries), response.status_code, len(response.content)


def most_used(kind):
    from django.db.models import Count

    return kind.model.objects.annotate(users=Count("role_links")).order_by("-users", "pk").first()


def measure_pages():
    from roles.catalog import KINDS

    rows = []
    for kind in KINDS:
        record = most_used(kind)
        url = record.get_absolute_url()
        cold_get(url)  # untimed: template compilation and the like, paid once per process
        first = cold_get(url)
        last_page = max(1, -(-record.users // 24))
        last = cold_get(f"{url}?page={last_page}") if last_page > 1 else None
        rows.append({"kind": kind.name, "record": record.key, "role_links": record.users,
                     "first_page": first, "last_page": [last_page, *(last or ())]})  # fmt: skip
        log(f"    {url}: {first[0]} ms, {first[1]} queries, {first[3]} bytes")
    return rows


def bench_tool(roles):
    """A tool of the benchmark's own, linked to roles (one commit, refreshed as any other)."""
    from django.db import transaction

    from roles.models import RoleTool, Tool

    with transaction.atomic():
        tool, _ = Tool.objects.get_or_create(
            key="bench-catalog-gauge",
            defaults={"name": "Bench calliper gauge", "category": Tool.Category.MEASUREMENT},
        )
        for role in roles:
            position = role.roletool_set.count()
            RoleTool.objects.get_or_create(role=role, tool=tool, defaults={"position": position})
    return tool


def timed_rename(tool, name):
    """Rename the tool; the seconds to its commit and the index refresh after it, and rows kept."""
    import time

    from django.db import transaction

    from roles.models import SearchEntry
    from roles.search import find, index

    index.refresh(index.SINCE_BUILT)  # start from an index that is up to date
    before = set(SearchEntry.objects.values_list("id", flat=True))
    started = time.perf_counter()
    with transaction.atomic():
        tool.name = name
        tool.save()
    seconds = time.perf_counter() - started
    after = set(SearchEntry.objects.values_list("id", flat=True))
    pages = {result.url.split("#")[0] for result in find(name).results}
    return {
        "seconds": round(seconds, 3),
        "rows_before": len(before),
        "rows_replaced": len(before - after),
        "rows_kept": len(before & after),
        "new_name_on_its_own_page": tool.get_absolute_url() in pages,
        "result_pages_for_new_name": len(pages),
    }


def measure_edits():
    from roles.models import Role

    step = max(1, Role.objects.count() // FEW_ROLES)
    roles = list(Role.objects.published().order_by("pk"))[::step]
    few = bench_tool(roles[:FEW_ROLES])
    # A name it does not have yet, however many runs renamed it before.
    name = next(name for name in FEW_ROLES_NAMES if name != few.name)
    runs = [{"tool": few.key, "role_links": FEW_ROLES, **timed_rename(few, name)}]
    log(f"    tool used by {FEW_ROLES} roles: {runs[-1]}")
    from roles.catalog import TOOLS

    common = most_used(TOOLS)
    name = common.name
    runs.append({"tool": common.key, "role_links": common.users,
                 **timed_rename(common, f"{name} (renamed)")})  # fmt: skip
    log(f"    tool used by {common.users} roles: {runs[-1]}")
    timed_rename(common, name)  # put it back, for a later --skip-load run
    return runs


def measure(pages=True, edits=True):
    from django.db import connection

    from roles.models import Role

    result = {"roles": Role.objects.published().count(), "database": connection.vendor}
    if pages:
        log("  catalog pages, cold ...")
        result["pages"] = measure_pages()
    if edits:
        log("  tool edits and their search refresh ...")
        result["edits"] = measure_edits()
    return result


# --- the command ------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--pages-only", action="store_true")
    only.add_argument("--edits-only", action="store_true")
    return parser.parse_args(argv)


def main(argv=None):
    import scaling
    import services

    options = parse_args(argv)
    env = services.django_env(
        DATABASE_URL=f"{services.POSTGRES}/{options.database}",
        REDIS_URL=f"redis://{services.REDIS_HOST}:{services.REDIS_PORT}/{REDIS_DB}",
        REDIS_PAGES_DB=str(REDIS_PAGES_DB),
    )
    log(f"PostgreSQL: {services.ensure_postgres()}; Redis: {services.ensure_redis()}")
    services.flush_redis((REDIS_DB, REDIS_PAGES_DB))
    try:
        if not options.skip_load:
            with tempfile.TemporaryDirectory(prefix="careerguide-catalog-") as folder:
                log(f"  loading {scaling.write_content_set(Path(folder), options.roles)} roles ...")
                scaling.fresh_database(env, options.database)
                services.manage(env, "load_content", folder, "--verbosity", "0")
        services.manage(env, "migrate", "--noinput", "--verbosity", "0")
        services.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        code = IN_PROCESS.format(
            bench=str(BENCH), pages=not options.edits_only, edits=not options.pages_only
        )
        output = services.manage(env, "shell", "-c", code, capture=True)
        print(json.dumps(json.loads(output.split("RESULT", 1)[1]), indent=2))
    finally:
        services.flush_redis((REDIS_DB, REDIS_PAGES_DB))
        if options.drop:
            services.drop_database(options.database)


if __name__ == "__main__":
    main()
