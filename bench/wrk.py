"""Drive load with wrk and read its report."""

import re
import subprocess

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
SIZES = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text).groups()
    return float(number) * UNITS[unit]


def byte_count(text):
    number, unit = re.fullmatch(r"([\d.]+)([KMGT]?B)", text).groups()
    return float(number) * SIZES[unit]


def parse(output):
    """The figures of one wrk --latency report."""
    requests, seconds, read = re.search(
        r"(\d+) requests in ([\d.]+\w+), ([\d.]+[KMGT]?B) read", output
    ).groups()
    socket_errors = dict.fromkeys(("connect", "read", "write", "timeout"), 0)
    found = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if found:
        socket_errors = dict(zip(socket_errors, map(int, found.groups()), strict=True))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    latency = {
        percent: milliseconds(value)
        for percent, value in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+\w+)\s*$", output, re.M)
    }
    return {
        "requests": int(requests),
        "seconds": round(milliseconds(seconds) / 1000, 2),
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": latency["50"],
        "p90_ms": latency["90"],
        "p99_ms": latency["99"],
        "bytes_read": int(byte_count(read)),
        "socket_errors": socket_errors,
        "non_2xx_3xx": int(non_2xx[1]) if non_2xx else 0,
        "errors": sum(socket_errors.values()) + (int(non_2xx[1]) if non_2xx else 0),
    }


def run(url, duration, connections, threads, script=None):
    """One wrk run; script is a Lua file that writes each request (see distinct_searches.lua)."""
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
        "-H", "Accept-Encoding: gzip", *(["-s", str(script)] if script else []), url,
    ]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return {
        "command": " ".join(command).replace("Accept-Encoding: gzip", '"Accept-Encoding: gzip"'),
        **parse(output),
        "raw": output,
    }
