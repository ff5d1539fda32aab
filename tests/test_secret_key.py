"""Production refuses to start without its own secret key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env_changes):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "careerguide.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("key", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_production_settings_refuse_to_start_without_a_secret_key(key):
    changes = {"DJANGO_SECURE": "1", "DJANGO_ALLOWED_HOSTS": "careers.example.org"}
    if key is not None:
        changes["DJANGO_SECRET_KEY"] = key
    result = run_check(**changes)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr


def test_the_local_fallback_key_is_flagged_by_the_deploy_check():
    result = run_check(DJANGO_SECURE="0")
    assert "security.W009" in result.stdout + result.stderr
