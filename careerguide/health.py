"""The load balancer's health check: is this process able to serve pages?

Only the database decides: without it nothing can be served (503, take this
process out of rotation). Redis only speeds pages up, so a Redis that is down,
hung or full is reported as "degraded" with a 200: pages still come from the
database, more slowly.
"""

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

# With a connection pool, Django would wait up to the pool's timeout for a
# connection from a database that is down; the load balancer should hear sooner.
POOL_WAIT_SECONDS = 1


def database_status():
    try:
        pool = getattr(connection, "pool", None)  # None without a pool, and off PostgreSQL
        # Straight from the pool, with a short wait, unless this request holds a connection.
        if pool is not None and connection.connection is None:
            pool.open()
            with pool.connection(timeout=POOL_WAIT_SECONDS) as pooled:
                pooled.execute("SELECT 1").fetchone()
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
    except Exception as error:  # any database failure means: take me out of rotation
        return type(error).__name__
    return "ok"


def cache_status():
    """Whether Redis answers: ok, degraded, or local (no Redis configured)."""
    checks = [cache.ping for cache in caches.all() if hasattr(cache, "ping")]
    if not checks:
        return "local"
    return "ok" if all(ping() for ping in checks) else "degraded"


@never_cache
def healthz(request):
    database = database_status()
    if database != "ok":
        return JsonResponse({"status": "error", "database": database}, status=503)
    cache = cache_status()
    status = "ok" if cache in ("ok", "local") else "degraded"
    return JsonResponse({"status": status, "database": database, "cache": cache})
