"""Django's Redis cache backend: never a dependency, and fast for values read far more than written.

Redis only speeds the site up, so every call fails soft. On any Redis error
or timeout (socket timeouts of a quarter of a second, no retries), a read is a
miss and a write is skipped; the failure is logged once a minute, not per
request, and for the next few seconds this process does not call Redis at all,
so a hung server costs one slow request per interval instead of every
request. A full Redis (maxmemory reached under the noeviction policy) is one
more error of the same kind.

Two more changes, both measured on the cached role page (cProfile, 2,000 requests):

- One redis.Redis client per connection pool. Django's client builds a new
  redis.Redis on every call, and each registers about 170 response callbacks:
  0.22 ms of the 0.87 ms a cached page cost. A redis.Redis is safe to share
  between threads, and its pool opens new connections after a fork.

- With the option "near_copies": N, each process keeps the last N values it
  read, and answers repeat reads from memory instead of a network round trip
  (0.14 ms here). Every write through this backend, in any process, is
  announced on a Redis channel. Before a read from memory, the process applies
  the announcements already waiting on its subscription, which is a poll of its
  own socket, not a round trip, so a change made by one process is seen by the
  next request any other process serves. If the subscription is lost, the
  copies are dropped and reads go to Redis until it is back.

  Copies do not expire on their own, so use near copies only for values that
  change through this cache's own writes (the page cache: pages are replaced
  or cleared, never left to expire while still wrong).
"""

import logging
import os
import threading
import time
from collections import OrderedDict

import redis
from django.core.cache.backends import redis as django_redis
from django.utils.functional import cached_property
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

# Channels are server-wide, not per database: each cache location gets its own.
CHANNEL_PREFIX = "careerguide:cache-writes:"
# Announced by clear(): every key is gone.
EVERYTHING = b""
# Seconds. Well under a second each: a page rendered from the database takes
# a few hundred milliseconds at most, so waiting longer for Redis only hurts.
SOCKET_TIMEOUT = 0.25
SUBSCRIBE_TIMEOUT = SOCKET_TIMEOUT  # to wait for Redis to confirm the subscription
SKIP_AFTER_FAILURE = 5  # this process leaves Redis alone this long after an error
LOG_INTERVAL = 60  # at most one warning per process and cache in this time
REDIS_FAILURES = (redis.RedisError, OSError)


class SharedClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class NearCopies:
    """This process's copies of raw cached values, kept in step through pub/sub."""

    def __init__(self, client, channel, capacity):
        self.client = client
        self.channel = channel
        self.capacity = capacity
        self.values = OrderedDict()  # key -> raw bytes, least recently used first
        self.subscription = None
        self.subscribed_in = None  # the pid that subscribed; a fork must subscribe again
        self.lock = threading.Lock()

    def get(self, key):
        """The copy of key, or None if there is none or copies cannot be trusted now."""
        with self.lock:
            if not self.apply_announcements():
                return None
            value = self.values.get(key)
            if value is not None:
                self.values.move_to_end(key)
            return value

    def keep(self, key, value):
        with self.lock:
            if self.subscription is None:
                return  # not in step with the other processes: keep nothing
            self.values[key] = value
            self.values.move_to_end(key)
            while len(self.values) > self.capacity:
                self.values.popitem(last=False)

    def announce(self, keys):
        """Tell every process (this one included) that these keys changed."""
        if keys:  # an empty message means everything
            self.publish(b"\n".join(key.encode() for key in keys))

    def announce_everything(self):
        self.publish(EVERYTHING)

    def publish(self, message):
        with self.lock:
            self.forget(message)
        self.client.publish(self.channel, message)

    def forget(self, message):
        if message == EVERYTHING:
            self.values.clear()
        else:
            for key in message.decode().split("\n"):
                self.values.pop(key, None)

    def apply_announcements(self):
        """Apply the announcements waiting on the subscription; False if there is none."""
        try:
            if self.subscription is None or self.subscribed_in != os.getpid():
                self.subscribe()
            while (message := self.subscription.get_message(timeout=0)) is not None:
                if message["type"] == "message":
                    self.forget(message["data"])
        except (redis.RedisError, OSError):
            self.values.clear()
            self.subscription = None
            return False
        return True

    def subscribe(self):
        self.values.clear()
        subscription = self.client.pubsub()
        subscription.subscribe(self.channel)
        # Until Redis confirms, announcements could be missed: wait for it.
        confirmation = subscription.get_message(timeout=SUBSCRIBE_TIMEOUT)
        if confirmation is None or confirmation["type"] != "subscribe":
            subscription.close()
            raise ConnectionError("Redis did not confirm the subscription")
        self.subscription, self.subscribed_in = subscription, os.getpid()


class NearCopiesRedisCacheClient(SharedClientRedisCacheClient):
    """Reads answered from near copies when they can be; every write announced.

    touch() is not announced: it changes only the expiry, and copies have none.
    """

    def __init__(self, servers, near_copies=0, **options):
        super().__init__(servers, **options)
        channel = CHANNEL_PREFIX + self._servers[0]
        self.near = NearCopies(self.get_client(write=True), channel, near_copies)

    def get(self, key, default):
        raw = self.near.get(key)
        if raw is None:
            raw = self.get_client(key).get(key)
            if raw is None:
                return default
            self.near.keep(key, raw)
        return self._serializer.loads(raw)

    def add(self, key, value, timeout):
        added = super().add(key, value, timeout)
        if added:
            self.near.announce([key])
        return added

    def set(self, key, value, timeout):
        super().set(key, value, timeout)
        self.near.announce([key])

    def delete(self, key):
        deleted = super().delete(key)
        self.near.announce([key])
        return deleted

    def incr(self, key, delta):
        value = super().incr(key, delta)
        self.near.announce([key])
        return value

    def set_many(self, data, timeout):
        super().set_many(data, timeout)
        self.near.announce(list(data))

    def delete_many(self, keys):
        super().delete_many(keys)
        self.near.announce(list(keys))

    def clear(self):
        cleared = super().clear()
        self.near.announce_everything()
        return cleared


# What each client call answers when Redis cannot: a miss, or a write not made.
FALLBACKS = {
    "get": lambda key, default: default,
    "get_many": lambda keys: {},
    "has_key": lambda key: False,
    "add": lambda key, value, timeout: False,
    "set": lambda key, value, timeout: None,
    "set_many": lambda data, timeout: [],
    "touch": lambda key, timeout: False,
    "delete": lambda key: False,
    "delete_many": lambda keys: None,
    "clear": lambda: False,
    # A counter starts again from zero: rate limits fail open in an outage.
    "incr": lambda key, delta: delta,
}


class FailSoftClient:
    """A cache client whose calls answer FALLBACKS instead of raising Redis errors."""

    def __init__(self, client, location):
        self.client = client
        self.location = location
        self.skip_until = 0.0
        self.logged_at = None

    def __getattr__(self, name):
        call = getattr(self.client, name)
        fallback = FALLBACKS.get(name)
        if fallback is None:
            return call

        def fail_soft(*args, **kwargs):
            if time.monotonic() < self.skip_until:
                return fallback(*args, **kwargs)
            try:
                return call(*args, **kwargs)
            except REDIS_FAILURES as error:
                self.failed(error)
                return fallback(*args, **kwargs)

        return fail_soft

    def failed(self, error):
        now = time.monotonic()
        self.skip_until = now + SKIP_AFTER_FAILURE
        if self.logged_at is None or now - self.logged_at >= LOG_INTERVAL:
            self.logged_at = now
            logger.warning(
                "Redis cache at %s failed (%s: %s); serving without it for now",
                self.location,
                type(error).__name__,
                error,
            )

    @property
    def degraded(self):
        return time.monotonic() < self.skip_until


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        near = "near_copies" in self._options
        self._class = NearCopiesRedisCacheClient if near else SharedClientRedisCacheClient
        self._options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        self._options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        # redis-py may retry a failed call; a retry only doubles an outage's cost.
        self._options.setdefault("retry", Retry(NoBackoff(), 0))

    @cached_property
    def _cache(self):
        return FailSoftClient(self._class(self._servers, **self._options), self._servers[0])

    def ping(self):
        """True if Redis answers now; for the health check, which must not fail soft."""
        try:
            return bool(self._cache.client.get_client().ping())
        except REDIS_FAILURES as error:
            self._cache.failed(error)
            return False


def redis_caches(url, pages_database):
    """The CACHES setting for a Redis at url: the default cache, and the page cache.

    The page cache is emptied on every content change, so it gets a Redis
    database of its own (pages_database), and near copies in each process.
    """
    server = url.rsplit("/", 1)[0] if url.count("/") > 2 else url
    return {
        "default": {"BACKEND": "careerguide.redis_cache.RedisCache", "LOCATION": url},
        "pages": {
            "BACKEND": "careerguide.redis_cache.RedisCache",
            "LOCATION": f"{server}/{pages_database}",
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"near_copies": 500},
        },
    }
