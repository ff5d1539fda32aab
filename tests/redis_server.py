"""A Redis server of a test's own, on its own port, that the test may stop, hang or fill."""

import os
import signal
import subprocess

import redis

from .test_two_processes import free_port
from .waiting import GiveUp, wait_until


class RedisServer:
    def __init__(self, folder, *options):
        self.folder = folder
        self.port = free_port()
        self.options = options
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"

    def client(self, database=0):
        return redis.Redis.from_url(f"{self.url}/{database}", socket_timeout=2)

    def start(self):
        # A snapshot file in the test's folder: a restarted server comes back
        # with what it held (stale pages included), as a real one would.
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                   "--dir", str(self.folder), "--save", "", "--appendonly", "no",
                   *self.options]  # fmt: skip
        with open(self.folder / f"redis-{self.port}.log", "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        wait_until(self.answers, f"redis-server on port {self.port}", 20)

    def answers(self, remaining=None):
        if self.process.poll() is not None:
            raise GiveUp(f"redis-server exited with status {self.process.returncode}")
        return self.client().ping()

    def kill(self):
        """Stop at once, keeping only what the last save() wrote."""
        self.process.kill()
        self.process.wait(10)

    def save(self):
        self.client().save()

    def hang(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.resume()
            self.kill()

    def keys(self, database, pattern="*"):
        return self.client(database).keys(pattern)
