"""The benchmark's report: a readable text version and the JSON file."""

import json

COLUMNS = (
    ("target", "{:<28}"),
    ("req/s", "{:>9}"),
    ("p50 ms", "{:>8}"),
    ("p99 ms", "{:>8}"),
    ("errors", "{:>7}"),
    ("KB/resp", "{:>8}"),
    ("CPU ms/req", "{:>10}"),
    ("0 errors", "{:>9}"),
)


def table(runs):
    header = " ".join(fmt.format(name) for name, fmt in COLUMNS)
    lines = [header, "-" * len(header)]
    for run in runs:
        values = (
            run["name"],
            f"{run['requests_per_second']:,.0f}",
            f"{run['p50_ms']:.2f}",
            f"{run['p99_ms']:.2f}",
            str(run["errors"]),
            f"{run['bytes_read'] / max(run['requests'], 1) / 1024:.1f}",
            f"{run['server_cpu_ms_per_request']:.2f}",
            "pass" if run["errors"] == 0 else "FAIL",
        )
        lines.append(
            " ".join(fmt.format(value) for (_, fmt), value in zip(COLUMNS, values, strict=True))
        )
    return "\n".join(lines)


def machine_lines(runs):
    lines = []
    for run in runs:
        cpu = run["cpu_seconds"]
        lines.append(
            f"  {run['name']:<28} gunicorn {cpu['gunicorn']:6.1f}, wrk {cpu['wrk']:5.1f}, "
            f"PostgreSQL+Redis {cpu['postgres_and_redis']:5.1f}, "
            f"other processes {cpu['rest_of_machine']:5.1f} of {cpu['machine_capacity']:.0f} s; "
            f"{run['worker_boots']} worker boots; "
            f"load average before {run['load_average_before']:.2f}"
        )
    return lines


def write_json(path, results):
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
