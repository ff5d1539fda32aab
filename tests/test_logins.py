"""Admin sign-in: strong passwords, and a lockout after repeated wrong ones (django-axes).

The lockout counts a username and the client's address together (settings.py
explains why); these tests drive the real admin login form and the database
handler, so a broken setting shows up as a sign-in that succeeds or fails.
"""

import os
import pty
import select
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent
LOGIN_URL = "/admin/login/?next=/admin/"
PASSWORD = "tall-granite-ladder-42"
SHORT = "kx7#mq2vbz9"  # 11 characters, nothing else wrong with it


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def sign_in(client, password, username="editor", **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def fail_until_limit(client, **extra):
    return [sign_in(client, "wrong password", **extra) for _ in range(settings.AXES_FAILURE_LIMIT)]


# --- lockout ------------------------------------------------------------------------


def test_correct_credentials_sign_in_after_fewer_failures_than_the_limit(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong password").status_code == 200
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # A correct sign-in clears the count: the next typo starts again from one.
    assert AccessAttempt.objects.filter(username="editor").count() == 0


def test_the_limit_of_wrong_passwords_locks_the_account_out_from_that_address(client, editor):
    responses = fail_until_limit(client)
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert responses[-1].status_code == 429
    # Now even the right password is refused, and nobody is signed in.
    locked = sign_in(client, PASSWORD)
    assert locked.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_the_lockout_page_is_in_the_sites_look_and_says_when_to_retry(client, editor):
    page = fail_until_limit(client)[-1]
    assert page.status_code == 429
    html = page.text
    assert "<h1>Too many sign-in attempts</h1>" in html
    assert "Wait 15 minutes, then try again." in html
    # The site's own header, stylesheet and footer, not axes' bare text.
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert "/static/css/site.css" in html
    assert "Account locked" not in html


def test_a_lockout_is_for_that_address_only(client, editor):
    fail_until_limit(client)
    assert sign_in(client, PASSWORD).status_code == 429
    # The real editor, elsewhere, is not locked out by someone guessing.
    elsewhere = sign_in(client, PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert elsewhere.status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, editor):
    # Without the TLS proxy, X-Forwarded-For is the client's own invention.
    for number in range(settings.AXES_FAILURE_LIMIT):
        last = sign_in(client, "wrong password", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    assert last.status_code == 429
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.200").status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, editor):
    fail_until_limit(client)
    assert sign_in(client, PASSWORD).status_code == 429
    long_ago = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=long_ago)
    assert sign_in(client, PASSWORD).status_code == 302


def test_an_attempt_during_the_lockout_starts_the_wait_again(client, editor):
    # As the lockout page says: trying again early only prolongs it.
    fail_until_limit(client)
    nearly_over = timezone.now() - settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=nearly_over)
    assert sign_in(client, PASSWORD).status_code == 429
    assert AccessAttempt.objects.get().attempt_time > timezone.now() - timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=2))
    assert sign_in(client, PASSWORD).status_code == 429


def test_attempts_are_kept_in_the_database_not_the_cache(client, editor):
    fail_until_limit(client)
    attempt = AccessAttempt.objects.get(username="editor")
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert attempt.ip_address == "127.0.0.1"


def test_sign_in_and_lockout_work_while_redis_is_unreachable(client, editor, settings):
    nobody_listens = "redis://127.0.0.1:9"  # the discard port: connections are refused
    backend = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {
        "default": {"BACKEND": backend, "LOCATION": f"{nobody_listens}/0"},
        "pages": {"BACKEND": backend, "LOCATION": f"{nobody_listens}/1"},
    }
    assert sign_in(client, "wrong password").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302
    assert fail_until_limit(client)[-1].status_code == 429


# --- password strength --------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "complaint"),
    [
        ("1", "too short"),
        (SHORT, "at least 12 characters"),
        ("482915736205", "entirely numeric"),
        ("1qaz2wsx3edc", "too common"),
    ],
)
def test_weak_passwords_are_rejected(password, complaint):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert complaint in " ".join(error.value.messages)


def test_a_password_like_the_username_is_rejected(db):
    user = get_user_model()(username="marguerite-oduya", email="m@example.org")
    with pytest.raises(ValidationError, match="too similar"):
        validate_password("marguerite-oduya", user)


def test_a_long_uncommon_password_is_accepted():
    validate_password(PASSWORD)
    validate_password(SHORT + "w")


def test_the_admins_own_password_change_enforces_the_rules(client, editor):
    client.force_login(editor)
    refused = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": SHORT, "new_password2": SHORT},
    )
    assert refused.status_code == 200
    assert "at least 12 characters" in refused.text
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)

    better = SHORT + "w"
    accepted = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": better, "new_password2": better},
    )
    assert accepted.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(better)


def test_setting_another_users_password_in_the_admin_enforces_the_rules(client, editor):
    other = get_user_model().objects.create_user("writer", password=PASSWORD, is_staff=True)
    client.force_login(editor)
    url = f"/admin/auth/user/{other.pk}/password/"
    refused = client.post(url, {"password1": "1", "password2": "1"})
    assert refused.status_code == 200
    assert "too short" in refused.text
    other.refresh_from_db()
    assert other.check_password(PASSWORD)


# --- createsuperuser, at a terminal as a person runs it ------------------------------


def run_at_a_terminal(args, answers, env):
    """Run a command on a pseudo-terminal, answering each prompt as it appears.

    createsuperuser reads passwords with getpass, which talks to the terminal
    itself, so piping stdin cannot drive it. answers pairs a prompt's ending
    with the line to type.
    """
    pid, terminal = pty.fork()
    if pid == 0:  # the child: becomes the command
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, *args], env)
    transcript = ""
    pending = list(answers)
    try:
        while True:
            ready, _, _ = select.select([terminal], [], [], 60)
            if not ready:
                raise AssertionError(f"no output for 60 s:\n{transcript}")
            try:
                chunk = os.read(terminal, 4096).decode(errors="replace")
            except OSError:  # the command has exited and closed the terminal
                break
            if not chunk:
                break
            transcript += chunk
            if pending and transcript.rstrip().endswith(pending[0][0]):
                os.write(terminal, (pending.pop(0)[1] + "\n").encode())
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(terminal)
    return os.waitstatus_to_exitcode(status), transcript


def test_createsuperuser_refuses_a_short_password(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SUPERUSER_PASSWORD"},
        "DJANGO_SETTINGS_MODULE": "careerguide.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    status, transcript = run_at_a_terminal(
        ["manage.py", "createsuperuser", "--username", "editor", "--email", "e@example.org"],
        [
            ("Password:", "1"),
            ("Password (again):", "1"),
            ("[y/N]:", "N"),
            ("Password:", PASSWORD),
            ("Password (again):", PASSWORD),
        ],
        env,
    )
    assert status == 0, transcript
    assert "This password is too short. It must contain at least 12 characters." in transcript
    assert "Superuser created successfully." in transcript
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from django.contrib.auth.models import User;"
            f"print(User.objects.get(username='editor').check_password({PASSWORD!r}))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.stdout.strip() == "True", check.stderr


# --- what the site believes of a request, with and without the TLS proxy ------------

PROBE = (
    "import django; django.setup()\n"
    "from axes.helpers import get_client_ip_address\n"
    "from django.test import RequestFactory\n"
    "request = RequestFactory().get('/', REMOTE_ADDR='10.0.0.2', HTTP_X_FORWARDED_PROTO='https',"
    " HTTP_X_FORWARDED_FOR='6.6.6.6, 198.51.100.7, 192.0.2.1')\n"
    "print(get_client_ip_address(request), request.is_secure())\n"
)
PRODUCTION = {
    "DJANGO_SECURE": "1",
    "DJANGO_SECRET_KEY": "k3y-" + "x7Qp9vLm2Rt8Wz4Ns6Bd1Fh5Jc0Ga3Ye" * 2,
    "DJANGO_ALLOWED_HOSTS": "testserver",
}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"DJANGO_SECURE": "0"}, "10.0.0.2 False"),
        (PRODUCTION, "192.0.2.1 True"),
        ({**PRODUCTION, "DJANGO_TRUSTED_PROXIES": "2"}, "198.51.100.7 True"),
    ],
    ids=["no proxy", "behind the proxy", "behind two proxies"],
)
def test_forwarded_headers_are_believed_only_behind_the_proxy(changes, expected):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SECRET_KEY", "DJANGO_TRUSTED_PROXIES", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**env, **changes, "DJANGO_SETTINGS_MODULE": "careerguide.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == expected, result.stderr


def test_a_clients_forwarded_proto_does_not_make_canonical_urls_https(client, loaded):
    page = client.get("/roles/", headers={"X-Forwarded-Proto": "https"})
    assert page.status_code == 200
    assert '<link rel="canonical" href="http://testserver/roles/">' in page.text
    assert "https://testserver" not in page.text
