"""How fast the search answers with many roles, on PostgreSQL, with no page cache.

    .venv/bin/python bench/search_speed.py [--roles 1000] [--repeat 10]

Loads the real content, then (in the same run, for a fair ratio) the real
roles plus numbered copies up to --roles (bench/scaling.py writes them), each
into a fresh database `careerguide_searchbench`, and times roles.search.find()
in the Django process for every query of bench/search_queries.yaml plus a few
typos: --repeat timed calls each, after one untimed. find() is what the search
page runs under its page cache, so this is the uncached cost of a search
(the HTML around it adds a few milliseconds that do not grow with the roles).
It also reports how long building the whole index took, how long refreshing
it after an edit to one role takes (the median of three: what an editor's save
costs), and how many entries it has.
Needs root only to start PostgreSQL if it is down; drops its database at the end.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scaling import write_content_set
from services import (
    POSTGRES,
    REPO,
    django_env,
    drop_database,
    ensure_postgres,
    manage,
    recreate_database,
)

DATABASE = "careerguide_searchbench"
TYPOS = ["techncian", "forklfit", "salery", "maintenence", "asociate pay"]

TIMED = """
import json, time, yaml
from django.core.management import call_command
from roles.models import ContentVersion, Responsibility, Role, SearchEntry
from roles.search import find, index
started = time.perf_counter()
call_command("load_content", {folder!r}, verbosity=0)
loaded = time.perf_counter() - started
started = time.perf_counter()
index.rebuild()
built = time.perf_counter() - started
# What an editor's save of one role costs the index: that role's refresh.
role, refreshed = Role.objects.published().order_by("slug").last(), []
for number in range(3):
    text = f"Checks the benchmark's edit number {{number}}."
    Responsibility.objects.filter(role=role).update(text=text, text_html=f"<p>{{text}}</p>")
    ContentVersion.bump()
    started = time.perf_counter()
    index.refresh({{role.pk}})
    refreshed.append(time.perf_counter() - started)
queries = [item["query"] for item in yaml.safe_load(open({queries!r}))] + {typos!r}
timings = {{}}
for query in queries:
    find(query)
    runs = []
    for _ in range({repeat}):
        started = time.perf_counter()
        find(query)
        runs.append((time.perf_counter() - started) * 1000)
    timings[query] = runs
print("RESULT", json.dumps({{"load_seconds": loaded, "index_seconds": built,
    "refresh_seconds": sorted(refreshed)[1], "entries": SearchEntry.objects.count(),
    "timings": timings}}))
"""


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(count, repeat, log):
    env = django_env(DATABASE_URL=f"{POSTGRES}/{DATABASE}")
    with tempfile.TemporaryDirectory(prefix="careerguide-searchbench-") as folder:
        written = write_content_set(Path(folder), count)
        recreate_database(DATABASE)
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        log(f"  {written} roles: loading, indexing and searching ...")
        code = TIMED.format(
            folder=folder,
            queries=str(REPO / "bench" / "search_queries.yaml"),
            typos=TYPOS,
            repeat=repeat,
        )
        output = manage(env, "shell", "-c", code, capture=True)
    result = json.loads(output.split("RESULT", 1)[1])
    every = [ms for runs in result["timings"].values() for ms in runs]
    per_query_p95 = {query: percentile(runs, 0.95) for query, runs in result["timings"].items()}
    slowest = sorted(per_query_p95.items(), key=lambda item: -item[1])[:5]
    return {
        "roles": written,
        "entries": result["entries"],
        "load_seconds": round(result["load_seconds"], 1),
        "index_rebuild_seconds": round(result["index_seconds"], 1),
        "one_role_refresh_seconds": round(result["refresh_seconds"], 2),
        "queries": len(result["timings"]),
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(percentile(every, 0.95), 1),
        "max_ms": round(max(every), 1),
        "slowest_queries_p95_ms": {query: round(ms, 1) for query, ms in slowest},
        "per_query_p50_p95_ms": {
            query: [round(statistics.median(runs), 1), round(percentile(runs, 0.95), 1)]
            for query, runs in result["timings"].items()
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=10)
    options = parser.parse_args()
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    log(f"PostgreSQL: {ensure_postgres()}")
    started = time.perf_counter()
    try:
        small = run(2, options.repeat, log)
        large = run(options.roles, options.repeat, log)
    finally:
        drop_database(DATABASE)
    report = {
        "small": small,
        "large": large,
        "ratio_p50_large_to_small": round(large["p50_ms"] / small["p50_ms"], 2),
        "ratio_p95_large_to_small": round(large["p95_ms"] / small["p95_ms"], 2),
        "wall_seconds": round(time.perf_counter() - started),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
