"""Benchmark the career-guide site the way production runs it.

    .venv/bin/python bench/run.py [--duration 60] [--connections 64] [--threads 2]
                                  [--skip-load-scaling] [--roles-small 100] [--roles-large 1000]

Sets up PostgreSQL, Redis and the static files, starts gunicorn with the
repo's gunicorn.conf.py, loads it with wrk (cached role page, job description,
search, CSS and a static copy of the role page), times load_content at two
sizes, then removes everything it made. See bench/README.md.
"""

import argparse
import os
import re
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path

import report
import scaling
import server
import services
import snapshot
import wrk

ROLE = "/roles/production-technician/"
DISTINCT_SEARCHES = Path(__file__).resolve().parent / "distinct_searches.lua"
# Targets whose requests a wrk script writes; the path is only their first request.
SCRIPTED = {"search, new query each time": DISTINCT_SEARCHES}
RESULTS = Path(__file__).resolve().parent / "results-latest.json"
STARTED = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - STARTED:6.0f}s] {message}", file=sys.stderr, flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--warmup", type=int, default=5, help="seconds of unrecorded load before each run"
    )
    parser.add_argument("--skip-load-scaling", action="store_true")
    parser.add_argument(
        "--skip-info-logging",
        action="store_true",
        help="skip the extra role-page run with REQUEST_LOG_LEVEL=INFO",
    )
    parser.add_argument("--roles-small", type=int, default=100)
    parser.add_argument("--roles-large", type=int, default=1000)
    return parser.parse_args()  # fmt: skip


def set_up(env):
    facts = {
        "postgresql": services.ensure_postgres(),
        "redis": services.ensure_redis(),
        "wrk": services.ensure_wrk(),
    }
    services.recreate_database()
    services.flush_redis()
    log("migrate, load_content, collectstatic")
    services.manage(env, "migrate", "--noinput", "--verbosity", "0")
    services.manage(env, "load_content", "--verbosity", "0")
    services.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    return facts


def stylesheet_url(html):
    # WhiteNoise serves the hashed name with a year's caching: measure what browsers ask for.
    found = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', html)
    if found is None:
        raise RuntimeError("the role page links no hashed site.css")
    return found[1].decode()


def targets(port, static_copy_url):
    status, headers, body = server.fetch(port, ROLE, gzip=False)
    if status != 200:
        raise RuntimeError(f"{ROLE} answered {status}")
    return [
        ("role page", ROLE),
        ("job description", f"{ROLE}job-description/?level=senior"),
        ("search, cached query", "/search/?q=forklift"),
        ("search, new query each time", "/search/?q=forklift+first"),
        ("site.css (static)", stylesheet_url(body)),
        ("role page static copy", static_copy_url),
    ]


def describe_responses(port, urls):
    """One gzip request per URL: what a client receives, before any load."""
    seen = {}
    for name, path in urls:
        status, headers, body = server.fetch(port, path)
        seen[name] = {
            "path": path,
            "status": status,
            "content_encoding": headers.get("Content-Encoding", "identity"),
            "wire_bytes": len(body),
            "cache_control": headers.get("Cache-Control"),
            "body": body,
        }
    return seen


def warm(port, urls, times=5):
    for _ in range(times):
        for _, path in urls:
            server.fetch(port, path)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(gunicorn, name, path, args):
    """One wrk run, with the CPU the server, wrk and the rest of the machine used meanwhile."""
    time.sleep(2)  # let the previous run's connections drain
    url = f"http://127.0.0.1:{gunicorn.port}{path}"
    if args.warmup:
        # Every worker has served this URL and the machine is in its steady state.
        wrk.run(url, args.warmup, args.connections, args.threads, SCRIPTED.get(name))
    load_before = os.getloadavg()[0]
    server_before, wrk_before = gunicorn.cpu_seconds(), children_cpu()
    services_before, boots_before = server.service_cpu(), gunicorn.boots()
    busy_before, total_before = server.machine_cpu()
    result = wrk.run(url, args.duration, args.connections, args.threads, SCRIPTED.get(name))
    busy_after, total_after = server.machine_cpu()
    server_used = gunicorn.cpu_seconds() - server_before
    wrk_used = children_cpu() - wrk_before
    services_used = server.service_cpu() - services_before
    machine_busy = (busy_after - busy_before) / server.CLOCK_TICKS
    result |= {
        "name": name,
        "path": path,
        "load_average_before": load_before,
        "worker_boots": gunicorn.boots() - boots_before,
        "server_cpu_ms_per_request": server_used * 1000 / max(result["requests"], 1),
        "cpu_seconds": {
            "gunicorn": round(server_used, 2),
            "wrk": round(wrk_used, 2),
            "postgres_and_redis": round(services_used, 2),
            "rest_of_machine": round(
                max(machine_busy - server_used - wrk_used - services_used, 0), 2
            ),
            "machine_busy": round(machine_busy, 2),
            "machine_capacity": round((total_after - total_before) / server.CLOCK_TICKS, 2),
        },
    }
    log(
        f"  {name}: {result['requests_per_second']:,.0f} req/s, p99 {result['p99_ms']:.1f} ms, "
        f"{result['errors']} errors"
    )
    return result


def http_benchmark(env, args, workdir):
    port = server.free_port()
    log(f"static copy of {ROLE}, rendered for host 127.0.0.1:{port}")
    copy = snapshot.write_static_copy(env, f"127.0.0.1:{port}", ROLE)
    # The render above filled the page cache; empty it so the server renders its own copy.
    services.flush_redis()
    log("gunicorn (REQUEST_LOG_LEVEL=WARNING)")
    gunicorn = server.Gunicorn(env, port, workdir / "gunicorn-warning.log")
    try:
        urls = targets(port, copy["url"])
        responses = describe_responses(port, urls)
        page, static = responses["role page"], responses["role page static copy"]
        copy["same_gzip_bytes_on_wire"] = page["body"] == static["body"]
        warm(port, [(name, path) for name, path in urls if name not in SCRIPTED])
        log(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, one URL at a time")
        runs = [measure(gunicorn, name, path, args) for name, path in urls]
        workers = len(gunicorn.workers())
    finally:
        gunicorn.stop()
    for seen in responses.values():
        del seen["body"]
    info_run = None
    if not args.skip_info_logging:
        info_run = info_logging_run(env, args, workdir)
    return {"static_copy": copy, "responses": responses, "workers": workers, "runs": runs,
            "info_logging_run": info_run}  # fmt: skip


def info_logging_run(env, args, workdir):
    """The role page again with one JSON request line per request written to a file."""
    log("gunicorn (REQUEST_LOG_LEVEL=INFO, request log to a file)")
    port = server.free_port()
    services.flush_redis()
    log_path = workdir / "gunicorn-info.log"
    gunicorn = server.Gunicorn(env | {"REQUEST_LOG_LEVEL": "INFO"}, port, log_path)
    try:
        warm(port, [("role page", ROLE)])
        run = measure(gunicorn, "role page, INFO log", ROLE, args)
    finally:
        gunicorn.stop()
    run["log_lines"] = sum(1 for _ in log_path.open("rb"))
    return run


def summarize(results, args):
    runs = {run["name"]: run for run in results["http"]["runs"]}
    ratio = (
        runs["role page"]["requests_per_second"]
        / runs["role page static copy"]["requests_per_second"]
    )
    results["role_page_to_static_copy"] = {"ratio": round(ratio, 3), "target": 0.8,
                                           "pass": ratio >= 0.8}  # fmt: skip
    results["zero_errors"] = {
        "pass": all(run["errors"] == 0 for run in runs.values()),
        "at_required_load": args.connections >= 64 and args.duration >= 60,
    }


def text_report(results, args):
    http = results["http"]
    lines = [
        "",
        "=" * 78,
        "Career guide benchmark",
        "=" * 78,
        f"command      {results['command']}",
        f"machine      {results['machine']['cpus']} CPUs, {results['machine']['wrk']}",
        f"database     PostgreSQL {services.DATABASE}; Redis db {services.REDIS_DB} "
        f"(pages {services.REDIS_PAGES_DB})",
        f"server       gunicorn -c gunicorn.conf.py, {http['workers']} workers, DJANGO_DEBUG=0, "
        "REQUEST_LOG_LEVEL=WARNING",
        f"load         wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency "
        '-H "Accept-Encoding: gzip"',
        "",
        "What each URL sends (one gzip request before the load):",
    ]
    for name, seen in http["responses"].items():
        lines.append(
            f"  {name:<28} {seen['status']} {seen['content_encoding']:<8} "
            f"{seen['wire_bytes']:>7} bytes  {seen['path']}"
        )
    copy = http["static_copy"]
    lines += [
        f"  static copy: {copy['html_bytes']} bytes of HTML, {copy['gzip_bytes']} gzipped; "
        f"same gzip bytes as the cached page: {'yes' if copy['same_gzip_bytes_on_wire'] else 'NO'}",
        "",
        report.table(http["runs"]),
    ]
    if http["info_logging_run"]:
        info = http["info_logging_run"]
        lines.append(report.table([info]).split("\n")[-1])
        lines.append(f"  (INFO run wrote {info['log_lines']:,} request log lines)")
    ratio = results["role_page_to_static_copy"]
    lines += [
        "",
        f"role page / static copy throughput: {ratio['ratio']:.2f} (target >= 0.80: "
        f"{'pass' if ratio['pass'] else 'FAIL'})",
        f"0 errors on every URL: {'pass' if results['zero_errors']['pass'] else 'FAIL'}"
        + ("" if results["zero_errors"]["at_required_load"] else " (below 64 connections x 60 s)"),
        "",
        "CPU seconds during each run (2 CPUs: capacity = 2 x run time):",
        *report.machine_lines(http["runs"] + ([info] if http["info_logging_run"] else [])),
    ]
    load = results.get("load_scaling")
    if load:
        lines += ["", f"load_content scaling ({load['database']}, into an empty database):"]
        for run in load["runs"]:
            lines.append(
                f"  {run['roles']:>5} roles: {run['load_seconds']:8.1f} s in load_content "
                f"({run['command_seconds']:.1f} s for the whole command), "
                f"{run['ms_per_role']:.0f} ms per role"
            )
        lines.append(
            f"  time({load['runs'][-1]['roles']}) / time({load['runs'][0]['roles']}) = "
            f"{load['ratio_large_to_small']:.2f} (linear = {load['linear_ratio']:.0f})"
        )
    lines += ["", f"JSON: {RESULTS.relative_to(services.REPO)}", ""]
    return "\n".join(lines)


def main():
    args = parse_args()
    # Ctrl-C and kill both end in the clean-up below, not in a leftover database.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    results = {
        "command": " ".join([".venv/bin/python", "bench/run.py", *sys.argv[1:]]),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "settings": vars(args),
    }
    env = services.django_env()
    try:
        with tempfile.TemporaryDirectory(prefix="careerguide-bench-") as folder:
            results["machine"] = {"cpus": os.cpu_count(), **set_up(env)}
            results["http"] = http_benchmark(env, args, Path(folder))
            summarize(results, args)
            if not args.skip_load_scaling:
                log("load_content scaling")
                counts = [args.roles_small, args.roles_large]
                results["load_scaling"] = scaling.measure(counts, env, services.DATABASE, log)
    finally:
        log("clean up: database, Redis, static copy")
        services.drop_database()
        services.flush_redis()
        snapshot.remove_static_copy()
    results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    report.write_json(RESULTS, results)
    print(text_report(results, args))
    return (
        0 if results["role_page_to_static_copy"]["pass"] and results["zero_errors"]["pass"] else 1
    )


if __name__ == "__main__":
    sys.exit(main())
