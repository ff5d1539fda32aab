"""Load test: do abusive visitors slow a cached page down for everybody else?

    .venv/bin/python bench/abuse.py [--duration 30] [--connections 64]

Sets up the site as bench/run.py does (PostgreSQL, Redis, gunicorn with
production settings), then measures the cached role page for ordinary
visitors (wrk, 4 connections) three times in one run: alone; while
`--connections` more connections ask for cached pages as ordinary visitors
do; and while as many connections send made-up session cookies and query
strings never seen before (abusive_visitors.lua). If the abuse is absorbed by
the cache, the last two cost the same: their p99 ratio is about 1. Also
reports the server's CPU per abusive request and the page cache's Redis
memory before and after the abuse.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
import run
import server
import services
import wrk

ABUSE = Path(__file__).resolve().parent / "abusive_visitors.lua"
VISITOR_CONNECTIONS = 4
P99_TARGET_MS = 50


def page_cache_memory():
    client = redis.Redis(services.REDIS_HOST, services.REDIS_PORT, db=services.REDIS_PAGES_DB)
    return {"keys": client.dbsize(), "used_memory": client.info("memory")["used_memory"]}


def visitors(port, duration):
    return wrk.run(f"http://127.0.0.1:{port}{run.ROLE}", duration, VISITOR_CONNECTIONS, 1)


def visitors_during(port, duration, connections, *load):
    """Visitors measured while wrk sends `load` (extra wrk arguments) on more connections."""
    other = subprocess.Popen(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration + 2}s", "--latency",
         "-H", "Accept-Encoding: gzip", *load],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(1)  # the other load is under way before the visitors are measured
    measured = visitors(port, duration)
    return measured, wrk.parse(other.communicate()[0])


def figures(result, *names):
    return {name: result[name] for name in names}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    env = services.django_env()
    try:
        with tempfile.TemporaryDirectory(prefix="careerguide-abuse-") as folder:
            run.set_up(env)
            port = server.free_port()
            gunicorn = server.Gunicorn(env, port, Path(folder) / "gunicorn.log")
            try:
                run.warm(port, [("role page", run.ROLE)])
                alone = visitors(port, args.duration)
                role_page = f"http://127.0.0.1:{port}{run.ROLE}"
                ordinary, _ = visitors_during(port, args.duration, args.connections, role_page)
                before = page_cache_memory()
                cpu_before = gunicorn.cpu_seconds()
                attacked, abuse = visitors_during(
                    port, args.duration, args.connections, "-s", str(ABUSE), role_page
                )
                cpu_used = gunicorn.cpu_seconds() - cpu_before
                after = page_cache_memory()
            finally:
                gunicorn.stop()
    finally:
        services.drop_database()
        services.flush_redis()
    latency = ("requests_per_second", "p50_ms", "p99_ms", "errors")
    result = {
        "visitors_alone": figures(alone, *latency),
        "visitors_beside_ordinary_load": figures(ordinary, *latency),
        "visitors_beside_abuse": figures(attacked, *latency),
        "abuse": figures(abuse, "requests", "requests_per_second", "p99_ms", "errors"),
        "server_cpu_ms_per_request_during_abuse": round(
            cpu_used * 1000 / (abuse["requests"] + attacked["requests"]), 2
        ),
        "p99_beside_abuse_over_beside_ordinary_load": round(
            attacked["p99_ms"] / ordinary["p99_ms"], 2
        ),
        "page_cache_redis_before": before,
        "page_cache_redis_after": after,
    }
    print(json.dumps(result, indent=2))
    ok = attacked["p99_ms"] < P99_TARGET_MS and attacked["errors"] == 0
    ok = ok and after["keys"] <= before["keys"] + 4  # the attack's pages share the cached ones
    print(f"p99 under attack {attacked['p99_ms']:.1f} ms (target < {P99_TARGET_MS}): "
          f"{'pass' if ok else 'FAIL'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
