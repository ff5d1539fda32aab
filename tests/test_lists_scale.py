"""Lists that scale (issue 17): the role list, the catalog indexes, the sitemap and the
admin change lists, a page at a time, in a fixed number of queries however many roles."""

import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.core.cache import caches
from django.http import QueryDict

from roles.canonical import canonical_query
from roles.models import (
    Certification,
    Equivalence,
    LadderRung,
    Role,
    RoleTool,
    Skill,
    Source,
    Tool,
)
from roles.sitemaps import ENTRIES_PER_FILE

from .budgets import CONTENT_VERSION
from .test_pages import count_queries
from .test_seo import SITE

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
FIXTURE_PUBLISHED = 2  # press-helper and press-technician; die-setter is a draft


def add_roles(count, start=0, **figures):
    """count published roles named "Generated role NNN", written without signals."""
    roles = [
        Role(
            slug=f"generated-{number:03d}",
            title=f"Generated role {number:03d}",
            summary=f"A generated role, number {number}.",
            **figures,
        )
        for number in range(start, start + count)
    ]
    Role.objects.bulk_create(roles)
    caches["pages"].clear()  # bulk_create sends no signal, so the page cache cannot know
    return roles


def add_role(slug, **figures):
    role = Role.objects.create(slug=slug, title=slug.replace("-", " ").title(), summary="A role.")
    Role.objects.filter(pk=role.pk).update(**figures)
    caches["pages"].clear()
    return role


def listed_slugs(html):
    return re.findall(r'<h2><a href="/roles/([a-z0-9-]+)/">', html)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response


# --- the role list, a page at a time -----------------------------------------------------


def test_the_role_list_is_split_into_pages_with_a_count_and_links(client, loaded):
    add_roles(30)
    first = get(client, "/roles/").text
    assert len(listed_slugs(first)) == 24
    assert "Showing 1–24 of 32 roles" in first
    assert '<a href="/roles/" aria-label="Page 1" aria-current="page">1</a>' in first
    assert '<a href="/roles/?page=2" rel="next">' in first
    assert 'rel="prev"' not in first

    second = get(client, "/roles/?page=2").text
    assert "Showing 25–32 of 32 roles" in second
    assert '<a href="/roles/?page=2" aria-label="Page 2" aria-current="page">2</a>' in second
    # Back to page 1 is the list's own address, never ?page=1.
    assert '<a href="/roles/" rel="prev">' in second and "page=1" not in second
    assert 'rel="next"' not in second
    # Every published role once, across the pages, in name order.
    slugs = listed_slugs(first) + listed_slugs(second)
    titles = dict(Role.objects.values_list("slug", "title"))
    assert [titles[slug] for slug in slugs] == sorted(
        Role.objects.published().values_list("title", flat=True)
    )
    assert "<title>All roles, page 2 of 2 · Manufacturing career guide</title>" in second


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "2.5", "١"])
def test_a_page_number_that_names_no_page_is_a_404(client, loaded, page):
    add_roles(30)
    assert "We could not find that page" in get(client, f"/roles/?page={page}", 404).text


def test_a_short_list_has_no_page_links(client, loaded):
    html = get(client, "/roles/").text
    assert "2 roles" in html and "Showing" not in html
    assert 'class="pagination"' not in html


def test_page_links_keep_the_filters_and_the_sort(client, loaded):
    add_roles(30, median_pay=Decimal(30000), median_pay_currency="USD", median_pay_period="year")
    html = get(client, "/roles/?sort=pay&pay=under-40k").text
    assert "Showing 1–24 of 31 roles matching your choices" in html  # the helper earns 33,000
    assert '<a href="/roles/?pay=under-40k&amp;sort=pay&amp;page=2" rel="next">' in html
    second = get(client, "/roles/?pay=under-40k&sort=pay&page=2").text
    assert '<a href="/roles/?pay=under-40k&amp;sort=pay" rel="prev">' in second


# --- the filters and the sort ----------------------------------------------------------------


EDUCATION = {
    "no-credential": "No formal educational credential",
    "diploma": "High school diploma or equivalent; many prefer post-secondary training",
    "award": "Postsecondary nondegree award",
    "associate": "Associate's degree",
    "bachelor": "Bachelor's degree in engineering",
    "unsaid": "Varies by employer",
}


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("none", {"no-credential"}),
        ("high-school", {"no-credential", "diploma", "press-helper", "press-technician"}),
        ("certificate", {"no-credential", "diploma", "award", "press-helper", "press-technician"}),
        ("bachelor", set(EDUCATION) - {"unsaid"} | {"press-helper", "press-technician"}),
    ],
)
def test_education_filter_keeps_roles_needing_at_most_that_level(client, loaded, choice, expected):
    for slug, words in EDUCATION.items():
        add_role(slug, typical_education=words)
    html = get(client, f"/roles/?education={choice}").text
    assert set(listed_slugs(html)) == expected
    assert f'<option value="{choice}" selected>' in html


MEDIANS = {
    "yearly-30k": (30000, "USD", "year"),
    "hourly-20": (20, "USD", "hour"),  # 41,600 a year at 2,080 hours
    "monthly-4k": (4000, "USD", "month"),  # 48,000
    "yearly-70k": (70000, "USD", "year"),
    "yearly-90k": (90000, "USD", "year"),
    "in-euros": (30000, "EUR", "year"),
}


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        ("under-40k", {"yearly-30k", "press-helper"}),  # the helper's median is $33,000
        ("40k-55k", {"hourly-20", "monthly-4k"}),
        ("55k-70k", {"press-technician"}),  # $56,000; 70,000 is the next band's
        ("70k-85k", {"yearly-70k"}),
        ("85k-plus", {"yearly-90k"}),
    ],
)
def test_pay_filter_reads_the_median_as_a_yearly_dollar_figure(client, loaded, band, expected):
    for slug, (amount, currency, period) in MEDIANS.items():
        add_role(
            slug,
            median_pay=Decimal(amount),
            median_pay_currency=currency,
            median_pay_period=period,
        )
    assert set(listed_slugs(get(client, f"/roles/?pay={band}").text)) == expected


GROWTH = {"falling": "-3", "flat": "0", "slow": "4.9", "fast": "5", "unknown": None}


@pytest.mark.parametrize(
    ("outlook", "expected"),
    [
        ("shrinking", {"falling"}),
        ("under-5", {"flat", "slow", "press-technician"}),  # the technician's +2%
        ("5-plus", {"fast"}),
    ],
)
def test_outlook_filter_reads_the_growth_figure(client, loaded, outlook, expected):
    Role.objects.filter(slug="press-helper").update(growth_percent=None)
    for slug, percent in GROWTH.items():
        add_role(slug, growth_percent=Decimal(percent) if percent else None)
    assert set(listed_slugs(get(client, f"/roles/?outlook={outlook}").text)) == expected


def test_filters_combine(client, loaded):
    add_role("both", typical_education="High school diploma", growth_percent=Decimal(7))
    add_role("school-only", typical_education="High school diploma", growth_percent=Decimal(1))
    html = get(client, "/roles/?education=high-school&outlook=5-plus").text
    assert listed_slugs(html) == ["both"]
    assert "1 role matching your choices" in html


def test_sorts_by_pay_and_by_outlook_with_the_unknown_last(client, loaded):
    add_role("top-pay", median_pay=Decimal(99000), median_pay_currency="USD",
             median_pay_period="year", growth_percent=Decimal(-1))  # fmt: skip
    add_role("no-figures")
    by_pay = listed_slugs(get(client, "/roles/?sort=pay").text)
    assert by_pay == ["top-pay", "press-technician", "press-helper", "no-figures"]
    Role.objects.filter(slug="press-helper").update(growth_percent=Decimal("0.5"))
    caches["pages"].clear()
    by_outlook = listed_slugs(get(client, "/roles/?sort=outlook").text)
    assert by_outlook == ["press-technician", "press-helper", "top-pay", "no-figures"]
    by_name = listed_slugs(get(client, "/roles/?sort=name").text)
    assert by_name == ["no-figures", "press-helper", "press-technician", "top-pay"]
    assert 'value="pay" checked' in get(client, "/roles/?sort=pay").text


def test_the_form_is_plain_html_with_labels_and_legends(client, loaded):
    html = get(client, "/roles/").text
    start = html.index('<form class="list-form"')
    form = html[start : html.index("</form>", start)]
    assert 'method="get" action="/roles/"' in form
    assert form.count("<fieldset") == 2 and "<legend>Narrow the list</legend>" in form
    assert "<legend>Sort by</legend>" in form
    for param in ("education", "pay", "outlook"):
        assert f'<label for="list-{param}">' in form and f'id="list-{param}" name="{param}"' in form
    assert not re.search(r'<script(?! type="application/ld\+json")', html)  # data, not code


def test_an_empty_result_says_which_filter_to_loosen(client, loaded):
    url = "/roles/?education=high-school&pay=85k-plus&outlook=under-5"
    html = get(client, url).text
    assert listed_slugs(html) == []
    assert "No role matches all of your choices. Loosen one of them:" in html
    loosen = html[html.index('<div class="list-empty">') :]
    # Without the pay band both fixture roles match (high school, growth under 5% or unknown).
    first = re.search(
        r"<li><a href=\"([^\"]+)\">Drop “([^”]+)” for ([a-z ]+)</a>: ([^<]+)</li>", loosen
    )
    assert first.groups() == (
        "/roles/?education=high-school&amp;outlook=under-5",
        "$85,000 or more",
        "median pay",
        "1 role matches without it.",
    )
    assert "still no role without it." in loosen


def test_an_unknown_value_is_a_400_that_says_so_at_the_field(client, loaded):
    response = get(client, "/roles/?pay=a-lot&education=high-school", 400)
    html = response.text
    assert "“a-lot” is not one of the choices for median pay" in html
    assert 'aria-describedby="list-pay-hint list-pay-problem"' in html
    assert '<a href="#list-pay">' in html
    # The rest of the form keeps what was chosen; no list is shown.
    assert '<option value="high-school" selected>' in html
    assert listed_slugs(html) == []
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    # Said in the summary at the top, and again at the field.
    assert get(client, "/roles/?sort=price", 400).text.count("is not one of the choices") == 2
    assert (
        "Choose one value for “pay”" in get(client, "/roles/?pay=under-40k&pay=85k-plus", 400).text
    )


def test_blank_and_repeated_values_are_no_choice_at_all(client, loaded):
    html = get(client, "/roles/?education=&pay=&outlook=&sort=name").text
    assert set(listed_slugs(html)) == {"press-helper", "press-technician"}
    assert "matching your choices" not in html
    twice = get(client, "/roles/?pay=under-40k&pay=under-40k").text
    assert listed_slugs(twice) == ["press-helper"]


# --- one address per page, in the page cache ---------------------------------------------


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("", ""),
        ("page=1", ""),
        ("page=01&sort=name&education=&utm_source=mail", ""),
        ("sort=pay&pay=under-40k&page=2", "pay=under-40k&sort=pay&page=2"),
        ("outlook=5-plus&education=none&page=002", "education=none&outlook=5-plus&page=2"),
        # Kept, not dropped: the page answers 400/404, never the unfiltered list.
        ("pay=a-lot", "pay=a-lot"),
        ("page=abc", "page=abc"),
    ],
)
def test_the_role_lists_canonical_query(query, canonical):
    assert canonical_query("roles:list", QueryDict(query)) == canonical


def test_each_page_and_choice_is_cached_under_its_own_address(client, loaded):
    add_roles(30)
    assert get(client, "/roles/")["X-Page-Cache"] == "miss"
    for same in ["/roles/?page=1", "/roles/?sort=name&utm_source=x", "/roles/?education=&page=01"]:
        assert get(client, same)["X-Page-Cache"] == "hit", same
    assert get(client, "/roles/?page=2")["X-Page-Cache"] == "miss"
    assert get(client, "/roles/?page=2&fbclid=1")["X-Page-Cache"] == "hit"
    assert get(client, "/roles/?sort=pay")["X-Page-Cache"] == "miss"
    assert get(client, "/roles/?outlook=5-plus")["X-Page-Cache"] == "miss"
    assert get(client, "/roles/?outlook=5-plus&sort=name")["X-Page-Cache"] == "hit"
    # A bad value is never answered from the unfiltered list's entry.
    assert get(client, "/roles/?pay=a-lot", 400)["X-Page-Cache"] == "miss"
    assert get(client, "/roles/?page=9", 404)["X-Page-Cache"] == "miss"


def test_page_one_has_one_canonical_address(client, loaded):
    html = get(client, "/roles/?page=1&sort=name&utm_source=x").text
    assert f'<link rel="canonical" href="{SITE}/roles/">' in html
    filtered = get(client, "/roles/?sort=pay&pay=under-40k&page=1").text
    assert f'<link rel="canonical" href="{SITE}/roles/?pay=under-40k&amp;sort=pay">' in filtered


# --- query counts as the roles double ------------------------------------------------------

LIST_URLS = [
    "/roles/",
    "/roles/?page=2",
    "/roles/?education=high-school&sort=pay",
    "/roles/?pay=under-40k&outlook=under-5&sort=outlook",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_a_list_page_costs_one_query_however_many_roles(
    client, loaded, django_assert_num_queries, url
):
    figures = {
        "typical_education": "High school diploma",
        "median_pay": Decimal(30000),
        "median_pay_currency": "USD",
        "median_pay_period": "year",
        "growth_percent": Decimal(1),
    }
    add_roles(26, **figures)  # past one page, so ?page=2 is a page
    for start in (26, 29):  # 3 roles more, then 6
        add_roles(3, start=start, **figures)
        with django_assert_num_queries(1 + CONTENT_VERSION):
            assert client.get(url).status_code == 200
        caches["pages"].clear()


def test_an_empty_result_costs_one_query_more(client, loaded, django_assert_num_queries):
    for start in (0, 3):
        add_roles(3, start=start)
        with django_assert_num_queries(2 + CONTENT_VERSION):
            assert "Loosen" in client.get("/roles/?pay=85k-plus&education=none").text
        caches["pages"].clear()


# --- catalog indexes ---------------------------------------------------------------------


def add_tools(count, category="machinery"):
    Tool.objects.bulk_create(
        Tool(key=f"gen-tool-{n:03d}", name=f"Generated tool {n:03d}", category=category)
        for n in range(count)
    )
    caches["pages"].clear()


def test_a_catalog_index_is_split_into_pages_with_its_groups_on_every_page(client, loaded):
    add_tools(70)
    total = Tool.objects.public().count()
    first = get(client, "/tools/").text
    assert f"Showing 1–60 of {total} tools" in first
    assert '<a href="/tools/?page=2" rel="next">' in first
    assert len(re.findall(r'<li><a href="/tools/[a-z0-9-]+/">', first)) == 60
    second = get(client, "/tools/?page=2").text
    assert f"Showing 61–{total} of {total} tools" in second
    assert '<a href="/tools/" rel="prev">' in second
    # The contents name every group: those that start on page 1 link there.
    assert '<a href="/tools/#group-machinery">Machinery and lines</a>' in second
    later = Tool.Category.choices[-1]
    if Tool.objects.filter(category=later[0]).exists():
        assert f'<a href="#group-{later[0]}">{later[1]}</a>' in second
    # A group that runs on from page 1 says so.
    assert re.search(
        r'<h2 id="group-[a-z-]+">[^<]+ <span class="muted">\(continued\)</span>', second
    )
    shown = re.findall(r'<li><a href="(/tools/[a-z0-9-]+/)">', first + second)
    assert sorted(shown) == sorted(tool.get_absolute_url() for tool in Tool.objects.public())
    assert get(client, "/tools/?page=3", 404)
    assert get(client, "/tools/?page=1")["X-Page-Cache"] == "hit"


def test_a_record_many_roles_need_names_three_and_counts_the_rest(client, loaded):
    plc = Tool.objects.get(key="plc")  # the technician's, and on its ladder
    roles = add_roles(5)
    RoleTool.objects.bulk_create(
        RoleTool(role=role, tool=plc, position=0)
        for role in Role.objects.filter(slug__in=[r.slug for r in roles])
    )
    rung = LadderRung.objects.create(
        role=Role.objects.get(slug="press-helper"), position=9, key="x", title="X"
    )
    rung.tools.add(plc)  # a role that names it on its ladder only counts too
    caches["pages"].clear()
    html = get(client, "/tools/").text
    entry = html[html.index('href="/tools/plc/"') :]
    entry = entry[: entry.index("</li>")]
    first_three = "Generated role 000, Generated role 001, Generated role 002"
    assert entry.endswith(f"Needed by {first_three} and 4 more roles</span>")


@pytest.mark.parametrize(
    ("url", "model"),
    [("/tools/", Tool), ("/skills/", Skill), ("/certifications/", Certification)],
)
def test_catalog_index_pages_cost_the_same_queries_as_records_double(
    client, loaded, django_assert_num_queries, url, model
):
    extra = {Tool: {"category": "software"}, Skill: {"kind": "soft"}, Certification: {}}[model]
    for start in (0, 61):  # past one page, then twice as many
        model.objects.bulk_create(
            model(key=f"gen-{n:03d}", name=f"Generated {n:03d}", **extra)
            for n in range(start, start + 61)
        )
        caches["pages"].clear()
        for page in (url, f"{url}?page=2"):
            # The page's records with their counts, then their roles' links and rungs.
            with django_assert_num_queries(3 + CONTENT_VERSION):
                assert client.get(page).status_code == 200
            caches["pages"].clear()


# --- the sitemap: an index of files, each a page of a section ---------------------------------


def locations(client, path, where):
    root = ElementTree.fromstring(get(client, path).content)
    return [loc.text.removeprefix(SITE) for loc in root.iterfind(where, NS)]


def test_the_sitemap_is_an_index_of_its_sections(client, loaded):
    files = locations(client, "/sitemap.xml", "s:sitemap/s:loc")
    assert files == [
        "/sitemap-pages.xml",
        "/sitemap-roles.xml",
        "/sitemap-job-descriptions.xml",
        "/sitemap-data.xml",
    ]
    roles = locations(client, "/sitemap-roles.xml", "s:url/s:loc")
    assert "/roles/press-technician/pay/" in roles
    assert "Sitemap: http://testserver/sitemap.xml" in get(client, "/robots.txt").text
    get(client, "/sitemap-nothing.xml", 404)


def test_a_section_that_grows_is_split_into_pages(client, loaded):
    from roles.role_pages import ALL_PAGES

    per_role = len(ALL_PAGES)
    add_roles(ENTRIES_PER_FILE // per_role + 1 - FIXTURE_PUBLISHED)
    entries = (Role.objects.published().count()) * per_role
    assert entries > ENTRIES_PER_FILE
    files = locations(client, "/sitemap.xml", "s:sitemap/s:loc")
    assert "/sitemap-roles.xml?p=2" in files and "/sitemap-roles.xml?p=3" not in files
    first = locations(client, "/sitemap-roles.xml", "s:url/s:loc")
    second = locations(client, "/sitemap-roles.xml?p=2", "s:url/s:loc")
    assert len(first) == ENTRIES_PER_FILE and len(second) == entries - ENTRIES_PER_FILE
    assert not set(first) & set(second)
    # Page 1 has one address; a page past the end is a 404.
    assert get(client, "/sitemap-roles.xml?p=1")["X-Page-Cache"] == "hit"
    assert get(client, "/sitemap-roles.xml?p=2&utm_source=x")["X-Page-Cache"] == "hit"
    get(client, "/sitemap-roles.xml?p=3", 404)


def test_sitemap_files_cost_the_same_queries_as_roles_double(client, loaded):
    add_roles(40)
    Role.objects.filter(slug__startswith="generated-").update(last_reviewed=None)
    files = ["/sitemap.xml", *locations(client, "/sitemap.xml", "s:sitemap/s:loc")]
    before = [count_queries(client, path) for path in files]
    add_roles(40, start=40)
    assert [count_queries(client, path) for path in files] == before


# --- admin change lists -------------------------------------------------------------------

CHANGELISTS = ["role", "tool", "skill", "certification", "source", "equivalence"]


def add_records(model_name, count, start):
    if model_name == "role":
        add_roles(count, start=start)
        return
    if model_name == "equivalence":  # each named after its members, of every kind
        for position in range(start, start + count):
            equivalence = Equivalence.objects.create(position=100 + position)
            equivalence.tools.set(Tool.objects.all()[:2])
            equivalence.skills.set(Skill.objects.all()[:1])
            equivalence.certifications.set(Certification.objects.all()[:1])
        return
    model = {"tool": Tool, "skill": Skill, "certification": Certification, "source": Source}[
        model_name
    ]
    extra = {
        "tool": {"category": "software"},
        "skill": {"kind": "soft"},
        "certification": {},
        "source": {"title": "Generated source", "publisher": "Nobody"},
    }[model_name]
    names = {} if model_name == "source" else {"name": "Generated"}
    model.objects.bulk_create(
        model(key=f"gen-{n:03d}", **names, **extra) for n in range(start, start + count)
    )


@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_an_admin_change_list_costs_the_same_queries_as_rows_double(
    admin_client, loaded, model_name
):
    url = f"/admin/roles/{model_name}/"
    counts = []
    for start, count in ((0, 3), (3, 3)):  # 3 rows more, then 6
        add_records(model_name, count, start)
        counts.append(count_queries(admin_client, url))
    assert counts[0] == counts[1], counts
