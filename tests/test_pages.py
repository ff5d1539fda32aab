"""The public pages: status, every section, and a fixed number of queries."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles import role_pages
from roles.models import (
    FAQ,
    Comparison,
    EducationOption,
    EntryStep,
    GlobalPay,
    OccupationCode,
    PayDistribution,
    ProCon,
    RelatedCareer,
    Responsibility,
    Role,
    SalaryBand,
    TopEmployer,
)

from .budgets import CONTENT_VERSION

# The full profile, the costliest page: one query for the role (its prose
# sections included), one per item list (each with the sources, rungs and roles
# it names; the ladder with the ladders it joins on the career path), and one for
# the citations of every list at once. A profile with every part filled in costs
# this many, whatever its length (tests/test_role_page_queries.py has each page's).
ROLE_PAGE_MAX_QUERIES = 19 + CONTENT_VERSION

# Every section a page can have: the technician has them all, the helper some.
ALL_SECTION_IDS = [
    "key-facts", "overview", "occupation-codes", "responsibilities", "work-setting",
    "work-life", "tools", "skills", "education", "certifications", "getting-started",
    "pay", "pay-factors", "ladder", "global-outlook", "market-reality", "role-challenges",
    "growth-paths", "industry-trends", "diversity", "remote-work", "visas", "portfolio",
    "pros-cons", "faqs", "related", "employers", "sources",
]  # fmt: skip
SECTION_IDS = {
    "press-technician": ALL_SECTION_IDS,
    "press-helper": [
        "key-facts", "overview", "occupation-codes", "responsibilities", "work-setting",
        "work-life", "tools", "skills", "education", "certifications", "getting-started",
        "pay", "pay-factors", "ladder", "global-outlook", "role-challenges", "growth-paths",
        "industry-trends", "remote-work", "portfolio", "pros-cons", "faqs",
        "related", "sources",
    ],
}  # fmt: skip


def test_home_presents_the_published_roles(client, loaded):
    response = client.get("/")
    assert response.status_code == 200
    for role in Role.objects.filter(status=Role.Status.PUBLISHED):
        assert role.get_absolute_url() in response.text
        assert role.summary in response.text
    draft = Role.objects.get(status=Role.Status.DRAFT)
    assert draft.get_absolute_url() not in response.text


def test_role_list_shows_summary_pay_range_and_education(client, loaded):
    response = client.get("/roles/")
    assert response.status_code == 200
    assert "$41,000–$77,000+/yr" in response.text
    assert "$24,000–$52,000/yr" in response.text
    for role in Role.objects.filter(status=Role.Status.PUBLISHED):
        assert role.summary in response.text
        assert role.typical_education in response.text


@pytest.mark.parametrize("slug", sorted(SECTION_IDS))
def test_full_profile_shows_every_section_with_a_toc_link(client, loaded, slug):
    response = client.get(f"/roles/{slug}/full/")
    assert response.status_code == 200
    html = response.text
    for anchor in SECTION_IDS[slug]:
        assert f'<section id="{anchor}"' in html, anchor
        assert f'href="#{anchor}"' in html, anchor
    # A section with nothing in it is left out, and so is its link.
    for anchor in set(ALL_SECTION_IDS) - set(SECTION_IDS[slug]):
        assert f'<section id="{anchor}"' not in html, anchor
        assert f'href="#{anchor}"' not in html, anchor
    assert html.count("<h1") == 1


@pytest.mark.parametrize("slug", sorted(SECTION_IDS))
def test_headings_never_skip_a_level(client, loaded, slug):
    for page in role_pages.ALL_PAGES:
        html = client.get(f"/roles/{slug}/{page.path}").text
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
        assert levels[0] == 1, page.name
        for previous, current in zip(levels, levels[1:], strict=False):
            assert current <= previous + 1, (page.name, previous, current)


def test_every_cited_source_is_listed_on_the_page(client, loaded):
    html = client.get("/roles/press-technician/full/").text
    cited = set(re.findall(r'href="#source-([a-z0-9-]+)"', html))
    listed = set(re.findall(r'<li id="source-([a-z0-9-]+)"', html))
    assert cited and cited <= listed


def test_key_figures_name_their_source_and_date(client, loaded):
    html = client.get("/roles/press-technician/full/").text
    start = html.index('<section id="key-facts"')
    key_facts = html[start : html.index("</section>", start)]
    assert "$56,000" in key_facts
    assert key_facts.count('class="cite"') == 6  # five figures, and the growth figure's yardstick
    assert "March 2024" in key_facts


def test_prose_is_served_from_stored_html(client, loaded):
    role = Role.objects.get(slug="press-helper")
    # update() skips save(), which would render the markdown again.
    role.section_set.filter(kind="overview").update(body_html="<p>stored-html-marker</p>")
    assert "stored-html-marker" in client.get(role.get_absolute_url()).text


def test_unknown_slug_gets_the_sites_own_404(client, loaded):
    response = client.get("/roles/no-such-role/")
    assert response.status_code == 404
    assert "We could not find that page" in response.text
    assert "Manufacturing Career Guide" in response.text


def test_draft_roles_are_hidden_from_the_public(client, loaded):
    # The fixture's own draft, loaded from its file ...
    assert Role.objects.get(slug="die-setter").status == Role.Status.DRAFT
    assert client.get("/roles/die-setter/").status_code == 404
    assert "/roles/die-setter/" not in client.get("/roles/").text
    # ... and a published role made a draft.
    Role.objects.filter(slug="press-helper").update(status=Role.Status.DRAFT)
    caches["pages"].clear()  # update() sends no signal, so the page cache cannot know
    assert client.get("/roles/press-helper/").status_code == 404
    assert "/roles/press-helper/" not in client.get("/roles/").text


def double_every_item(role):
    """Copy each ordered item of a role once, at new positions."""
    for model in (
        OccupationCode, Responsibility, EducationOption, EntryStep, SalaryBand,
        PayDistribution, GlobalPay, ProCon, FAQ, RelatedCareer, Comparison, TopEmployer,
    ):  # fmt: skip
        items = list(model.objects.filter(role=role))
        offset = max(item.position for item in items) + 1 if items else 0
        for item in items:
            item.pk = None
            item.position += offset
            item.save()


def count_queries(client, url):
    """Queries to render url: always a real render, never a page-cache hit."""
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("slug", sorted(SECTION_IDS))
def test_role_page_query_count_does_not_grow_with_items(client, loaded, slug):
    url = f"/roles/{slug}/"
    before = count_queries(client, url)
    items_before = Responsibility.objects.filter(role__slug=slug).count()
    double_every_item(Role.objects.get(slug=slug))
    assert Responsibility.objects.filter(role__slug=slug).count() == 2 * items_before
    assert count_queries(client, url) == before <= ROLE_PAGE_MAX_QUERIES


def test_full_role_page_query_budget(client, loaded, django_assert_num_queries):
    with django_assert_num_queries(ROLE_PAGE_MAX_QUERIES):
        client.get("/roles/press-technician/full/")


def test_list_pages_have_fixed_query_counts(client, loaded, django_assert_num_queries):
    with django_assert_num_queries(1 + CONTENT_VERSION):
        client.get("/")
    with django_assert_num_queries(1 + CONTENT_VERSION):
        client.get("/roles/")


EVERY_PAGE_TYPE = [
    "/",
    "/roles/",
    "/roles/press-technician/",
    "/search/?q=forklift",
    "/compare/?roles=press-helper,press-technician",
    "/skills-check/?skills=fault-finding",
    "/tools/",
    "/tools/plc/",
    "/skills/",
    "/skills/fault-finding/",
    "/certifications/",
    "/certifications/press-safety-bronze/",
    "/roles/no-such-role/",
]


@pytest.mark.parametrize("url", EVERY_PAGE_TYPE)
def test_every_page_has_title_description_breadcrumbs_and_no_script(client, loaded, url):
    html = client.get(url).content.decode()
    title = re.search(r"<title>([^<]+)</title>", html).group(1)
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert len(title) > 15 and "Manufacturing career guide" in title
    assert len(description) > 30
    assert 'class="breadcrumbs' in html and 'aria-current="page"' in html
    # Reading and using a page never depends on JavaScript.
    # The only scripts are JSON-LD data blocks, which browsers never run.
    assert set(re.findall(r"<script[^>]*>", html)) == {'<script type="application/ld+json">'}
    assert 'media="print"' in html
