"""Link previews, structured data, permalinks and open data."""

import json
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from roles.models import (
    Certification,
    Responsibility,
    Role,
    Skill,
    Source,
    Tool,
)

from .budgets import CONTENT_VERSION
from .test_pages import EVERY_PAGE_TYPE, count_queries, double_every_item
from .xss import executable_markup

SITE = "http://testserver"
TITLE_SUFFIX = " · Manufacturing career guide"
ROLE_SLUGS = ["press-helper", "press-technician"]
PAGES = [
    *EVERY_PAGE_TYPE,
    "/roles/press-helper/",
    "/about/data/",
    "/roles/press-technician/job-description/?level=junior",
]
BREAKOUT = "</script><script>alert(1)</script>"


class PageHead(HTMLParser):
    """The parts of a page that link previews, crawlers and the breadcrumb trail read."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta = {}  # property or name -> content
        self.canonical = []
        self.json_ld = []
        self.crumbs = []  # (text, href or None)
        self._in = None
        self._crumb_depth = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "title":
            self._in = "title"
        elif tag == "meta" and ("property" in attributes or "name" in attributes):
            key = attributes.get("property") or attributes["name"]
            self.meta[key] = attributes.get("content")
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.canonical.append(attributes["href"])
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._in = "json_ld"
            self.json_ld.append("")
        elif tag == "nav" and "breadcrumbs" in (attributes.get("class") or ""):
            self._crumb_depth = 1
        elif self._crumb_depth and tag == "li":
            self.crumbs.append(["", None])
        elif self._crumb_depth and tag == "a":
            self.crumbs[-1][1] = attributes["href"]

    def handle_endtag(self, tag):
        if tag in ("title", "script"):
            self._in = None
        elif tag == "nav":
            self._crumb_depth = 0

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "json_ld":
            self.json_ld[-1] += data
        elif self._crumb_depth and self.crumbs:
            self.crumbs[-1][0] += data.strip()

    def structured(self, type_name):
        return [data for data in map(json.loads, self.json_ld) if data["@type"] == type_name]


def head_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    html = response.content.decode()
    # A profile describes an occupation; it is never a vacancy.
    assert "JobPosting" not in html
    return PageHead(html)


def status_of(url):
    return 404 if "no-such-role" in url else 200


# --- canonical URL, Open Graph, Twitter card -------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_one_canonical_url_and_matching_preview_tags(client, loaded, url):
    head = head_of(client, url, status_of(url))
    assert len(head.canonical) == 1
    canonical = head.canonical[0]
    assert canonical.startswith(f"{SITE}/") and urlsplit(canonical).path == urlsplit(url).path
    meta = head.meta
    assert meta["og:url"] == canonical
    assert meta["og:site_name"] == "Manufacturing Career Guide"
    about_one_role = re.match(r"^/roles/[a-z-]+/", url) and status_of(url) == 200
    assert meta["og:type"] == ("article" if about_one_role else "website")
    assert meta["og:title"] == head.title.removesuffix(TITLE_SUFFIX) == meta["twitter:title"]
    assert TITLE_SUFFIX not in meta["og:title"] and len(meta["og:title"]) > 5
    assert meta["og:description"] == meta["description"] == meta["twitter:description"]
    # A role's profile pages carry its preview image, drawn by the app.
    profile_page = about_one_role and "job-description" not in url
    assert meta["twitter:card"] == ("summary_large_image" if profile_page else "summary")
    assert ("og:image" in meta) == bool(profile_page)


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/roles/press-technician/?utm_source=mail", "/roles/press-technician/"),
        ("/search/?q=forklift&page=2&utm_source=mail", "/search/?q=forklift"),
        ("/search/?q=quality+inspection", "/search/?q=quality+inspection"),
        (
            "/compare/?roles=press-helper,press-technician&ref=home",
            "/compare/?roles=press-helper,press-technician",
        ),
        (
            "/skills-check/?tools=plc&skills=teamwork&skills=fault-finding&x=1",
            "/skills-check/?skills=fault-finding&skills=teamwork&tools=plc",
        ),
        (
            "/roles/press-technician/job-description/?level=junior&print=1",
            "/roles/press-technician/job-description/?level=junior",
        ),
        ("/tools/plc/?from=search", "/tools/plc/"),
    ],
)
def test_canonical_url_keeps_only_the_parameters_that_change_the_page(
    client, loaded, url, canonical
):
    assert head_of(client, url).canonical == [SITE + canonical]


def test_a_skills_check_ticked_in_another_order_has_the_same_canonical_url(client, loaded):
    first = head_of(client, "/skills-check/?skills=teamwork&skills=fault-finding")
    second = head_of(client, "/skills-check/?skills=fault-finding&skills=teamwork")
    assert first.canonical == second.canonical


def test_a_role_summary_is_its_preview_description(client, loaded):
    role = Role.objects.get(slug="press-technician")
    meta = head_of(client, role.get_absolute_url()).meta
    assert meta["og:description"] == role.summary
    assert meta["og:title"] == f"{role.title}: what the job is, pay and how to start"


# --- JSON-LD: nothing a page holds breaks out of its data block ------------------
# (What the Occupation and the breadcrumb trail state: tests/test_structured_data.py.)


def test_a_summary_cannot_break_out_of_the_data_block(client, loaded):
    payload = f"{BREAKOUT} & <!-- -->"
    Role.objects.filter(slug="press-technician").update(summary=payload)
    html = client.get("/roles/press-technician/").content.decode()
    assert BREAKOUT not in html
    assert executable_markup(html) == []
    [occupation] = PageHead(html).structured("Occupation")
    assert occupation["description"] == payload
    assert PageHead(html).meta["og:description"] == payload


def test_a_search_query_cannot_break_out_of_the_breadcrumb_data(client, loaded):
    html = client.get("/search/", {"q": BREAKOUT}).content.decode()
    assert BREAKOUT not in html and executable_markup(html) == []
    [trail] = PageHead(html).structured("BreadcrumbList")
    assert BREAKOUT in trail["itemListElement"][-1]["name"]


# --- robots.txt (what the sitemap lists and its dates: tests/test_structured_data.py) ---


def test_robots_txt_points_to_the_sitemap_and_keeps_editors_out(client, loaded):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert {"Disallow: /admin/", "Disallow: /markdownx/"} <= set(lines)
    assert "Disallow: /" not in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


# --- /roles/<slug>.json -------------------------------------------------------------


def role_data(client, slug):
    response = client.get(f"/roles/{slug}.json")
    assert response.status_code == 200
    return response, json.loads(response.content)


@pytest.mark.parametrize("slug", ROLE_SLUGS)
def test_role_json_is_the_whole_profile(client, loaded, slug):
    response, data = role_data(client, slug)
    role = Role.objects.get(slug=slug)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "JobPosting" not in response.content.decode()
    assert response.content.decode().startswith('{\n  "url"')  # indented for people too
    assert data["url"] == f"{SITE}/roles/{slug}.json"
    assert data["page"] == f"{SITE}/roles/{slug}/"
    assert "CC BY 4.0" in data["license"]["name"]
    assert "USDOL/ETA" in data["attribution"]["onet"]
    profile = data["profile"]
    assert profile["title"] == role.title
    assert len(profile["responsibilities"]) == Responsibility.objects.filter(role=role).count()
    assert [r["text"] for r in profile["responsibilities"]] == [
        r.text for r in role.responsibility_set.all()
    ]
    assert set(data["sections"]) == set(role.section_set.values_list("kind", flat=True))


def test_role_json_money_is_numbers_and_dates_are_partial_dates(client, loaded):
    _, data = role_data(client, "press-helper")
    facts = data["profile"]["key_facts"]
    assert facts["median_pay"] == {
        "amount": 33000, "currency": "USD", "period": "year",
        "note": "The helper series of the state tables.", "source": "state-pay-tables",
        "as_of": "2023-05",
    }  # fmt: skip
    hourly = data["profile"]["pay_distributions"][1]
    assert (hourly["p10"], hourly["p75"], hourly["p90"]) == (11.5, 19.7, 25)


def references(value, field):
    if isinstance(value, dict):
        found = {value[field]} if value.get(field) else set()
        return found.union(*(references(item, field) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(references(item, field) for item in value))
    return set()


def bare_citations(value):
    if isinstance(value, dict):
        found = {entry for entry in value.get("sources", []) if isinstance(entry, str)}
        return found.union(*(bare_citations(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(bare_citations(item) for item in value))
    return set()


@pytest.mark.parametrize("slug", ROLE_SLUGS)
def test_role_json_resolves_every_source_and_catalog_key(client, loaded, slug):
    _, data = role_data(client, slug)
    profile = data["profile"]
    sources = {source["key"]: source for source in data["sources"]}
    # A figure's source, an item's citations (bare keys, or mappings with a note).
    cited = set().union(
        *(references(profile, field) for field in ("source", "share_source", "pay_source")),
        *(references(profile, field) for field in ("cost_source", "education_source")),
        {key for key in bare_citations(profile)},
    )
    assert set(sources) == cited
    for source in Source.objects.filter(key__in=sources):
        assert sources[source.key]["title"] == source.title
        assert sources[source.key]["publisher"] == source.publisher
        assert sources[source.key]["url"] == (source.url or None)
    for list_name, field in [("tools", "tool"), ("skills", "skill"),
                             ("certifications", "certification")]:  # fmt: skip
        named = {item[field] for item in profile[list_name]}
        named |= {key for rung in profile["ladder"] for key in rung[list_name]}
        records = {record["key"]: record["name"] for record in data[list_name]}
        assert set(records) == named, list_name
        model = {"tools": Tool, "skills": Skill, "certifications": Certification}[list_name]
        assert records == dict(model.objects.filter(key__in=named).values_list("key", "name"))


def test_draft_role_json_is_not_found(client, loaded):
    assert client.get("/roles/die-setter.json").status_code == 404
    Role.objects.filter(slug="press-helper").update(status=Role.Status.DRAFT)
    assert client.get("/roles/press-helper.json").status_code == 404
    assert client.get("/roles/no-such-role.json").status_code == 404


def test_renamed_role_json_redirects_in_one_step_after_two_renames(client, loaded):
    role = Role.objects.get(slug="press-technician")
    for slug in ("stamping-technician", "line-technician"):
        role.slug = slug
        role.save()
    for old in ("press-technician", "stamping-technician"):
        response = client.get(f"/roles/{old}.json")
        assert response.status_code == 301
        assert response["Location"] == "/roles/line-technician.json"
    _, data = role_data(client, "line-technician")
    assert data["profile"]["slug"] == "line-technician"


@pytest.mark.parametrize("slug", ROLE_SLUGS)
def test_role_json_query_count_does_not_grow_with_items(client, loaded, slug):
    url = f"/roles/{slug}.json"
    before = count_queries(client, url)
    double_every_item(Role.objects.get(slug=slug))
    assert count_queries(client, url) == before
    # The export queryset (one query per prefetched relation, the rung fits of five
    # lists and the old slugs among them), one per kind of record, then the
    # equivalences and their three kinds of member.
    assert before <= 46 + 4 + CONTENT_VERSION


# --- /about/data/ ---------------------------------------------------------------------


def test_about_data_explains_the_format_licence_and_attribution(client, loaded):
    html = client.get("/about/data/").content.decode()
    for slug in ROLE_SLUGS:
        assert f'href="/roles/{slug}.json"' in html
    assert (
        "O*NET OnLine, U.S. Department of Labor, Employment and Training Administration "
        "(USDOL/ETA), used under CC BY 4.0"
    ) in html
    assert "nothing else from O*NET" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in html
    for words in ("content/README.md", "versioned source", "YYYY-MM-DD", "ISO 4217"):
        assert words in html, words
    assert html.count("<h1") == 1


def test_about_data_example_has_the_real_files_keys(client, loaded):
    html = client.get("/about/data/").content.decode()
    example = json.loads(unescape(re.search(r"<code>(\{.*?\})</code>", html, re.S).group(1)))
    _, real = role_data(client, "press-helper")
    assert set(example) == set(real)
    assert set(example["profile"]) <= set(real["profile"])
    for list_name in ("sources", "tools", "skills", "certifications"):
        assert set(example[list_name][0]) <= set(real[list_name][0])


def test_about_data_costs_one_query(client, loaded, django_assert_num_queries):
    with django_assert_num_queries(1 + CONTENT_VERSION):
        assert client.get("/about/data/").status_code == 200


def test_every_page_footer_links_to_about_the_data(client, loaded):
    for url in ("/", "/roles/press-technician/", "/roles/no-such-role/"):
        assert 'href="/about/data/"' in client.get(url).content.decode()
