"""The History page of a record a page at a time, as Django's own History page is:
?p= picks the page, a bad number falls back as Django's admin falls back, and the
links and choices at the edges of a page still lead to the right versions."""

import re

import pytest
import reversion
from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles.models import Role

from .test_history_compare import history_url, role, versions_of  # noqa: F401 (role: a fixture)

PER_PAGE = 3


@pytest.fixture
def saved_role(role):  # noqa: F811 (the imported fixture)
    """test_history_compare's role, one version to begin with."""
    return role


@pytest.fixture
def role_admin():
    return admin.site.get_model_admin(Role)


@pytest.fixture(autouse=True)
def small_pages(monkeypatch, role_admin):
    # A few saves then fill several pages: the real 50 would need hundreds.
    monkeypatch.setattr(role_admin, "history_per_page", PER_PAGE)


@pytest.fixture(params=[False, True], ids=["oldest-first", "newest-first"])
def latest_first(request, monkeypatch, role_admin):
    monkeypatch.setattr(role_admin, "history_latest_first", request.param)
    return request.param


def save_again(record, times):
    for number in range(times):
        with reversion.create_revision():
            record.summary = f"Runs presses, take {number}."
            record.save()
            reversion.set_comment(f"Take {number}")


def page_html(client, record, query=""):
    response = client.get(f"{history_url(record)}{query}")
    assert response.status_code == 200
    return response, response.content.decode()


def shown_versions(html):
    return [int(pk) for pk in re.findall(r'name="to" value="(\d+)"', html)]


def changes_links(html):
    pairs = re.findall(r'compare/\?from=(\d+)&amp;to=(\d+)">Show the changes', html)
    return {(int(older), int(newer)) for older, newer in pairs}


def current_page(html):
    (number,) = re.findall(
        r'aria-current="page"><span class="visually-hidden">Page </span>(\d+)', html
    )
    return int(number)


def linked_pages(html):
    return [int(number) for number in re.findall(r'href="\?p=(\d+)"', html)]


def checked(html):
    return [
        (name, int(pk))
        for name, pk in re.findall(r'name="(from|to)" value="(\d+)"[^>]* checked', html)
    ]


def pages_in_order(versions, latest_first):
    shown = [version.pk for version in versions]
    if latest_first:
        shown.reverse()
    return [shown[start : start + PER_PAGE] for start in range(0, len(shown), PER_PAGE)]


def test_each_page_shows_its_share_of_the_versions(admin_client, saved_role, latest_first):
    save_again(saved_role, 6)
    expected = pages_in_order(versions_of(saved_role), latest_first)
    assert [len(page) for page in expected] == [3, 3, 1]

    for number, versions in enumerate(expected, start=1):
        response, html = page_html(admin_client, saved_role, f"?p={number}")

        assert shown_versions(html) == versions
        assert len(response.context["history_entries"]) == len(versions)
        assert current_page(html) == number
        assert linked_pages(html) == [page for page in (1, 2, 3) if page != number]
        assert '<nav class="paginator" aria-label="Pages of this history">' in html
        assert "<span>7 entries</span>" in html


def test_the_changes_links_at_the_edges_of_a_page_reach_the_other_page(
    admin_client, saved_role, latest_first
):
    save_again(saved_role, 6)
    versions = [version.pk for version in versions_of(saved_role)]

    links = set()
    for number in (1, 2, 3):
        links |= changes_links(page_html(admin_client, saved_role, f"?p={number}")[1])

    # Every save but the first links to what it changed from the one before,
    # wherever a page begins or ends.
    assert links == set(zip(versions, versions[1:], strict=False))


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        pytest.param("", 1, id="none"),
        pytest.param("?p=abc", 1, id="text"),
        pytest.param("?p=1.5", 1, id="not-whole"),
        pytest.param("?p=0", 3, id="zero"),
        pytest.param("?p=-2", 3, id="negative"),
        pytest.param("?p=99", 3, id="past-the-end"),
    ],
)
def test_a_bad_page_number_falls_back_as_djangos_admin_does(admin_client, saved_role, asked, shown):
    save_again(saved_role, 6)
    # Django's admin History page reads ?p= with Paginator.get_page; so does this one.
    value = asked.partition("=")[2] or None
    assert Paginator(range(7), PER_PAGE).get_page(value).number == shown

    html = page_html(admin_client, saved_role, asked)[1]

    assert current_page(html) == shown
    assert shown_versions(html) == pages_in_order(versions_of(saved_role), True)[shown - 1]


def test_the_two_latest_are_chosen_only_on_the_page_that_shows_them(
    admin_client, saved_role, latest_first
):
    save_again(saved_role, 7)  # 8 versions: the last page has two, so a choice fits on it
    versions = versions_of(saved_role)
    newest_page = 1 if latest_first else 3

    for number in (1, 2, 3):
        html = page_html(admin_client, saved_role, f"?p={number}")[1]

        if number == newest_page:
            assert checked(html) == sorted(
                [("from", versions[-2].pk), ("to", versions[-1].pk)],
                key=lambda choice: shown_versions(html).index(choice[1]),
            )
        else:
            assert checked(html) == []


def test_a_history_of_one_page_has_a_count_and_no_page_links(admin_client, saved_role):
    save_again(saved_role, 1)

    html = page_html(admin_client, saved_role)[1]

    assert '<p class="paginator">2 entries</p>' in html
    assert 'aria-label="Pages of this history"' not in html
    assert linked_pages(html) == []
    assert len(checked(html)) == 2


def queries_for(client, record, query):
    with CaptureQueriesContext(connection) as captured:
        page_html(client, record, query)
    return len(captured)


@pytest.mark.parametrize("query", ["?p=1", "?p=2"], ids=["first-page", "middle-page"])
def test_a_page_costs_the_same_queries_however_long_the_history(
    admin_client,
    saved_role,
    role_admin,
    monkeypatch,
    latest_first,
    query,
    django_assert_num_queries,
):
    save_again(saved_role, 6)
    page_html(admin_client, saved_role)  # the first request of a session costs more
    before = queries_for(admin_client, saved_role, query)
    assert before <= 12  # a handful, not one or more an entry

    save_again(saved_role, 7)  # twice the versions
    with django_assert_num_queries(before):
        page_html(admin_client, saved_role, query)

    # Twice the entries on the page: a query for each entry would show here.
    monkeypatch.setattr(role_admin, "history_per_page", 2 * PER_PAGE)
    with django_assert_num_queries(before):
        response = page_html(admin_client, saved_role, query)[0]
    assert len(response.context["history_entries"]) == 2 * PER_PAGE


def test_a_long_history_elides_the_pages_far_from_this_one(admin_client, saved_role, monkeypatch):
    monkeypatch.setattr(admin.site.get_model_admin(Role), "history_per_page", 1)
    save_again(saved_role, 19)

    html = page_html(admin_client, saved_role, "?p=10")[1]

    # Django's get_elided_page_range: two pages at each end, three either side of this one.
    assert linked_pages(html) == [1, 2, 7, 8, 9, 11, 12, 13, 19, 20]
    assert html.count("<span>…</span>") == 2
    assert current_page(html) == 10
    assert "<span>20 entries</span>" in html


def test_a_record_with_no_versions_says_so(admin_client, db):
    unsaved = Role.objects.create(slug="never-saved", title="Never Saved", summary="None yet.")

    html = page_html(admin_client, unsaved, "?p=2")[1]

    assert "has no saved versions yet" in html
    assert 'class="paginator"' not in html


def test_the_latest_saves_come_first(admin_client, saved_role):
    save_again(saved_role, 6)
    newest = versions_of(saved_role)[-1].pk
    assert shown_versions(page_html(admin_client, saved_role)[1])[0] == newest
