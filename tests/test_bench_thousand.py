"""bench/thousand_roles.py's measurements, run on the tests' small content.

The benchmark itself loads a thousand roles into PostgreSQL; here the same
functions measure the fixture's two published roles, so a change to a page or
a URL that would break the benchmark's run breaks this first. No time is
asserted (the machine is shared): every block must be there, each figure must
be a count or a time that can be true, and a warm page must not cost more
queries than a cold one.
"""

import json
import sys
from pathlib import Path

from django.core.cache import caches

from roles.catalog import KINDS
from roles.models import Role
from roles.role_pages import ALL_PAGES, BY_NAME

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import in_process  # noqa: E402
import thousand_roles  # noqa: E402

PAY = BY_NAME["pay"]
# What scaling.measure() returns, for the report's load block.
LOADS = {
    "runs": [
        {"roles": 2, "load_seconds": 1.0, "ms_per_role": 500.0},
        {"roles": 4, "load_seconds": 2.0, "ms_per_role": 500.0},
    ],
    "ratio_large_to_small": 2.0,
    "linear_ratio": 2.0,
}


def test_one_measurement_fills_every_block_of_the_report(loaded):
    # One test, not one per block: a measurement takes seconds even on two roles.
    measured = in_process.measure(sample=3, repeat=1, log=lambda message: None)
    check_pages(measured)
    check_search(measured["search"])
    check_admin(measured["admin"])
    check_report(json.loads(json.dumps(measured)))


def check_pages(measured):
    names = {row["page"] for row in measured["pages"]}
    assert {f"role: {page.title}" for page in ALL_PAGES} <= names
    assert {f"{kind.name} {page}" for kind in KINDS for page in ("index", "detail")} <= names
    assert {"role: job description", "role list", "compare, two roles"} <= names
    assert "skills check, two roles" in names
    assert measured["published_roles"] == len(measured["sampled_roles"]) == 2
    summary = next(row for row in measured["pages"] if row["page"] == "role: Summary")
    assert len(summary["paths"]) == 2
    assert summary["requests"] == 2  # two roles, one cold/warm pair each
    for row in measured["pages"]:
        assert row["cold_queries"] > 0, row["page"]
        assert row["warm_queries_max"] <= row["cold_queries"], row["page"]
        assert row["cold_ms"] > 0 and row["warm_ms"] > 0, row["page"]
        assert set(row["page_cache_header"]) <= {"miss/hit", "none/none"}, row["page"]


def check_search(rows):
    queries = len(in_process.search_queries())
    assert queries > 30
    assert len(rows) == 2
    for row in rows:
        assert row["requests"] == queries
        assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["max_ms"]
        assert row["queries"] > 0


def check_admin(rows):
    lists = {row["change_list"]: row for row in rows}
    assert set(lists) == {"roles", *(str(kind.model._meta.verbose_name_plural) for kind in KINDS)}
    assert lists["roles"]["records"] == 3  # the draft is in the editors' list too
    assert all(row["queries"] > 0 and row["median_ms"] > 0 for row in lists.values())


def check_report(measured):
    results = {"load_content": LOADS, "in_process": measured}
    text = thousand_roles.tables(results)
    for heading in ("### load_content", "### Pages", "### Search", "### Admin"):
        assert heading in text
    for row in measured["pages"]:
        assert f"| {row['page']} |" in text
    without_loads = thousand_roles.tables({**results, "load_content": None})
    assert "### load_content" not in without_loads and "### Admin" in without_loads


def test_the_counted_queries_are_those_django_sees(loaded, django_assert_num_queries):
    path = ALL_PAGES[0].url(Role.objects.published().order_by("pk").first())
    row = in_process.measure_page_type("summary", [path], repeat=1)
    caches["pages"].clear()
    with django_assert_num_queries(row["cold_queries"]):
        in_process.anonymous().get(path)
    with django_assert_num_queries(row["warm_queries"]):
        in_process.anonymous().get(path)


def test_a_slow_page_is_measured_by_its_first_request_and_one_warm(loaded, monkeypatch):
    monkeypatch.setattr(in_process, "SLOW_MS", 0)
    roles = Role.objects.published().order_by("pk")
    row = in_process.measure_page_type("pay", [PAY.url(role) for role in roles], repeat=3)
    assert row["measured_once_as_slow"] and row["requests"] == 1
    assert row["warm_queries"] <= row["cold_queries"]
