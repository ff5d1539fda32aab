"""Site search: what it finds, how it marks matches, and the help pages around it.

Every test but the last runs the same on SQLite (word matching in Python) and
PostgreSQL (full-text search); the last checks stemming, which only
PostgreSQL does.
"""

import re

import pytest
from django.db import connection

from roles.models import Role
from roles.search import find

from .budgets import CONTENT_VERSION

TECHNICIAN_PAGE = "/roles/press-technician/"


def search_page(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.text


def assert_shows(html, *parts):
    missing = [part for part in parts if part not in html]
    assert not missing, missing


def result_urls(html):
    """Result links in page order."""
    return re.findall(r'<h3><a href="([^"]+)">', html)


def test_finds_a_word_from_a_responsibility_and_marks_it(client, loaded):
    html = search_page(client, "calibrate")
    assert f"{TECHNICIAN_PAGE}duties/#responsibilities" in result_urls(html)
    assert "<mark>Calibrate</mark> the height gauge before every run." in html
    assert "Press Technician › Responsibilities" in html


def test_finds_a_tool_by_the_start_of_a_word(client, loaded):
    # "PLC" must find the tool named "... (PLCs)": a prefix, not a whole word.
    html = search_page(client, "PLC")
    assert "/tools/plc/" in result_urls(html)
    assert "Press logic controllers (<mark>PLCs</mark>)" in html
    assert "Tool · Automation and controls" in html


def test_finds_a_tool_by_a_word_of_its_description(client, loaded):
    html = search_page(client, "grit")
    assert result_urls(html) == ["/tools/oil-tester/"]
    assert "Checks hydraulic oil for <mark>grit</mark>." in html


def test_finds_a_skill(client, loaded):
    html = search_page(client, "calibration")
    assert "/skills/gauge-calibration/" in result_urls(html)
    assert "Skill · Technical" in html
    assert "Gauge <mark>calibration</mark>" in html


def test_finds_certifications_and_marks_the_word_in_their_names(client, loaded):
    html = search_page(client, "card")
    urls = result_urls(html)
    assert "/certifications/press-safety-bronze/" in urls
    assert "/certifications/press-safety-silver/" in urls
    assert "Press Safety <mark>Card</mark>, Bronze" in html
    assert '<p class="result-where">Certification</p>' in html


def test_finds_a_role_by_an_alternative_title(client, loaded):
    html = search_page(client, "feeder")
    assert result_urls(html) == ["/roles/press-helper/"]
    assert "Also called: Press Loader, Line <mark>Feeder</mark>" in html


def test_every_word_must_match(client, loaded):
    assert result_urls(search_page(client, "card silver")) == [
        "/certifications/press-safety-silver/"
    ]


def test_a_minus_word_leaves_out_records_that_have_it(client, loaded):
    assert "/skills/quality-inspection/" in result_urls(search_page(client, "quality"))
    urls = result_urls(search_page(client, "quality -inspection"))
    assert urls
    assert "/skills/quality-inspection/" not in urls


def test_matches_in_a_section_are_listed_under_one_result(client, loaded):
    html = search_page(client, "gauge")
    urls = result_urls(html)
    assert urls.count(f"{TECHNICIAN_PAGE}duties/#responsibilities") == 1
    # Both of the technician's duties that say "gauge" are quoted under the one result.
    assert "Calibrate the height <mark>gauge</mark>" in html
    assert "watch the <mark>gauge</mark> readings" in html
    # Four of the helper's duties name parts: three are quoted, the fourth is counted.
    html = search_page(client, "part")
    assert result_urls(html).count("/roles/press-helper/duties/#responsibilities") == 1
    assert "And 1 more match in this section." in html


def test_roles_come_first_then_sections_then_catalog_records(client, loaded):
    html = search_page(client, "technician")
    urls = result_urls(html)
    assert urls[0] == TECHNICIAN_PAGE
    headings = re.findall(r'<h2 id="found-(\w+)">', html)
    assert headings == sorted(headings, key=["roles", "sections", "catalog"].index)
    assert headings[0] == "roles"


def test_a_match_in_the_name_ranks_above_one_in_the_description(client, loaded):
    urls = result_urls(search_page(client, "technician"))
    # Both certifications carry "Technician" in their names; the tracker only says it in passing.
    assert urls.index("/certifications/certified-press-technician/") < urls.index(
        "/tools/shop-tracker/"
    )
    assert urls.index("/certifications/servo-technician/") < urls.index("/tools/shop-tracker/")


def test_draft_roles_and_what_only_they_use_are_left_out(client, loaded):
    Role.objects.filter(slug="press-technician").update(status=Role.Status.DRAFT)
    urls = result_urls(search_page(client, "PLC technician"))
    assert not any(url.startswith(TECHNICIAN_PAGE) for url in urls)
    assert "/tools/plc/" not in result_urls(search_page(client, "PLC"))
    # A certification the published role still lists is still found.
    assert "/certifications/press-safety-bronze/" in result_urls(search_page(client, "OSHA"))
    # So is nothing that only the fixture's draft role lists.
    assert "/roles/die-setter/" not in result_urls(search_page(client, "die"))


def test_empty_query_explains_the_search_and_offers_examples(client, loaded):
    html = search_page(client, "")
    assert_shows(
        html,
        "<title>Search · Manufacturing career guide</title>",
        "<h1>Search the guide</h1>",
        "What you can search",
        'href="/search/?q=PLC"',
        'href="/search/?q=quality%20inspection"',
        'href="/roles/"',
        'href="/skills-check/"',
        '<label for="search-q">',
    )
    assert result_urls(html) == []


def test_every_example_search_finds_something(client, loaded):
    html = search_page(client, "")
    examples = re.findall(r'<a href="/search/\?q=([^"]+)">', html)
    assert len(examples) >= 4
    for example in examples:
        response = client.get(f"/search/?q={example}")
        assert result_urls(response.text), example


def test_no_hits_says_so_and_suggests_what_to_try(client, loaded):
    html = search_page(client, "zeppelin")
    assert_shows(
        html,
        "<title>No results for “zeppelin” · Search",
        "<h1>No results for “zeppelin”</h1>",
        "Try fewer words",
        'href="/search/?q=PLC"',
        'value="zeppelin"',
    )
    assert result_urls(html) == []


def test_results_page_names_the_query_in_title_breadcrumbs_and_both_search_boxes(client, loaded):
    html = search_page(client, "forklift")
    assert "<title>Results for “forklift” · Search · Manufacturing career guide</title>" in html
    assert '<span aria-current="page">Results for “forklift”</span>' in html
    assert '<a href="/search/">Search</a>' in html
    assert re.search(r'id="site-search-q"[^>]*value="forklift"', html)
    assert re.search(r'id="search-q"[^>]*value="forklift"', html)
    assert html.count("<h1") == 1


def test_html_in_the_query_is_escaped(client, loaded):
    html = search_page(client, '<script>alert("x")</script>')
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_content_is_escaped_around_the_marks(client, loaded):
    html = search_page(client, "gloves")
    assert "helpers&#x27; <mark>gloves</mark>" in html


@pytest.mark.parametrize("query", ["forklift", "gauge", "press"])
def test_query_count_does_not_grow_with_the_results(
    client, loaded, django_assert_num_queries, query
):
    # One query per kind of record searched: roles, responsibilities, tools, skills, certifications.
    with django_assert_num_queries(5 + CONTENT_VERSION):
        client.get("/search/", {"q": query})


def test_empty_query_costs_no_search_queries(client, loaded, django_assert_num_queries):
    with django_assert_num_queries(CONTENT_VERSION):
        client.get("/search/")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL")
def test_postgres_stems_words_and_ranks_name_matches_first(loaded):
    results = find("calibrating")
    responsibilities = next(result for result in results if result.group == "sections")
    assert "<mark>Calibrate</mark> the height gauge" in "".join(responsibilities.lines)
    catalog = [result for result in results if result.group == "catalog"]
    # "calibration" in a skill's name outranks "calibrate" in a certification's description.
    assert catalog[0].url == "/skills/gauge-calibration/"
    assert "<mark>calibration</mark>" in catalog[0].title
    assert any(result.url == "/certifications/servo-technician/" for result in catalog[1:])
