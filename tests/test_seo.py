"""Link previews, structured data, permalinks and open data."""

import json
import re
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from roles.formatting import money
from roles.models import (
    Certification,
    LadderRung,
    OccupationCode,
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
    assert meta["twitter:card"] == "summary"


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
    assert meta["og:title"] == f"{role.title}: duties, skills, pay and career path"


# --- JSON-LD: breadcrumbs on every page -------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_breadcrumb_list_is_the_visible_trail(client, loaded, url):
    head = head_of(client, url, status_of(url))
    [trail] = head.structured("BreadcrumbList")
    items = trail["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(head.crumbs) + 1))
    assert [item["name"] for item in items] == [text for text, _ in head.crumbs]
    # Every linked step points where the visible link does, as an absolute URL ...
    for item, (_, href) in zip(items[:-1], head.crumbs[:-1], strict=True):
        assert item["item"] == SITE + href
    # ... and the last step, shown without a link, is this page.
    assert items[-1]["item"].startswith(SITE)
    assert urlsplit(items[-1]["item"]).path == urlsplit(url).path


def test_search_results_step_points_at_the_results(client, loaded):
    [trail] = head_of(client, "/search/?q=forklift").structured("BreadcrumbList")
    assert trail["itemListElement"][-1] == {
        "@type": "ListItem",
        "position": 3,
        "name": "Results for “forklift”",
        "item": f"{SITE}/search/?q=forklift",
    }


# --- JSON-LD: the occupation on role pages ----------------------------------------


def amount(text):
    """'$56,000' -> Decimal('56000'), as the page prints it."""
    return Decimal(text.lstrip("$").replace(",", ""))


def page_figures(html):
    """The pay figures a role page shows: key facts and each P10-P90 table."""
    facts = html[html.index('id="key-facts"') : html.index('class="toc"')]
    median = re.search(r"<dt>Median pay</dt><dd><strong>(\$[\d,.]+)</strong>/(\w+)", facts)
    span = re.search(r"<dt>Pay range</dt><dd><strong>(\$[\d,.]+)–(\$[\d,.]+)(\+?)</strong>", facts)
    tables = {}
    for label, body in re.findall(
        r"<caption>Pay distribution: (.+?)(?:, United States)?</caption>(.*?)</table>", html, re.S
    ):
        rows = re.findall(r'<th scope="row">(P\d\d)</th><td>(\$[\d,.]+)/(\w+)</td>', body)
        tables[label] = ({name: amount(value) for name, value, _ in rows}, rows[0][2])
    return {
        "median": (amount(median.group(1)), median.group(2)),
        "range": (amount(span.group(1)), amount(span.group(2)), span.group(3) == "+"),
        "distributions": tables,
    }


def occupation_on(client, slug):
    html = client.get(f"/roles/{slug}/").content.decode()
    [occupation] = PageHead(html).structured("Occupation")
    return html, occupation


DURATIONS = {"yr": "P1Y", "hr": "PT1H"}


@pytest.mark.parametrize("slug", ROLE_SLUGS)
def test_occupation_codes_are_the_codes_the_page_shows(client, loaded, slug):
    html, occupation = occupation_on(client, slug)
    shown = re.findall(r"<strong>(O\*NET-SOC|SOC 2018) ([\d.-]+)</strong>", html)
    marked = [(c["inCodeSet"]["name"], c["codeValue"]) for c in occupation["occupationalCategory"]]
    assert marked == shown
    assert len(shown) == OccupationCode.objects.filter(role__slug=slug).count() >= 2
    assert {system for system, _ in shown} == {"O*NET-SOC", "SOC 2018"}
    assert all(code["@type"] == "CategoryCode" for code in occupation["occupationalCategory"])


@pytest.mark.parametrize("slug", ROLE_SLUGS)
def test_every_pay_figure_in_the_markup_is_printed_on_the_page(client, loaded, slug):
    html, occupation = occupation_on(client, slug)
    numbers = [
        value
        for salary in occupation["estimatedSalary"]
        for key, value in salary.items()
        if key in ("median", "minValue", "maxValue") or key.startswith("percentile")
    ]
    assert numbers
    for value in numbers:
        assert money(Decimal(str(value))) in html, value


@pytest.mark.parametrize("slug", ROLE_SLUGS)
def test_estimated_salary_states_the_key_facts_and_distributions_exactly(client, loaded, slug):
    html, occupation = occupation_on(client, slug)
    shown = page_figures(html)
    salaries = occupation["estimatedSalary"]
    distributions = [s for s in salaries if s["@type"] == "MonetaryAmountDistribution"]

    median, per = shown["median"]
    assert any(
        Decimal(str(d["median"])) == median and d["duration"] == DURATIONS[per]
        for d in distributions
    )
    for label, (percentiles, per) in shown["distributions"].items():
        [marked] = [d for d in distributions if d["name"] == label]
        assert marked["duration"] == DURATIONS[per] and marked["currency"] == "USD"
        assert Decimal(str(marked["median"])) == percentiles["P50"]
        for n in (10, 25, 75, 90):
            assert Decimal(str(marked[f"percentile{n}"])) == percentiles[f"P{n}"]
    assert len(distributions) == len(shown["distributions"]) + (0 if shown["distributions"] else 1)


def test_helper_pay_is_its_distributions_with_nothing_added(client, loaded):
    html, occupation = occupation_on(client, "press-helper")
    low, high, open_ended = page_figures(html)["range"]
    [annual, hourly] = occupation["estimatedSalary"]
    # The key facts' median and P10-P90 range are the annual distribution's own figures.
    figures = [annual[key] for key in ("median", "percentile10", "percentile90")]
    assert figures == [33000, 24000, 52000]
    assert (Decimal(annual["percentile10"]), Decimal(annual["percentile90"])) == (low, high)
    assert not open_ended and annual["duration"] == "P1Y"
    assert hourly["duration"] == "PT1H"
    assert (hourly["median"], hourly["percentile25"], hourly["percentile75"]) == (
        15.85,
        13.45,
        19.7,
    )
    assert hourly["percentile90"] == 25  # a whole number stays one


def test_technician_pay_is_a_median_and_a_range_not_percentiles(client, loaded):
    html, occupation = occupation_on(client, "press-technician")
    low, high, open_ended = page_figures(html)["range"]
    [median, span] = occupation["estimatedSalary"]
    assert median == {
        "@type": "MonetaryAmountDistribution",
        "name": "Median pay",
        "currency": "USD",
        "duration": "P1Y",
        "median": 56000,
    }
    assert span["@type"] == "MonetaryAmount" and span["currency"] == "USD"
    assert Decimal(span["minValue"]) == low == 41000
    # "$77,000+" has no top, so no maxValue; the text says what the page says.
    assert open_ended and "maxValue" not in span
    assert "$41,000–$77,000+ per year" in span["description"]


def test_occupation_lists_what_the_page_lists(client, loaded):
    html, occupation = occupation_on(client, "press-technician")
    role = Role.objects.get(slug="press-technician")
    assert occupation["name"] == role.title
    assert occupation["description"] == role.summary
    assert occupation["alternateName"] == role.alternative_titles
    assert occupation["url"] == f"{SITE}/roles/press-technician/"
    assert len(occupation["responsibilities"]) == role.responsibility_set.count()
    assert occupation["responsibilities"][0] == re.sub(
        r"<[^>]+>", "", role.responsibility_set.first().text_html
    )
    assert occupation["skills"] == [link.skill.name for link in role.roleskill_set.all()]
    assert [q["name"] for q in occupation["qualifications"]] == [
        link.certification.name for link in role.rolecertification_set.all()
    ]
    assert occupation["educationRequirements"]["description"] == role.typical_education
    assert occupation["educationRequirements"]["credentialCategory"] == "high school"
    # The first level, Junior (up to 3 years), shows as "0–3 years" on the page.
    assert occupation["experienceRequirements"]["monthsOfExperience"] == 0
    assert "0–3 years" in occupation["experienceRequirements"]["description"]
    assert 'Junior Press Technician <span class="muted">· 0–3 years' in html


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


# --- sitemap.xml and robots.txt -----------------------------------------------------

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def role_urls(role):
    levels = LadderRung.objects.filter(role=role, role_level=True).order_by("position")
    description = f"/roles/{role.slug}/job-description/"
    return [
        f"/roles/{role.slug}/",
        f"/roles/{role.slug}.json",
        description,
        *(f"{description}?level={rung.key}" for rung in levels),
    ]


def test_sitemap_lists_every_role_page_job_description_and_data_file(client, loaded):
    entries = sitemap_entries(client)
    for role in Role.objects.filter(status=Role.Status.PUBLISHED):
        urls = role_urls(role)
        assert len(urls) >= 4
        for url in urls:
            assert entries[SITE + url] == role.updated_at.date().isoformat(), url
    assert len([url for url in entries if "?level=" in url]) == 3  # helper 1, technician 2


def test_sitemap_lists_the_sites_other_pages_dated_by_the_newest_role(client, loaded):
    entries = sitemap_entries(client)
    published = Role.objects.filter(status=Role.Status.PUBLISHED)
    newest = max(role.updated_at for role in published).date().isoformat()
    for path in [
        "/", "/roles/", "/compare/?roles=press-helper,press-technician",
        "/skills-check/", "/about/data/", "/tools/", "/tools/plc/", "/skills/",
        "/skills/fault-finding/", "/certifications/", "/certifications/press-safety-bronze/",
    ]:  # fmt: skip
        assert entries[SITE + path] == newest, path
    assert len([url for url in entries if "/tools/" in url]) == Tool.objects.count() + 1
    assert not [url for url in entries if "/search/" in url]
    for url in entries:  # every address in it answers
        assert client.get(url.removeprefix(SITE)).status_code == 200, url


def test_sitemap_leaves_drafts_out(client, loaded):
    entries = sitemap_entries(client)
    assert not [url for url in entries if "die-setter" in url]  # a draft in its file
    draft = Role.objects.get(slug="press-helper")
    draft.status = Role.Status.DRAFT
    draft.save()
    entries = sitemap_entries(client)
    assert not [url for url in entries if "press-helper" in url]
    assert f"{SITE}/roles/press-technician/" in entries


def test_sitemap_query_count_is_fixed(client, loaded):
    before = count_queries(client, "/sitemap.xml")
    LadderRung.objects.filter(key="supervisor").update(role_level=True)
    for index in range(3):
        Tool.objects.create(key=f"extra-{index}", name=f"Extra tool {index}", category="software")
    assert len(sitemap_entries(client)) > 0
    assert count_queries(client, "/sitemap.xml") == before
    assert (
        before <= 11 + CONTENT_VERSION
    )  # per section: its items, and a count for each queryset's paginator


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
def test_role_json_query_count_does_not_grow_with_items(
    client, loaded, django_assert_num_queries, slug
):
    url = f"/roles/{slug}.json"
    before = count_queries(client, url)
    double_every_item(Role.objects.get(slug=slug))
    with django_assert_num_queries(before):
        client.get(url)
    # The export queryset (one query per prefetched relation, the rung fits of five
    # lists among them), one per kind of record, then the equivalences and their
    # three kinds of member.
    assert before <= 45 + 4 + CONTENT_VERSION


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
