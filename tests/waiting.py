"""Waiting for something to become ready, with one deadline for the whole wait.

Every wait in the suite goes through wait_until(), so none can hang, and a
machine that is busy (slow answers, a 503 while starting) only makes a wait
longer, never fails it before its deadline.
"""

import time

import requests


class GiveUp(Exception):
    """Raised by a check when waiting longer cannot help (the server process died)."""


class NotReady(Exception):
    """Raised by a check to say why it is not ready yet."""


def wait_until(check, what, seconds=60, interval=0.2, retry_on=(Exception,)):
    """Call check(remaining_seconds) until it returns something true; return that.

    A check that returns a false value, or raises one of retry_on, is "not
    ready yet". GiveUp ends the wait at once. After `seconds` in all, the
    wait fails with the last reason it was not ready.
    """
    deadline = time.monotonic() + seconds
    reason = "never checked"
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"{what} was not ready after {seconds} s: {reason}")
        try:
            result = check(remaining)
        except GiveUp as error:
            raise AssertionError(f"{what}: {error}") from error
        except retry_on as error:
            reason = f"{type(error).__name__}: {error}"
        else:
            if result:
                return result
            reason = f"the check returned {result!r}"
        time.sleep(min(interval, max(0.0, deadline - time.monotonic())))


def wait_for_http(url, what=None, seconds=60, process=None, status=200, attempt_timeout=10):
    """GET url until it answers with `status`; a timeout, a refused connection
    or any other status is "not ready yet". Stops at once if `process` exits."""

    def check(remaining):
        if process is not None and process.poll() is not None:
            raise GiveUp(f"the process exited with status {process.returncode}")
        response = requests.get(url, timeout=min(attempt_timeout, remaining))
        if response.status_code != status:
            raise NotReady(f"HTTP {response.status_code}")
        return [response]  # a list: a Response with an error status is false

    retry = (requests.RequestException, NotReady)
    return wait_until(check, what or url, seconds=seconds, retry_on=retry)[0]
