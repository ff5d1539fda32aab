"""The suite's one wait: a slow or failing answer means "not ready yet", and the deadline holds."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .waiting import wait_for_http


def serve(answers):
    """A real HTTP server on a free port; each request takes the next (delay, status)."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            with lock:
                delay, status = answers.pop(0) if len(answers) > 1 else answers[0]
            time.sleep(delay)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def server_with(request):
    servers = []

    def start(*answers):
        servers.append(serve(list(answers)))
        return f"http://127.0.0.1:{servers[-1].server_address[1]}/healthz"

    yield start
    for server in servers:
        server.shutdown()


def test_a_slow_first_answer_and_a_503_are_only_not_ready_yet(server_with):
    url = server_with((1.5, 200), (0, 503), (0, 200))
    response = wait_for_http(url, seconds=20, attempt_timeout=0.5)
    assert response.status_code == 200


def test_a_server_that_never_answers_fails_at_the_deadline(server_with):
    url = server_with((30, 200))
    started = time.monotonic()
    with pytest.raises(AssertionError, match="not ready after 2 s: ReadTimeout"):
        wait_for_http(url, seconds=2, attempt_timeout=0.5)
    assert time.monotonic() - started < 5
