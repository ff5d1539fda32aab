"""Database connections under load: the psycopg pool against persistent and per-request ones.

    .venv/bin/python bench/pool.py [--duration 20] [--connections 16] [--rounds 2] [--warmup 5]

Sets up PostgreSQL (database careerguide_pool) and Redis (databases 8 and 9)
with the real content, as bench/run.py does, and starts three gunicorns with
gunicorn.conf.py side by side, one for each way of connecting: persistent
connections (the pool off, DJANGO_CONN_MAX_AGE=60), the pool (the production
default), and a new connection for every request (the pool off,
DJANGO_CONN_MAX_AGE=0). wrk then loads each in turn, round after round, with
the role list as a signed-in user (its session, user and roles read from the
database on every request) and with /healthz (a query on every request).
Reports the medians of the rounds: requests/s, p50, p99, CPU per request, the
connections PostgreSQL opened per 1,000 requests and those each server holds
open, and the ratios to persistent connections.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import run
import server
import services
import wrk

DATABASE = "careerguide_pool"
REDIS_DB, REDIS_PAGES_DB = 8, 9
RESULTS = Path(__file__).resolve().parent / "results-pool.json"
MODES = {
    "persistent": {"DJANGO_DB_POOL": "0", "DJANGO_CONN_MAX_AGE": "60"},
    "pool": {"DJANGO_DB_POOL": "1"},
    "per request": {"DJANGO_DB_POOL": "0", "DJANGO_CONN_MAX_AGE": "0"},
}
# A backend that has gone idle reports its statistics, its own start included,
# within 10 s (PostgreSQL's PGSTAT_IDLE_INTERVAL); a busy one within a second,
# one that exits at once.
STATISTICS_DELAY = 11
SIGNED_IN = "role list, signed in"
TARGETS = [
    # A signed-in visitor skips the page cache: session, user and list come from the
    # database on every request, and the page is light enough for connecting to show.
    (SIGNED_IN, "/roles/"),
    ("/healthz", "/healthz"),
]
# Sent by wrk with every request of the signed-in target.
SESSION_SCRIPT = 'wrk.headers["Cookie"] = "sessionid={}"\n'
# Prints the key of a new session signed in as a new, unprivileged user.
NEW_SESSION = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
user = User.objects.create_user("bench-pool")
store = import_module(settings.SESSION_ENGINE).SessionStore()
store.update({SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
              BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend"})
store.create()
print(store.session_key)
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per wrk run")
    # Enough to keep every worker busy; more only lengthens gunicorn's queue.
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=5, help="unrecorded seconds per target")
    parser.add_argument("--rounds", type=int, default=2, help="times each target is measured")
    return parser.parse_args()


def application_name(mode):
    return "careerguide-bench-" + mode.replace(" ", "-")


def statistic(query, value):
    with psycopg.connect(f"{services.POSTGRES}/postgres", autocommit=True) as connection:
        return connection.execute(query, [value]).fetchone()[0]


def sessions_opened():
    """Connections PostgreSQL has accepted into the benchmark's database so far."""
    return statistic("SELECT sessions FROM pg_stat_database WHERE datname = %s", DATABASE)


def connections_open(mode):
    return statistic(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", application_name(mode)
    )


def start(mode, env, folder):
    run.log(f"gunicorn, {mode}: {MODES[mode]}")
    # libpq names every connection of that server, pooled or not, the listener's too.
    variables = MODES[mode] | {"PGAPPNAME": application_name(mode)}
    return server.Gunicorn(env | variables, server.free_port(), folder / f"{mode}.log")


def warm_up(servers, args):
    """Every server has served every target, and opened what it keeps open, before counting."""
    for gunicorn in servers.values():
        for name, path in TARGETS:
            url = f"http://127.0.0.1:{gunicorn.port}{path}"
            wrk.run(url, args.warmup, args.connections, args.threads, run.SCRIPTED.get(name))
    time.sleep(STATISTICS_DELAY)


def measured(mode, gunicorn, name, path, args):
    before = sessions_opened()
    result = run.measure(gunicorn, name, path, args)
    time.sleep(2)
    result |= {
        "mode": mode,
        "connections_opened": sessions_opened() - before,
        "connections_open_after": connections_open(mode),
    }
    del result["raw"]
    return result


def one_round(servers, args, number):
    """Each target on each server in turn; the servers' order turns from round to round."""
    modes = list(servers)
    modes = modes[number % len(modes) :] + modes[: number % len(modes)]
    measure_only = argparse.Namespace(**vars(args) | {"warmup": 0})
    return [
        measured(mode, servers[mode], name, path, measure_only)
        for name, path in TARGETS
        for mode in modes
    ]


def summary(rounds):
    """The median of the rounds for each way of connecting and target, and ratios to persistent."""
    figures = {}
    for result in (result for results in rounds for result in results):
        figures.setdefault((result["mode"], result["name"]), []).append(result)
    table = {}
    for (mode, name), results in figures.items():
        requests = sum(result["requests"] for result in results)
        table.setdefault(mode, {})[name] = {
            "requests_per_second": statistics.median(r["requests_per_second"] for r in results),
            "p50_ms": statistics.median(r["p50_ms"] for r in results),
            "p99_ms": statistics.median(r["p99_ms"] for r in results),
            "cpu_ms_per_request": statistics.median(
                r["server_cpu_ms_per_request"] for r in results
            ),
            "opened_per_1000_requests": round(
                sum(r["connections_opened"] for r in results) * 1000 / max(requests, 1), 1
            ),
            "open_after": max(r["connections_open_after"] for r in results),
            "errors": sum(r["errors"] for r in results),
        }
    base = table["persistent"]
    for targets in table.values():
        for name, row in targets.items():
            row["rps_ratio"] = round(
                row["requests_per_second"] / base[name]["requests_per_second"], 2
            )
            row["p99_ratio"] = round(row["p99_ms"] / base[name]["p99_ms"], 2)
    return table


def text_report(table, command):
    lines = [
        "",
        command,
        f"{'connections':<12} {'target':<28} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'CPU ms/req':>10} {'opened/1k':>9} {'open':>4} {'errors':>6} {'req/s, p99 ratio':>16}",
    ]
    for name, _ in TARGETS:
        for mode, targets in table.items():
            row = targets[name]
            lines.append(
                f"{mode:<12} {name:<28} {row['requests_per_second']:>7,.0f} "
                f"{row['p50_ms']:>7.1f} {row['p99_ms']:>7.1f} {row['cpu_ms_per_request']:>10.2f} "
                f"{row['opened_per_1000_requests']:>9.1f} {row['open_after']:>4} "
                f"{row['errors']:>6} {row['rps_ratio']:>9.2f}, {row['p99_ratio']:.2f}"
            )
    lines.append("(medians of the rounds; ratios to persistent connections)")
    return "\n".join(lines)


def main():
    args = parse_args()
    command = " ".join([".venv/bin/python", "bench/pool.py", *sys.argv[1:]])
    env = services.django_env(
        DATABASE_URL=f"{services.POSTGRES}/{DATABASE}",
        REDIS_URL=f"redis://{services.REDIS_HOST}:{services.REDIS_PORT}/{REDIS_DB}",
        REDIS_PAGES_DB=str(REDIS_PAGES_DB),
    )
    run.log(f"PostgreSQL: {services.ensure_postgres()}; Redis: {services.ensure_redis()}")
    services.ensure_wrk()
    servers = {}
    try:
        services.recreate_database(DATABASE)
        services.flush_redis((REDIS_DB, REDIS_PAGES_DB))
        run.log("migrate, load_content, collectstatic")
        for step in (["migrate", "--noinput"], ["load_content"], ["collectstatic", "--noinput"]):
            services.manage(env, *step, "--verbosity", "0")
        shell = services.manage(env, "shell", "--no-imports", "-c", NEW_SESSION, capture=True)
        with tempfile.TemporaryDirectory(prefix="careerguide-pool-") as folder:
            script = Path(folder) / "signed_in.lua"
            script.write_text(SESSION_SCRIPT.format(shell.split()[-1]))
            run.SCRIPTED[SIGNED_IN] = script  # run.measure() looks its target's script up there
            # Side by side, so the rounds can take turns and share the machine's ups and downs.
            servers = {mode: start(mode, env, Path(folder)) for mode in MODES}
            run.log(f"warm-up: {args.warmup} s of each target on each server")
            warm_up(servers, args)
            rounds = [one_round(servers, args, number) for number in range(args.rounds)]
    finally:
        for gunicorn in servers.values():
            gunicorn.stop()
        services.drop_database(DATABASE)
        services.flush_redis((REDIS_DB, REDIS_PAGES_DB))
    table = summary(rounds)
    RESULTS.write_text(
        json.dumps({"command": command, "summary": table, "rounds": rounds}, indent=2) + "\n"
    )
    print(text_report(table, command))
    return 0 if all(row["errors"] == 0 for rows in table.values() for row in rows.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
