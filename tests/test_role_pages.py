"""A role's profile as several short pages, one per question, each at a fixed URL."""

import re

import pytest

from roles import role_pages
from roles.models import Role

from .budgets import CONTENT_VERSION
from .test_pages import ROLE_PAGE_MAX_QUERIES

pytestmark = pytest.mark.django_db

SLUGS = ["press-technician", "press-helper"]
PAGE_PATHS = [page.path for page in role_pages.ALL_PAGES]


def url(slug, page):
    return f"/roles/{slug}/{page.path}"


def test_each_section_is_on_exactly_one_page_and_all_of_them_on_the_full_profile():
    placed = [key for page in role_pages.PAGES for key in page.sections]
    assert len(placed) == len(set(placed))
    assert set(role_pages.FULL.sections) == set(placed)


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("page", role_pages.ALL_PAGES, ids=lambda page: page.name)
def test_every_page_answers_and_marks_itself_in_the_profiles_navigation(client, loaded, slug, page):
    response = client.get(url(slug, page))

    assert response.status_code == 200
    html = response.text
    nav = html[html.index('<nav class="profile-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', nav) == [url(slug, page)]
    assert nav.count("<li>") == len(role_pages.ALL_PAGES)


def test_a_draft_profile_is_not_found_on_any_page(client, loaded):
    for page in role_pages.ALL_PAGES:
        assert client.get(url("die-setter", page)).status_code == 404


def test_a_renamed_role_sends_every_page_to_its_new_address(client, loaded):
    role = Role.objects.get(slug="press-helper")
    role.slug = "press-feeder"
    role.save()
    for page in role_pages.ALL_PAGES:
        response = client.get(url("press-helper", page))
        assert response.status_code == 301
        assert response.url == url("press-feeder", page)


def test_old_section_links_land_on_the_page_that_now_holds_the_section(client, loaded):
    summary = client.get("/roles/press-technician/").text
    for page in role_pages.PAGES[1:]:
        for key in page.sections:
            page_html = client.get(url("press-technician", page)).text
            if f'<section id="{key}"' not in page_html:
                continue  # the fixture role has no such section
            # The id the section had on the one-page profile, on a link to where it went.
            assert re.search(
                rf'<a id="{key}" href="{url("press-technician", page)}#{key}">', summary
            )


def test_the_full_profile_holds_every_section_of_every_page(client, loaded):
    full = client.get(url("press-technician", role_pages.FULL)).text
    for page in role_pages.PAGES[1:]:
        html = client.get(url("press-technician", page)).text
        for key in re.findall(r'<section id="([^"]+)"', html):
            if key != "sources":
                assert f'<section id="{key}"' in full


def test_a_page_lists_just_the_sources_its_notes_link_to(client, loaded):
    html = client.get(url("press-technician", role_pages.BY_NAME["faq"])).text
    listed = set(re.findall(r'<li id="source-([^"]+)"', html))
    linked = set(re.findall(r'href="#source-([^"]+)"', html))
    assert listed == linked
    assert listed  # the FAQ cites its sources


def test_the_summary_puts_quick_facts_first_with_their_sources_in_footnotes(client, loaded):
    html = client.get("/roles/press-technician/").text
    facts = html[
        html.index('<dl id="quick-facts"') : html.index("</dl>", html.index('id="quick-facts"'))
    ]
    assert "Median pay" in facts and "/hr" in facts and "/yr" in facts
    assert 'class="cite"' not in facts  # sources are footnotes, not inline notes
    notes = re.findall(r'<li id="quick-note-(\d+)">', html)
    assert notes and all(f'href="#quick-note-{number}"' in facts for number in notes)


@pytest.mark.parametrize("page", role_pages.ALL_PAGES, ids=lambda page: page.name)
def test_each_page_reads_the_profile_in_a_fixed_number_of_queries(
    client, loaded, django_assert_max_num_queries, page
):
    with django_assert_max_num_queries(ROLE_PAGE_MAX_QUERIES):
        assert client.get(url("press-technician", page)).status_code == 200
    # A second request is the cached page: the content version only.
    with django_assert_max_num_queries(CONTENT_VERSION):
        assert client.get(url("press-technician", page)).status_code == 200


def test_on_the_job_training_is_a_quick_fact_with_its_source(client, loaded):
    html = client.get("/roles/press-helper/").text
    start = html.index('<dl id="quick-facts"')
    facts = html[start : html.index("</dl>", start)]
    assert "On-the-job training" in facts
    assert "A few weeks beside an experienced helper" in facts
    note = re.search(r"On-the-job training.*?#quick-note-(\d+)", facts, re.S).group(1)
    footnote = html[html.index(f'<li id="quick-note-{note}">') :]
    assert 'href="#source-helper-handbook"' in footnote[: footnote.index("</li>")]


def test_growth_is_signed_with_a_true_minus():
    from decimal import Decimal

    from roles.formatting import signed_percent

    assert signed_percent(Decimal("-6")) == "−6%"
    assert signed_percent(Decimal("1")) == "+1%"
    assert signed_percent(Decimal("0")) == "0%"
    assert signed_percent(Decimal("-0.5")) == "−0.5%"


def test_similar_occupations_are_a_table_of_pay_and_education(client, loaded):
    html = client.get("/roles/press-technician/similar/").text
    table = html[html.index('<table class="similar">') : html.index("</table>")]
    headers = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert headers == ["Occupation", "Pay", "Education"]
    die_maker = table[table.index("Tool and Die Maker") :]
    die_maker = die_maker[: die_maker.index("</tr>")]
    assert "$51,000/yr" in die_maker and "An apprenticeship" in die_maker
    # A profiled career links to its profile.
    assert '<a href="/roles/press-helper/">Press Helper</a>' in table


def test_a_profiled_similar_job_shows_its_own_profiles_pay_and_education(client, loaded):
    helper = Role.objects.get(slug="press-helper")
    html = client.get("/roles/press-technician/similar/").text
    row = html[html.index('<a href="/roles/press-helper/">Press Helper</a>') :]
    row = row[: row.index("</tr>")]
    assert f"${helper.median_pay:,.0f}/yr" in row and "median, from its profile" in row
    assert helper.typical_education in row
    assert f'href="#source-{helper.median_pay_source.key}"' in row
