"""Production settings, security headers, the health check, page caching and logs."""

import gzip
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache.backends.base import CacheKeyWarning
from django.test import Client
from django.urls import include, path
from django.utils.http import http_date

from careerguide.observability import JsonFormatter
from roles.models import Responsibility, Role

from .budgets import CONTENT_VERSION

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SECURE": "1",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3y-" + "x7Qp9vLm2Rt8Wz4Ns6Bd1Fh5Jc0Ga3Ye" * 2,
    "DJANGO_ALLOWED_HOSTS": "careers.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://careers.example.org",
}


def environment(**changes):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a "deployment".
    base = {
        name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return {**base, **changes}


def manage(*args, env=None):
    """manage.py under the site's own settings, as a deployment runs it (not the tests')."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(DJANGO_SETTINGS_MODULE="careerguide.settings", **(env or {})),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_them():
    # Guards the test above against a check that could never fail.
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={"DJANGO_SECURE": "0"})
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


EXPECTED_HEADERS = {
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.parametrize(
    "url", ["/", "/roles/press-technician/", "/static/css/site.css", "/admin/login/"]
)
def test_security_headers_on_every_kind_of_response(client, loaded, url):
    for attempt in ("first", "cached"):
        response = client.get(url)
        assert response.status_code == 200, (url, attempt)
        for name, value in EXPECTED_HEADERS.items():
            assert response[name] == value, (url, attempt, name)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "'unsafe-inline'" not in policy


def test_https_is_enforced_when_secure(client, loaded, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    plain = client.get("/roles/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/roles/"
    behind_proxy = client.get("/roles/", headers={"X-Forwarded-Proto": "https"})
    assert behind_proxy.status_code == 200
    assert behind_proxy["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_healthz_reports_a_working_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "local"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_fails_when_the_database_cannot_be_reached():
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r.json()['status'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment(
            DJANGO_SETTINGS_MODULE="careerguide.settings",
            DATABASE_URL="sqlite:////nonexistent-folder/for/health/db.sqlite3",
            REQUEST_LOG_LEVEL="WARNING",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == "503 error", result.stderr


# --- page cache ----------------------------------------------------------------------

ROLE_URL = "/roles/press-technician/"


def test_a_repeat_visit_is_served_from_the_cache(client, loaded, django_assert_num_queries):
    first = client.get(ROLE_URL)
    with django_assert_num_queries(CONTENT_VERSION):  # a hit: only the version
        second = client.get(ROLE_URL)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"]


def test_conditional_requests_get_304(client, loaded):
    first = client.get(ROLE_URL)
    by_etag = client.get(ROLE_URL, headers={"If-None-Match": first["ETag"]})
    assert by_etag.status_code == 304 and by_etag.content == b""
    by_date = client.get(ROLE_URL, headers={"If-Modified-Since": first["Last-Modified"]})
    assert by_date.status_code == 304
    stale = client.get(ROLE_URL, headers={"If-Modified-Since": http_date(0)})
    assert stale.status_code == 200
    other = client.get(ROLE_URL, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_gzip_is_served_to_clients_that_accept_it(client, loaded):
    plain = client.get(ROLE_URL)
    zipped = client.get(ROLE_URL, headers={"Accept-Encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 3


def test_every_content_change_reaches_the_cached_page_at_once(client, loaded):
    role = Role.objects.get(slug="press-technician")
    assert "A freshly edited summary." not in client.get(ROLE_URL).text
    role.summary = "A freshly edited summary."
    role.save()
    assert "A freshly edited summary." in client.get(ROLE_URL).text
    assert "A freshly edited summary." in client.get("/roles/").text


def test_editors_are_never_served_or_filling_the_public_copy(client, admin_client, loaded):
    Role.objects.filter(slug="press-helper").update(status=Role.Status.DRAFT)
    preview = admin_client.get("/roles/press-helper/")
    assert preview.status_code == 200 and "Only editors can see this page" in preview.text
    assert client.get("/roles/press-helper/").status_code == 404


def test_search_results_are_cached_until_the_content_changes(
    client, loaded, django_assert_num_queries
):
    url = "/search/?q=zeppelin"
    assert "No results" in client.get(url).text
    with django_assert_num_queries(CONTENT_VERSION):  # a hit: only the version
        assert "No results" in client.get(url).text
    duty = Responsibility.objects.filter(role__slug="press-technician").first()
    duty.text = "Guide the zeppelin into its hangar."
    duty.save()
    # A miss: the search brings its index up to date first (no commit hook runs in a test).
    assert "<mark>zeppelin</mark>" in client.get(url).text
    with django_assert_num_queries(CONTENT_VERSION):
        assert "<mark>zeppelin</mark>" in client.get(url).text


def test_a_long_url_is_cached_under_a_short_key(client, loaded, django_assert_num_queries, recwarn):
    url = "/search/?q=" + "+".join(["forklift"] * 60)
    first = client.get(url)
    with django_assert_num_queries(CONTENT_VERSION):  # a hit: only the version
        assert client.get(url).content == first.content
    assert not [warning for warning in recwarn if warning.category is CacheKeyWarning]


# --- logs and errors -------------------------------------------------------------------


def test_request_log_is_one_json_line_with_id_and_duration(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="careerguide.requests"):
        response = client.get("/roles/", headers={"X-Request-ID": "lb-1234"})
    assert response["X-Request-ID"] == "lb-1234"
    (record,) = [r for r in caplog.records if r.name == "careerguide.requests"]
    line = json.loads(JsonFormatter().format(record))
    assert line["method"] == "GET" and line["path"] == "/roles/" and line["status"] == 200
    assert line["duration_ms"] >= 0
    # The filter on the real handler stamps the id; check it end to end.
    from careerguide.observability import RequestIdFilter, request_id_var

    token = request_id_var.set("lb-1234")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    assert json.loads(JsonFormatter().format(record))["request_id"] == "lb-1234"


def test_an_unsafe_request_id_is_replaced(client, db):
    response = client.get("/roles/", headers={"X-Request-ID": "bad id\nwith newline"})
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32


def broken_view(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [path("broken/", broken_view), path("", include("careerguide.urls"))]


def test_errors_get_the_sites_500_page_and_a_logged_stack_trace(db, settings, caplog):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR):
        response = client.get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "Manufacturing Career Guide" in response.text
    (error,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    formatted = json.loads(JsonFormatter().format(error))
    assert "RuntimeError: deliberate failure" in formatted["traceback"]
