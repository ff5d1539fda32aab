"""Structured request logs: one JSON line per request, with a request id and duration.

The id comes from the load balancer's X-Request-ID header when there is one,
so a request can be followed from the proxy's log to ours; otherwise a new one
is made. Every log record written while the request runs carries the same id,
error reports with their stack traces included.
"""

import contextvars
import json
import logging
import re
import time
import uuid

request_id_var = contextvars.ContextVar("request_id", default="-")
logger = logging.getLogger("careerguide.requests")
# Only ids a proxy could reasonably send are trusted; anything else is replaced.
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        # django.request logs some errors after the middleware has returned;
        # those records carry the request itself.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object per line, stack trace included."""

    FIELDS = ("method", "path", "status", "duration_ms", "bytes")

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        entry |= {name: getattr(record, name) for name in self.FIELDS if hasattr(record, name)}
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    """Outermost middleware: times everything, static files and cached pages included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if SAFE_REQUEST_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            logger.info(
                "%s %s %s",
                request.method,
                request.get_full_path(),
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.get_full_path(),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "bytes": len(response.content) if not response.streaming else None,
                },
            )
            return response
        finally:
            request_id_var.reset(token)
