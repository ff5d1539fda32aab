"""How long the skills check takes, and how many queries it makes, as the roles grow.

    .venv/bin/python bench/skills_check_speed.py 150 1000        # load each size, then time it
    .venv/bin/python bench/skills_check_speed.py 1000 --skip-load   # time what is loaded
    .venv/bin/python bench/skills_check_speed.py 1000 --profile /tmp/skills   # py-spy too

Each size is loaded (bench/scaling.py's generated roles) into a PostgreSQL
database of its own (careerguide_skills by default, dropped at the end unless
--keep), then one `manage.py shell` process requests the skills check for a
few tick sets through django.test.Client, on the production settings (no
Redis: the local memory cache stands in, so this can run beside the other
benchmarks). The page is not page-cached. "Cold" is a request with nothing
kept, which reads and adds up every ladder (what the first request after any
content change pays, in each process); "warm" the same request again, on the
ladders the process kept for that content version (roles/skills_check_memo.py).
Each figure is the median of --repeat such pairs.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import scaling
from services import POSTGRES, REPO, django_env, drop_database, ensure_postgres, manage

DATABASE = "careerguide_skills"

# The production settings serve static files from collectstatic's manifest; the
# plain storage names them without one, so nothing is written into the checkout.
# (Braces doubled: the requests below go through str.format.)
PLAIN_STATIC = """
from django.test.utils import override_settings
override_settings(STORAGES={{
    "default": {{"BACKEND": "django.core.files.storage.FileSystemStorage"}},
    "staticfiles": {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
}}).enable()
"""

# Runs in the Django process. The tick sets: none (the empty form), one soft
# skill (few ticks: entry rungs first), a few records of the first role, and
# the first rung's whole list plus a page further on.
TIMED_REQUESTS = (
    PLAIN_STATIC
    + """
import json, statistics, time
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from roles import skills_check_memo

check = skills_check_memo.build()
keys = [c.key for c in check.catalog.competencies]
first = check.targets[0]
cases = {{
    "empty form": "",
    "one tick": f"have={{keys[len(keys) // 2]}}",
    "four ticks": "&".join(f"have={{key}}" for key in list(first.needs)[:4]),
    "a rung's whole list": "&".join(f"have={{key}}" for key in first.needs),
    "the same, page 3": "&".join(f"have={{key}}" for key in first.needs) + "&page=3",
}}
client = Client(HTTP_HOST="127.0.0.1")


def timed(query):
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get("/skills-check/?" + query)
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (query, response.status_code)
    return elapsed, len(queries), len(response.content)


results = {{
    "rungs": len(check.targets), "ladders": len(check.ladders), "boxes": len(keys), "cases": {{}},
}}
for name, query in cases.items():
    cold, warm = [], []
    for _ in range({repeat}):
        skills_check_memo.forget()  # cold: the ladders are read and added up in the request
        cold.append(timed(query))
        warm.append(timed(query))  # warm: this process kept them, at this content version
    results["cases"][name] = {{
        "cold_ms": round(statistics.median(t for t, _, _ in cold), 1),
        "cold_queries": max(q for _, q, _ in cold),
        "warm_ms": round(statistics.median(t for t, _, _ in warm), 1),
        "warm_queries": max(q for _, q, _ in warm),
        "bytes": cold[-1][2],
    }}
print("RESULT", json.dumps(results))
"""
)

# What py-spy watches: the busiest tick set, requested cold over and over.
PROFILED_REQUESTS = (
    PLAIN_STATIC
    + """
from django.test import Client
from roles import skills_check_memo
check = skills_check_memo.build()
query = "&".join(f"have={{key}}" for key in check.targets[0].needs)
client = Client(HTTP_HOST="127.0.0.1")
for _ in range({repeat}):
    skills_check_memo.forget()
    client.get("/skills-check/?" + query)
"""
)


def environment(database):
    env = django_env(DATABASE_URL=f"{POSTGRES}/{database}")
    env.pop("REDIS_URL", None)  # the local memory cache, not Redis
    return env


def load(count, env, database):
    with tempfile.TemporaryDirectory(prefix="careerguide-skills-") as folder:
        written = scaling.write_content_set(Path(folder), count)
        scaling.fresh_database(env, database)
        manage(env, "load_content", folder, "--verbosity", "0")
    return written


def timed(env, repeat):
    output = manage(env, "shell", "-c", TIMED_REQUESTS.format(repeat=repeat), capture=True)
    return json.loads(output.split("RESULT", 1)[1])


def profile(env, repeat, prefix, count):
    """py-spy over repeated requests; its raw samples go to PREFIX-COUNT.txt."""
    raw = Path(f"{prefix}-{count}.txt")
    code = PROFILED_REQUESTS.format(repeat=repeat)
    spy = [str(Path(sys.executable).with_name("py-spy")), "record", "--format", "raw"]
    command = [sys.executable, "manage.py", "shell", "-c", code]
    subprocess.run(
        [*spy, "--rate", "200", "-o", str(raw), "--", *command],
        cwd=REPO,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    from load_speed import print_top

    print_top(raw, 20)


def report(count, result):
    print(
        f"\n{count} roles: {result['ladders']} ladders, {result['rungs']} rungs considered,"
        f" {result['boxes']} boxes on the form"
    )
    head = ("tick set", "cold ms", "queries", "warm ms", "queries", "KiB")
    print(f"  {head[0]:<22}" + "".join(f"{h:>9}" for h in head[1:]))
    for name, case in result["cases"].items():
        cells = (case["cold_ms"], case["cold_queries"], case["warm_ms"], case["warm_queries"])
        print(f"  {name:<22}" + "".join(f"{c:>9}" for c in cells) + f"{case['bytes'] / 1024:>9.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", nargs="+", type=int, help="numbers of roles to load")
    parser.add_argument(
        "--repeat", type=int, default=5, help="requests per tick set after the first"
    )
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--skip-load", action="store_true", help="time what is already loaded")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--profile", metavar="PREFIX", help="also run py-spy, samples to PREFIX-N.txt"
    )
    options = parser.parse_args()
    print(f"PostgreSQL: {ensure_postgres()}", file=sys.stderr)
    env = environment(options.database)
    try:
        for count in options.counts:
            if options.skip_load:
                manage(env, "migrate", "--noinput", "--verbosity", "0")
            else:
                print(f"loading {count} roles into {options.database} ...", file=sys.stderr)
                load(count, env, options.database)
            report(count, timed(env, options.repeat))
            if options.profile:
                profile(env, options.repeat * 4, options.profile, count)
    finally:
        if not options.keep:
            drop_database(options.database)


if __name__ == "__main__":
    main()
