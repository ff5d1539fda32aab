"""The Redis cache backend's near copies, against a real Redis.

Each RedisCache instance below stands for one app process: it has its own
connection pool, subscription and copies, as a gunicorn worker would.
"""

import uuid

import pytest
import redis

from careerguide.redis_cache import RedisCache

from .test_two_processes import REDIS_BASE, services_or_skip

# Databases no other test or the benchmark uses, one per test, so tests can run in parallel.
DATABASES = {"step": 3, "lost": 4, "bounded": 5, "plain": 6}


def process_cache(database, near_copies=500):
    options = {} if near_copies is None else {"near_copies": near_copies}
    return RedisCache(f"{REDIS_BASE}/{database}", {"OPTIONS": options})


@pytest.fixture
def database(request):
    services_or_skip()
    number = DATABASES[request.param]
    server = redis.Redis.from_url(f"{REDIS_BASE}/{number}")
    server.flushdb()
    yield number, server
    server.flushdb()


def write_behind_its_back(server, cache, key, value):
    """Change a value in Redis without announcing it, as no process of ours would."""
    server.set(cache.make_and_validate_key(key), cache._cache._serializer.dumps(value))


@pytest.fixture
def two_processes(database):
    """Two processes' caches on one Redis database; the second has read "page"."""
    number, server = database
    first, second = process_cache(number), process_cache(number)
    first.set("page", "version 1")
    assert second.get("page") == "version 1"
    return first, second, server


@pytest.mark.parametrize("database", ["step"], indirect=True)
def test_a_write_through_one_process_is_read_by_the_other_at_once(two_processes):
    first, second, server = two_processes
    # The second process now answers from its own memory, not from Redis:
    write_behind_its_back(server, second, "page", "changed behind its back")
    assert second.get("page") == "version 1"

    first.set("page", "version 2")
    assert second.get("page") == "version 2"
    first.delete("page")
    assert second.get("page") is None
    first.set_many({"page": "version 3", "other": "x"})
    assert second.get("page") == "version 3"
    first.clear()
    assert second.get("page") is None
    assert second.get("other") is None


@pytest.mark.parametrize("database", ["lost"], indirect=True)
def test_a_lost_subscription_drops_the_copies_and_reads_from_redis(two_processes):
    first, second, server = two_processes
    subscription = second._cache.near.subscription
    host, port = subscription.connection._sock.getsockname()[:2]
    assert server.client_kill(f"{host}:{port}")
    write_behind_its_back(server, second, "page", "version 2")

    assert second.get("page") == "version 2"
    # It subscribes again and goes back to answering from memory.
    assert second.get("page") == "version 2"
    assert second._cache.near.subscription is not subscription
    first.set("page", "version 3")
    assert second.get("page") == "version 3"


@pytest.mark.parametrize("database", ["bounded"], indirect=True)
def test_copies_are_bounded_least_recently_used_first(database):
    number, server = database
    cache = process_cache(number, near_copies=2)
    cache.set_many({"a": 1, "b": 2, "c": 3})
    assert [cache.get(key) for key in ("a", "b", "a", "c")] == [1, 2, 1, 3]
    kept = cache._cache.near.values
    assert sorted(kept) == sorted(cache.make_and_validate_key(key) for key in ("a", "c"))


@pytest.mark.parametrize("database", ["plain"], indirect=True)
def test_without_near_copies_every_read_goes_to_redis(database):
    number, server = database
    cache = process_cache(number, near_copies=None)
    key = f"k-{uuid.uuid4().hex}"
    cache.set(key, "one")
    assert cache.get(key) == "one"
    write_behind_its_back(server, cache, key, "two")
    assert cache.get(key) == "two"
    assert not hasattr(cache._cache, "near")
