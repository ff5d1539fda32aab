"""Site search: what it finds, where its links go, how it reads what was typed.

Every test runs the same on SQLite and on PostgreSQL (the suite runs on both):
the index, the synonyms and the scoring are shared, and only the narrowing
(a GIN index) and the typo lookup (pg_trgm or rapidfuzz) differ. The
synonyms are the tests' own, tests/fixture_content/search/synonyms.yaml.
"""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import override_settings

from roles.models import ContentVersion, Responsibility, Role, SearchEntry, SearchIndexState
from roles.search import find, index
from roles.search.query import parse
from roles.search.results import Marker
from roles.search.text import stem

from .budgets import CONTENT_VERSION
from .commits import as_if_committed
from .conftest import empty_content_tables, load_fixture_content

TECHNICIAN = "/roles/press-technician/"


def search_page(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.text


def results(html):
    """Each result of ol#results: (its first link, its whole HTML), in page order."""
    found = re.search(r'<ol id="results"[^>]*>(.*?)</ol>\s*(?:{% endif %}|$|<)', html, re.S)
    if not found:
        return []
    items = re.findall(
        r"<li>\s*<h2><a href=\"([^\"]+)\">(.*?)</li>\s*(?=<li>\s*<h2>|$)", found[1], re.S
    )
    return [(unescape(url), body) for url, body in items]


def result_urls(html):
    return [url for url, _ in results(html)]


def assert_shows(html, *parts):
    missing = [part for part in parts if part not in html]
    assert not missing, missing


# --- what it finds ------------------------------------------------------------------


def test_finds_a_duty_links_to_its_section_and_marks_the_word(client, loaded):
    html = search_page(client, "calibrate")
    assert f"{TECHNICIAN}duties/#responsibilities" in result_urls(html)
    assert "<mark>Calibrate</mark> the height gauge before every run." in html


def test_finds_a_word_by_its_stem(client, loaded):
    # "calibrating" is nowhere in the content; "calibrate" and "calibration" are.
    urls = result_urls(search_page(client, "calibrating"))
    assert f"{TECHNICIAN}duties/#responsibilities" in urls
    assert "/skills/gauge-calibration/" in urls


def test_finds_a_tool_by_the_start_of_a_word(client, loaded):
    html = search_page(client, "PLC")
    assert "/tools/plc/" in result_urls(html)
    assert "Press logic controllers (<mark>PLCs</mark>)" in html


def test_finds_a_role_by_an_alternative_title_first(client, loaded):
    assert result_urls(search_page(client, "feeder"))[0] == "/roles/press-helper/"


def test_a_role_name_alone_finds_the_role_first(client, loaded):
    assert result_urls(search_page(client, "press technician"))[0] == TECHNICIAN


def test_indexes_every_sub_page_not_only_duties(client, loaded):
    pages = {url.split("#")[0] for url in SearchEntry.objects.values_list("url", flat=True)}
    for sub_page in [
        "", "duties/", "work-environment/", "how-to-become/", "education/", "skills/", "pay/",
        "outlook/", "career-path/", "similar/", "faq/",
    ]:  # fmt: skip
        assert f"{TECHNICIAN}{sub_page}" in pages, sub_page


def test_finds_a_pay_level_by_its_name(client, loaded):
    html = search_page(client, "shift supervisor")
    assert f"{TECHNICIAN}pay/#pay" in result_urls(html)[:3]


def test_finds_a_question_of_the_faq_under_its_own_title(client, loaded):
    entry = SearchEntry.objects.filter(url=f"{TECHNICIAN}faq/#faqs").exclude(title="").first()
    assert entry is not None
    html = search_page(client, entry.title)
    assert result_urls(html)[0] == f"{TECHNICIAN}faq/#faqs"


def test_source_notes_and_charts_are_not_indexed(loaded):
    # Every pay passage cites the survey; a search for its name must not find them all.
    bodies = " ".join(SearchEntry.objects.values_list("body", flat=True))
    assert "Source:" not in bodies and "Sources:" not in bodies
    assert "<svg" not in bodies


# --- synonyms ------------------------------------------------------------------------


def test_a_synonym_finds_the_page_that_uses_another_word(client, loaded):
    texts = SearchEntry.objects.values_list("body", "title", "page_name")
    assert (
        "salary" not in " ".join(" ".join(row) for row in texts).lower()
    )  # so only the synonym can find the pay pages
    urls = result_urls(search_page(client, "salary"))
    assert urls[0].split("#")[0] in {f"{TECHNICIAN}pay/", "/roles/press-helper/pay/"}


def test_a_phrase_synonym_counts_as_one_concept(client, loaded):
    # "night shift" is one term of the shifts group: pages about shifts answer it.
    urls = result_urls(search_page(client, "night shift"))
    assert any("/work-environment/#" in url for url in urls[:3])


def test_the_word_typed_outranks_its_synonym(loaded):
    typed = find("shift").results[0]
    assert "<mark>shift" in typed.hits[0].snippet.lower() or "shift" in typed.title.lower()


@override_settings(SEARCH_SYNONYMS_FILE="/nonexistent/synonyms.yaml")
def test_without_the_synonyms_file_the_search_still_answers(client, loaded):
    assert result_urls(search_page(client, "salary")) == []
    assert f"{TECHNICIAN}duties/#responsibilities" in result_urls(search_page(client, "calibrate"))


# --- typos ---------------------------------------------------------------------------


def test_a_typo_is_mended_with_did_you_mean(client, loaded):
    html = search_page(client, "techncian")
    assert TECHNICIAN in result_urls(html)[:3]
    assert_shows(
        html,
        'Did you mean <a href="/search/?q=technician"><strong>technician</strong></a>?',
        "<h1>Results for “techncian”</h1>",
    )


@pytest.mark.parametrize(("typed", "meant"), [("calibraton", "calibration"), ("glovs", "gloves")])
def test_typos_inside_words_are_mended_on_either_database(loaded, typed, meant):
    outcome = find(typed)
    assert outcome.query.corrections == {typed: meant}
    assert outcome.results


def test_a_known_word_is_never_mended(loaded):
    for word in ["press", "gauge", "calibrating", "plc", "10"]:
        assert find(word).query.corrections == {}, word


def test_a_word_nothing_resembles_stays_as_typed(client, loaded):
    html = search_page(client, "zeppelin")
    assert "Did you mean" not in html
    assert result_urls(html) == []


# --- the results page ---------------------------------------------------------------


def test_results_are_an_ordered_list_whose_first_links_are_the_results(client, loaded):
    html = search_page(client, "press")
    found = results(html)
    assert len(found) >= 3
    outcome = find("press")
    assert [url for url, _ in found] == [result.url for result in outcome.results]


def test_one_result_per_page_with_its_passages_quoted_under_it(client, loaded):
    outcome = find("gauge")
    pages = [result.url.split("#")[0] for result in outcome.results]
    assert len(pages) == len(set(pages))
    duties = next(r for r in outcome.results if r.url.startswith(f"{TECHNICIAN}duties/"))
    quoted = " ".join(hit.snippet for hit in duties.hits)
    assert "height <mark>gauge</mark>" in quoted
    assert "<mark>gauge</mark> readings" in quoted


def test_every_deep_link_goes_to_a_page_and_an_anchor_on_it(client, loaded):
    seen = set()
    for query in ["press", "shift", "gauge", "pay", "die", "safety"]:
        for result in find(query).results:
            for url in {result.url, *(hit.url for hit in result.hits)}:
                seen.add(url)
    assert len(seen) >= 15
    pages = {}
    for url in sorted(seen):
        path, _, anchor = url.partition("#")
        if path not in pages:
            response = client.get(path)
            assert response.status_code == 200, path
            pages[path] = response.text
        if anchor:
            assert f'id="{anchor}"' in pages[path], url


def test_relaxed_when_no_page_has_every_word(client, loaded):
    html = search_page(client, "calibrate zeppelin")
    assert result_urls(html)
    assert "with some of your words; none has them all" in html


def test_the_count_says_how_many_pages_matched_beyond_those_shown(loaded, monkeypatch):
    from roles.search import results as search_results

    every = find("press").pages_found
    assert every > 3
    monkeypatch.setattr(search_results, "MAX_RESULTS", 3)
    outcome = find("press")
    assert (outcome.count, outcome.pages_found) == (3, every)


def test_a_minus_word_leaves_out_what_has_it(loaded):
    urls = [result.url for result in find("quality").results]
    assert "/skills/quality-inspection/" in urls
    without = [result.url for result in find("quality -inspection").results]
    assert without and "/skills/quality-inspection/" not in without


def test_empty_query_explains_the_search_and_offers_examples(client, loaded):
    html = search_page(client, "")
    assert_shows(
        html,
        "<title>Search · Manufacturing career guide</title>",
        "<h1>Search the guide</h1>",
        "What you can search",
        'href="/search/?q=salary"',
        'href="/roles/"',
        '<label for="search-q">',
    )
    assert 'id="results"' not in html


def test_a_query_of_stop_words_only_is_an_empty_query(client, loaded):
    html = search_page(client, "how to the")
    assert 'id="results"' not in html
    assert "No results for “how to the”" in html


def test_no_hits_says_so_and_suggests_what_to_try(client, loaded):
    html = search_page(client, "zeppelin")
    assert_shows(
        html,
        "<title>No results for “zeppelin” · Search",
        "<h1>No results for “zeppelin”</h1>",
        "Try fewer words",
        'href="/search/?q=salary"',
        'value="zeppelin"',
    )


def test_one_search_box_on_the_results_page_with_the_query_in_it(client, loaded):
    html = search_page(client, "forklift")
    assert html.count('role="search"') == 1
    assert re.search(r'id="search-q"[^>]*value="forklift"', html)
    assert 'id="site-search-q"' not in html
    assert html.count("<h1") == 1


def test_html_in_the_query_is_escaped(client, loaded):
    html = search_page(client, '<script>alert("x")</script>')
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_content_is_escaped_around_the_marks(loaded):
    marker = Marker(parse("gloves"))
    assert marker.mark("Tom's <b>gloves</b> & hats") == (
        "Tom&#x27;s &lt;b&gt;<mark>gloves</mark>&lt;/b&gt; &amp; hats"
    )


def test_drafts_are_not_indexed_nor_offered_as_spellings(client, loaded):
    assert not SearchEntry.objects.filter(page_url__startswith="/roles/die-setter/").exists()
    # "swaps" is only in the draft: it finds nothing, and no typo is mended into it.
    assert result_urls(search_page(client, "swaps")) == []
    assert "swaps" not in find("swapps").query.corrections.values()


# --- keeping the index in step -------------------------------------------------------


@pytest.fixture(params=["loaded at setup", "reloaded in the test"])
def content_loaded(request, loaded):
    # After a transactional test the content is loaded again inside the test
    # (conftest's `loaded`): a write after that load must still count.
    if request.param == "reloaded in the test":
        empty_content_tables()
        with as_if_committed():
            load_fixture_content()


def test_a_committed_change_is_searchable_at_once(content_loaded):
    # A duty the duties page lists (the first one the fixture shows there).
    duty = Responsibility.objects.get(role__slug="press-technician", text__startswith="Calibrate")
    with as_if_committed():
        duty.text = "Lubricate the zeppelin mooring every Friday."
        duty.save()
    assert SearchIndexState.objects.get().content_version == ContentVersion.current()
    assert [r.url for r in find("zeppelin").results] == [f"{TECHNICIAN}duties/#responsibilities"]


def test_a_stale_index_is_rebuilt_by_the_next_search(loaded):
    # A write that sent no signal (a raw update) and a version bump, as another process would.
    Responsibility.objects.filter(role__slug="press-technician").update(
        text="Grease the zeppelin.", text_html="<p>Grease the zeppelin.</p>"
    )
    ContentVersion.bump()
    assert [r.url for r in find("zeppelin").results] == [f"{TECHNICIAN}duties/#responsibilities"]


def test_a_failed_rebuild_leaves_the_old_index_answering(loaded, monkeypatch, caplog):
    Role.objects.filter(slug="press-technician").update(title="Renamed")
    ContentVersion.bump()
    before = SearchEntry.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("template broke")

    monkeypatch.setattr(index, "all_entries", broken)
    assert find("calibrate").results  # from the index as it was
    assert SearchEntry.objects.count() == before
    assert "search index rebuild failed" in caplog.text


def test_writing_the_index_is_not_a_content_change(loaded):
    version = ContentVersion.current()
    index.rebuild()
    assert ContentVersion.current() == version


# --- cost ----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["forklift", "gauge", "press technician pay", "salary"])
def test_query_count_does_not_grow_with_the_results(
    client, loaded, django_assert_num_queries, query
):
    find("warm")  # the index is fresh, and its words are read (once per build)
    # The content version and the index's (is it fresh?), the entries to score,
    # then what the results show of the best. (On PostgreSQL outside a test's
    # transaction the version is known without a query: roles/version_watch.py.)
    with django_assert_num_queries(4 + CONTENT_VERSION):
        client.get("/search/", {"q": query})


def test_a_typo_costs_one_query_more_on_postgresql(client, loaded, django_assert_num_queries):
    find("techncian")
    # pg_trgm finds the nearest word; elsewhere rapidfuzz, over the words kept per build.
    lookup = 1 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(4 + lookup + CONTENT_VERSION):
        client.get("/search/", {"q": "techncian"})


def test_empty_query_costs_no_search_queries(client, loaded, django_assert_num_queries):
    with django_assert_num_queries(CONTENT_VERSION):
        client.get("/search/")


def test_stems_are_those_postgresql_uses(loaded):
    if connection.vendor != "postgresql":
        pytest.skip("compares with PostgreSQL's own English stemmer")
    with connection.cursor() as cursor:
        for word in ["calibrating", "technicians", "shifts", "inspection", "qualifications"]:
            cursor.execute("SELECT ts_lexize('english_stem', %s)", [word])
            assert cursor.fetchone()[0] == [stem(word)], word


def test_the_rebuild_command_reports_what_it_built(loaded, capsys):
    from django.core.management import call_command

    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index")
    count = SearchEntry.objects.count()
    assert count > 50
    assert f"Search index: {count} passages, built in" in capsys.readouterr().out


def test_a_long_query_of_unknown_words_costs_a_bounded_number_of_queries(
    client, loaded, django_assert_max_num_queries
):
    find("warm")
    query = " ".join(f"zqx{letter}abc" for letter in "abcdefghijklmnopqrstuvwxyz")[:200]
    # Version and index state, two matchings (all words, then any), what the
    # results show, and at most three typo lookups.
    with django_assert_max_num_queries(5 + 3 + CONTENT_VERSION):
        assert client.get("/search/", {"q": query}).status_code == 200
    assert len(parse(query).concepts) == 10


def test_a_page_s_link_opens_the_first_of_its_equally_good_passages(loaded):
    # The pay page's own section and its pay factors both say "pay": the link opens at the top.
    pay = next(r for r in find("pay").results if r.url.startswith(f"{TECHNICIAN}pay/"))
    assert pay.url == f"{TECHNICIAN}pay/#pay"
