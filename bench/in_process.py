"""Timings inside one Django process: public pages cold and warm, the search, the admin lists.

bench/thousand_roles.py runs measure() through `manage.py shell` on its loaded
PostgreSQL database; tests/test_bench_thousand.py runs it on the test database.
Every request goes through django.test.Client, so through the whole middleware
stack (the page cache included) but no network: a time is the server's alone,
taken with time.perf_counter() around the request, and its queries are counted
with CaptureQueriesContext.

Cold is a request with the "pages" cache emptied just before; warm is the
same request again, which the page cache answers (X-Page-Cache: hit).
Nothing here writes content, so no stored page goes stale meanwhile and
emptying the cache is what makes a page cold.
"""

import statistics
import sys
import time
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from search_quality import load_queries
from search_speed import TYPOS, percentile

from roles.catalog import KINDS
from roles.comparison import canonical_query
from roles.models import Role
from roles.role_pages import ALL_PAGES

HOST = "127.0.0.1"  # in ALLOWED_HOSTS of the benchmark's settings and the tests'
CACHE_HEADER = "X-Page-Cache"
PICKED_RECORDS = 3  # of each kind, per role, in the skills check's selection
ADMIN_USERNAME = "bench-thousand"
# A page type whose first request takes longer is measured by that request and
# one warm one: for every role and repeat, it alone could take the whole run.
SLOW_MS = 5000


def log_to_stderr(message):
    print(message, file=sys.stderr, flush=True)


def spread(items, count):
    """count of items, evenly spaced from the first to the last."""
    items = list(items)
    if count >= len(items):
        return items
    if count == 1:
        return items[:1]
    return [items[round(step * (len(items) - 1) / (count - 1))] for step in range(count)]


# One client for every anonymous request: a new one would build the middleware
# chain again, a cost a running server pays once, not per request.
VISITOR = Client(HTTP_HOST=HOST, HTTP_ACCEPT_ENCODING="gzip")


def anonymous():
    VISITOR.cookies.clear()  # a first-time visitor: no cookie from an earlier response
    return VISITOR


def get(path, client=None):
    """One GET: (milliseconds, queries, response)."""
    client = client or anonymous()
    # The query log holds 9,000 queries: once full, CaptureQueriesContext counts none.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return elapsed, len(queries), response


def cache_said(response):
    return response.headers.get(CACHE_HEADER)


def cold_then_warm(path, cold=None):
    """Two requests for path: with the page cache empty, then again. cold: the first, if made."""
    if cold is None:
        caches["pages"].clear()
        cold = get(path)
    warm = get(path)
    said = (cache_said(cold[2]), cache_said(warm[2]))
    # Pages outside the page cache (the skills check) send no header at all.
    if said not in ((None, None), ("miss", "hit")):
        raise AssertionError(f"{path}: {CACHE_HEADER} said {said}, not miss then hit")
    return cold, warm


# --- what is requested ----------------------------------------------------------------


def skills_check_path(first, second):
    """The skills check of someone who has a few records of each of two roles."""
    params = {}
    for kind in KINDS:
        keys = []
        for role in (first, second):
            links = getattr(role, kind.link_set).order_by("pk")
            keys += links.values_list(f"{kind.name}__key", flat=True)[:PICKED_RECORDS]
        params[kind.param] = list(dict.fromkeys(keys))
    return f"{reverse('roles:skills-check')}?{urlencode(params, doseq=True)}"


def page_types(roles, records_per_kind):
    """[(name, paths)]: every page type, each for the roles (or records) picked."""
    pairs = list(zip(roles, roles[1:], strict=False))
    types = [(f"role: {page.title}", [page.url(role) for role in roles]) for page in ALL_PAGES]
    types += [
        (
            "role: job description",
            [reverse("roles:job-description", args=[role.slug]) for role in roles],
        ),
        ("role list", [reverse("roles:list")]),
    ]
    for kind in KINDS:
        records = spread(kind.model.objects.public().order_by("pk"), records_per_kind)
        types += [
            (f"{kind.name} index", [kind.index_url]),
            (f"{kind.name} detail", [record.get_absolute_url() for record in records]),
        ]
    compare = reverse("roles:compare")
    types += [
        (
            "compare, two roles",
            [f"{compare}?{canonical_query([a.slug, b.slug])}" for a, b in pairs],
        ),
        ("skills check, two roles", [skills_check_path(a, b) for a, b in pairs]),
    ]
    return types


# --- the measurements -----------------------------------------------------------------


def measure_page_type(name, paths, repeat):
    caches["pages"].clear()
    # Untimed unless slow: the process's one-off costs (template compilation) stay out.
    first = get(paths[0])
    slow = first[0] > SLOW_MS
    if slow:
        pairs = [cold_then_warm(paths[0], cold=first)]
    else:
        pairs = [cold_then_warm(path) for path in paths for _ in range(repeat)]
    colds = [cold for cold, _ in pairs]
    warms = [warm for _, warm in pairs]
    said = {(cache_said(cold[2]), cache_said(warm[2])) for cold, warm in pairs}
    cold_queries = [queries for _, queries, _ in colds]
    warm_queries = [queries for _, queries, _ in warms]
    return {
        "page": name,
        "paths": paths,
        "requests": len(colds),
        "measured_once_as_slow": slow,
        "cold_ms": round(statistics.median(ms for ms, _, _ in colds), 2),
        "warm_ms": round(statistics.median(ms for ms, _, _ in warms), 2),
        "cold_queries": statistics.median(cold_queries),
        "warm_queries": statistics.median(warm_queries),
        "cold_queries_max": max(cold_queries),
        "warm_queries_max": max(warm_queries),
        # "miss/hit", or "none/none" for a page the page cache leaves alone.
        "page_cache_header": sorted("/".join(value or "none" for value in pair) for pair in said),
    }


def measure_pages(roles, repeat, log):
    rows = []
    for name, paths in page_types(roles, len(roles)):
        rows.append(measure_page_type(name, paths, repeat))
        row = rows[-1]
        log(f"    {name}: cold {row['cold_ms']:.0f} ms, warm {row['warm_ms']:.1f} ms")
    return rows


def search_queries():
    return [item["query"] for item in load_queries()] + TYPOS


def search_path(query):
    return f"{reverse('roles:search')}?{urlencode({'q': query})}"


def search_row(name, runs):
    times = [ms for ms, _, _ in runs]
    return {
        "searches": name,
        "requests": len(runs),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "max_ms": round(max(times), 2),
        "queries": statistics.median(queries for _, queries, _ in runs),
    }


def measure_search(repeat):
    """The search page for every query of the set, never answered by the page cache."""
    queries = search_queries()
    get(search_path(queries[0]))  # untimed: synonyms and spelling are read once per process
    emptied, distinct = [], []
    for round_number in range(repeat):
        for number, query in enumerate(queries):
            caches["pages"].clear()
            emptied.append(get(search_path(query)))
            # As bench/distinct_searches.lua does: a number no profile holds makes it new.
            distinct.append(get(search_path(f"{query} {round_number}x{number}")))
    return [
        search_row("query set, page cache emptied before each", emptied),
        search_row("query set, each with an unseen number added", distinct),
    ]


def superuser():
    user = User.objects.filter(username=ADMIN_USERNAME).first()
    return user or User.objects.create_superuser(ADMIN_USERNAME, "bench@example.com", None)


def measure_admin(repeat):
    """Each change list, as a signed-in superuser: median of repeat after one untimed."""
    client = Client(HTTP_HOST=HOST)
    client.force_login(superuser())
    rows = []
    for model in (Role, *(kind.model for kind in KINDS)):
        path = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        get(path, client)
        runs = [get(path, client) for _ in range(repeat)]
        rows.append(
            {
                "change_list": str(model._meta.verbose_name_plural),
                "path": path,
                "records": model.objects.count(),
                "median_ms": round(statistics.median(ms for ms, _, _ in runs), 2),
                "max_ms": round(max(ms for ms, _, _ in runs), 2),
                "queries": statistics.median(queries for _, queries, _ in runs),
            }
        )
    return rows


def measure(sample, repeat, log=log_to_stderr):
    """Every block of the in-process report, on the roles now in the database."""
    published = Role.objects.published().order_by("pk")
    roles = spread(published, sample)
    if len(roles) < 2:
        raise RuntimeError("comparing two roles needs at least two published roles")
    log(f"  pages: {len(roles)} of {published.count()} published roles, {repeat} times each")
    pages = measure_pages(roles, repeat, log)
    log("  search")
    search = measure_search(repeat)
    log("  admin change lists")
    admin = measure_admin(repeat)
    return {
        "method": "in-process: django.test.Client, anonymous, Accept-Encoding: gzip",
        "database": connection.vendor,
        "page_cache": caches["pages"].__class__.__name__,
        "published_roles": published.count(),
        "sampled_roles": [role.slug for role in roles],
        "repeat": repeat,
        "pages": pages,
        "search": search,
        "admin": admin,
    }
