"""The benchmark's surroundings: PostgreSQL, Redis, wrk and the Django process settings."""

import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import redis

REPO = Path(__file__).resolve().parent.parent
POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE = "careerguide_bench"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_DB, REDIS_PAGES_DB = 12, 13
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip


def wait_for(check, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise RuntimeError(f"{what} did not come up within {seconds} s")


def postgres_up():
    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=2).close()
    except psycopg.OperationalError:
        return False
    return True


def redis_up():
    try:
        return redis.Redis(REDIS_HOST, REDIS_PORT, socket_timeout=2).ping()
    except redis.ConnectionError:
        return False


def ensure_postgres():
    if postgres_up():
        return "already running"
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True
    )
    wait_for(postgres_up, "PostgreSQL")
    return f"started cluster {version}/main"


def ensure_redis():
    if redis_up():
        return "already running"
    for folder in ("/var/lib/redis", "/var/log/redis"):
        os.makedirs(folder, exist_ok=True)
    subprocess.run(REDIS_START, check=True)
    wait_for(redis_up, "Redis")
    return "started redis-server"


def ensure_wrk():
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return (
        subprocess.run(["wrk", "--version"], capture_output=True, text=True)
        .stdout.split("\n")[0]
        .strip()
    )


def recreate_database(name=DATABASE):
    drop_database(name)
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def analyze(name=DATABASE):
    """Give PostgreSQL's planner the statistics of the tables as they are now."""
    with psycopg.connect(f"{POSTGRES}/{name}", autocommit=True) as connection:
        connection.execute("ANALYZE")


def drop_database(name=DATABASE):
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flush_redis(databases=(REDIS_DB, REDIS_PAGES_DB)):
    for db in databases:
        redis.Redis(REDIS_HOST, REDIS_PORT, db=db).flushdb()


def django_env(request_log_level="WARNING", **extra):
    """The production process settings every command and server of the benchmark uses."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "GUNICORN_", "CAREERGUIDE_"))
    }
    env |= {
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
        "REDIS_PAGES_DB": str(REDIS_PAGES_DB),
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "REQUEST_LOG_LEVEL": request_log_level,
        "PYTHONUNBUFFERED": "1",
    }
    return env | extra


def manage(env, *args, capture=False):
    """Run manage.py with env; return its stdout when capture is true."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    )
    return result.stdout
