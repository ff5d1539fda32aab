"""The search on the real content: the query set of bench/search_queries.yaml.

This is the one search test that reads content/ and the editors' synonyms:
it measures whether what people type finds the page that answers it, which
only the real pages can tell. It runs on SQLite and on PostgreSQL (the suite
runs on both), and fails below 90% answered in the top three.
"""

import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test.utils import override_settings

from roles.search import find

from .test_real_content import real_content  # noqa: F401 - the module's fixture

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import search_quality  # noqa: E402

REAL_SYNONYMS = Path(settings.BASE_DIR) / "content" / "search" / "synonyms.yaml"


@pytest.fixture
def real_search(real_content, db):  # noqa: F811
    with override_settings(SEARCH_SYNONYMS_FILE=REAL_SYNONYMS):
        yield


def test_at_least_nine_in_ten_queries_find_their_page_in_the_top_three(real_search):
    hits, total, misses = search_quality.measure(find)
    assert total >= 30
    assert hits / total >= 0.9, misses


def test_the_issue_s_own_examples_are_answered(real_search):
    for query, page in [
        ("salary", "/pay/"),
        ("night shift", "/work-environment/"),
        ("how to become a production technician", "/roles/production-technician/how-to-become/"),
        ("techncian", "/roles/production-technician/"),
        ("forklift certification", "/certifications/forklift-operator/"),
    ]:
        urls = [result.url for result in find(query).results[:3]]
        assert any(page in url for url in urls), (query, urls)


def test_the_editors_synonyms_file_is_valid():
    from roles.search.synonyms import parse

    _, errors = parse(REAL_SYNONYMS, REAL_SYNONYMS.read_bytes())
    assert errors == []
