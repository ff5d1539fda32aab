"""A record's own page with many roles: a page of them at a time, in queries that do not grow.

The roles are copies of the fixture's Press Technician, which lists the PLC
tool and names it on its ladder. Most tests shrink the page to a few roles,
so that a handful of copies spread over several pages.
"""

import re

import pytest
from django.core.management import call_command

from roles import catalog_usage
from roles.caching import clear_pages
from roles.models import Role

from .budgets import CONTENT_VERSION
from .commits import as_if_committed

SLUG = re.compile(r"^slug: .+$", re.MULTILINE)
TITLE = re.compile(r"^title: .+$", re.MULTILINE)
PLC = "/tools/plc/"
# the record; the page of roles with their total; their links, the links' citations and
# rung fits; the roles' rungs (levels and those naming it); its equivalences (the PLC is
# in none, so no equivalent tools, skills or certifications are read)
DETAIL_QUERIES = 7 + CONTENT_VERSION
CARD = re.compile(r'<li class="card"><h3><a href="[^"]*">([^<]*)</a>')


def add_copies(folder, first, count):
    original = (folder / "roles" / "press-technician.md").read_text(encoding="utf-8")
    for number in range(first, first + count):
        slug = f"press-technician-copy-{number:02d}"
        text = SLUG.sub(f"slug: {slug}", original, count=1)
        text = TITLE.sub(f"title: Press Technician copy {number:02d}", text, count=1)
        (folder / "roles" / f"{slug}.md").write_text(text, encoding="utf-8")


def load(folder):
    with as_if_committed():
        call_command("load_content", str(folder), verbosity=0)


@pytest.fixture
def five_roles_with_plc(loaded, content_copy, monkeypatch):
    """Press Technician and four copies list the PLC; two of them to a page."""
    add_copies(content_copy, 1, 4)
    load(content_copy)
    monkeypatch.setattr(catalog_usage, "ROLES_PER_PAGE", 2)
    return sorted(Role.objects.filter(roletool__tool__key="plc").values_list("title", flat=True))


def cards(html):
    return CARD.findall(html)


def roles_section(html):
    start = html.index('<section id="roles"')
    return html[start : html.index("</section>", start)]


def test_the_queries_stay_the_same_as_the_roles_double(
    client, loaded, content_copy, django_assert_num_queries
):
    first = 1
    for count in (1, 2, 4):  # 2, 3, 5 and then 9 roles list the PLC
        clear_pages()  # cold: a stored page made stale costs a look at its tags too
        with django_assert_num_queries(DETAIL_QUERIES):
            assert client.get(PLC).status_code == 200
        add_copies(content_copy, first, count)
        first += count
        load(content_copy)
    clear_pages()
    with django_assert_num_queries(DETAIL_QUERIES):
        html = client.get(PLC).text
    assert len(cards(html)) == 8  # the technician and its seven copies; all fit on one page


def test_a_page_of_the_roles_in_queries_that_do_not_depend_on_the_page(
    client, five_roles_with_plc, django_assert_num_queries
):
    for path in (PLC, f"{PLC}?page=2", f"{PLC}?page=3"):
        with django_assert_num_queries(DETAIL_QUERIES):
            assert client.get(path).status_code == 200


def test_the_roles_come_a_page_at_a_time_and_the_page_says_how_many_in_all(
    client, five_roles_with_plc
):
    pages = [client.get(path).text for path in (PLC, f"{PLC}?page=2", f"{PLC}?page=3")]
    assert [cards(html) for html in pages] == [
        five_roles_with_plc[:2],
        five_roles_with_plc[2:4],
        five_roles_with_plc[4:],
    ]
    assert "Showing 1–2 of 5 roles" in roles_section(pages[0])
    assert "Showing 5–5 of 5 roles" in roles_section(pages[2])
    assert 'href="/tools/plc/?page=3"' in pages[0]
    assert 'href="/tools/plc/" rel="prev"' in pages[1]  # page 1 is the address without a number
    assert "page 2 of 3" in pages[1][: pages[1].index("</title>")]
    assert "page 1 of" not in pages[0][: pages[0].index("</title>")]
    # The ladder section shows the ladders of this page's roles only.
    start = pages[0].index('<section id="ladder"')
    ladders = pages[0][start : pages[0].index("</section>", start)]
    assert [f"{title} career ladder" for title in five_roles_with_plc[:2]] == re.findall(
        r"<h3>([^<]*)</h3>", ladders
    )


@pytest.mark.parametrize("page", ["4", "0", "-1", "abc", "2.5"])
def test_a_page_number_that_names_no_page_is_not_found(client, five_roles_with_plc, page):
    # As the role list and the catalog indexes answer it (roles/listing.py).
    assert client.get(f"{PLC}?page={page}").status_code == 404


def test_page_one_by_number_is_the_first_page(client, five_roles_with_plc):
    assert cards(client.get(f"{PLC}?page=1").text) == cards(client.get(PLC).text)


def test_with_the_two_fixture_roles_the_page_is_one_page_as_before(client, loaded):
    html = client.get(PLC).text
    assert "list-count" not in html and 'class="pagination"' not in html
    assert cards(html) == ["Press Technician"]


def test_the_first_page_is_cached(client, five_roles_with_plc):
    assert client.get(PLC)["X-Page-Cache"] == "miss"
    assert client.get(PLC)["X-Page-Cache"] == "hit"


def test_each_page_is_cached_under_its_own_address_once_the_detail_route_keeps_page(
    client, five_roles_with_plc
):
    first = client.get(PLC)
    second = client.get(f"{PLC}?page=2")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "miss")
    again = client.get(f"{PLC}?page=2")
    assert again["X-Page-Cache"] == "hit"
    assert cards(again.text) == five_roles_with_plc[2:4]


def test_each_page_is_cached_under_its_own_address(client, five_roles_with_plc):
    client.get(PLC)
    second = client.get(f"{PLC}?page=2")
    assert second["X-Page-Cache"] == "miss"
    assert cards(second.text) == five_roles_with_plc[2:4]


def test_a_role_edit_makes_stale_only_the_page_that_shows_the_role(client, five_roles_with_plc):
    last = f"{PLC}?page=3"
    for path in (PLC, last):
        assert client.get(path)["X-Page-Cache"] == "miss"
    with as_if_committed():
        role = Role.objects.get(title=five_roles_with_plc[-1])  # alone on the last page
        role.summary = "Keeps the presses greased."
        role.save()
    assert client.get(PLC)["X-Page-Cache"] == "hit"
    assert client.get(last)["X-Page-Cache"] == "miss"
