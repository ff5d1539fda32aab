"""The site under test: gunicorn with the repo's gunicorn.conf.py, and plain HTTP fetches."""

import http.client
import os
import signal
import socket
import subprocess
import sys

from services import REPO, wait_for

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port, path, gzip=True):
    """GET path; return (status, headers dict, raw body bytes as sent on the wire)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip else {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def healthy(port):
    try:
        return fetch(port, "/healthz")[0] == 200
    except OSError:
        return False


class Gunicorn:
    """One gunicorn master with its workers, configured by gunicorn.conf.py."""

    def __init__(self, env, port, log_path):
        self.port = port
        self.log_path = log_path
        self.log = open(log_path, "wb")  # noqa: SIM115 -- stays open while the server runs
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "careerguide.wsgi"],
            cwd=REPO,
            env=env | {"GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(lambda: self.process.poll() is None and healthy(port), "gunicorn", 60)
        except RuntimeError:
            self.stop()
            raise

    def workers(self):
        pid = self.process.pid
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as children:
                return [int(child) for child in children.read().split()]
        except OSError:
            return []

    def boots(self):
        """Workers started so far: the first ones, and every one recycled after max_requests."""
        return self.log_path.read_bytes().count(b"Booting worker with pid")

    def cpu_seconds(self):
        """CPU used so far by the master and every worker, recycled workers included.

        A recycled worker's time moves into the master's cutime/cstime when
        the master reaps it, so nothing is lost or counted twice.
        """
        total = process_cpu(self.process.pid, include_reaped=True)
        for pid in self.workers():
            total += process_cpu(pid)
        return total

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def process_cpu(pid, include_reaped=False):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0  # a worker that exited between listing and reading
    # fields[11:15] are utime, stime, cutime, cstime (stat fields 14-17).
    used = fields[11:15] if include_reaped else fields[11:13]
    return sum(int(value) for value in used) / CLOCK_TICKS


def machine_cpu():
    """(busy, total) jiffies of the whole machine, to tell a quiet machine from a busy one."""
    with open("/proc/stat") as stat:
        values = [int(value) for value in stat.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def service_cpu(names=("postgres", "redis-server")):
    """CPU used so far by PostgreSQL and Redis, ended backends included.

    Shared with anything else on the machine that uses them: a figure for
    this benchmark only when nothing else does.
    """
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        if name in names:
            found[int(entry)] = int(text.rsplit(")", 1)[1].split()[1])  # the parent's pid
    total = 0.0
    for pid, parent in found.items():
        # The root process of each service also carries its ended children's time.
        total += process_cpu(pid, include_reaped=parent not in found)
    return total
