"""JSON-LD (the Occupation on a role's summary, the breadcrumb trail) and the sitemap.

Everything is read back from the HTML and XML the site serves, on the fixture
content: press-technician's key-facts range is open-ended and its pay bands come
from two sources; press-helper's median and range are a percentile distribution's.
"""

import datetime
from decimal import Decimal
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.cache import caches

from roles import structured_data
from roles.formatting import money
from roles.models import GlobalPay, LadderRung, OccupationCode, Role, SalaryBand, Source, Tool
from roles.role_pages import ALL_PAGES

from .budgets import CONTENT_VERSION
from .test_pages import EVERY_PAGE_TYPE, count_queries
from .test_seo import SITE, PageHead

ROLE_SLUGS = ["press-helper", "press-technician"]


def fresh_html(client, url, status=200):
    """The page as the database now has it: a test's writes may not bump the content version."""
    caches["pages"].clear()
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def occupation_on(client, slug):
    html = fresh_html(client, f"/roles/{slug}/")
    [occupation] = PageHead(html).structured("Occupation")  # one per page, as Google asks
    return html, occupation


# --- the Occupation on the summary ----------------------------------------------------


def test_technician_occupation_names_the_role_its_page_and_its_codes(client, loaded):
    _, occupation = occupation_on(client, "press-technician")
    role = Role.objects.get(slug="press-technician")
    summary = f"{SITE}/roles/press-technician/"
    assert occupation["@context"] == "https://schema.org"
    assert (occupation["name"], occupation["description"]) == (role.title, role.summary)
    assert occupation["url"] == summary
    assert occupation["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": summary,
        "lastReviewed": "2026-02-14",
    }
    assert occupation["alternateName"] == ["Stamping Technician", "Die Technician"]
    # The codes as text, the O*NET-SOC taxonomy's way, in the order the profile lists them.
    assert occupation["occupationalCategory"] == ["99-2001.00", "99-2002", "99-2003"]
    # Its O*NET-SOC code is only the closest match, so O*NET's page is not the same job.
    assert "sameAs" not in occupation
    assert occupation["occupationLocation"] == {"@type": "Country", "name": "US"}
    assert occupation["educationRequirements"] == {
        "@type": "EducationalOccupationalCredential",
        "description": "High school diploma, then a press course",
        "credentialCategory": "high school",
    }
    assert "JobPosting" not in str(occupation)


def test_an_exact_onet_match_is_the_same_occupation(client, loaded):
    _, occupation = occupation_on(client, "press-helper")
    assert occupation["sameAs"] == ["https://www.onetonline.org/link/summary/99-1001.00"]
    assert occupation["occupationalCategory"] == ["99-1001.00", "99-1002"]


def test_technician_pay_is_a_median_and_an_open_ended_range(client, loaded):
    html, occupation = occupation_on(client, "press-technician")
    median, span = occupation["estimatedSalary"]
    assert median == {
        "@type": "MonetaryAmountDistribution",
        "name": "Median pay",
        "currency": "USD",
        "duration": "P1Y",
        "median": 56000,
    }
    # A source's low and high are not percentiles: a MonetaryAmount whose value is the span.
    assert span["@type"] == "MonetaryAmount" and span["currency"] == "USD"
    # "$77,000+" has no top, so there is no maxValue to state.
    assert span["value"] == {"@type": "QuantitativeValue", "minValue": 41000, "unitText": "YEAR"}
    assert span["description"] == "$41,000–$77,000+/yr U.S. range."
    assert "$41,000–$77,000+" in html


def test_helper_pay_is_the_percentiles_the_summary_shows(client, loaded):
    html, occupation = occupation_on(client, "press-helper")
    # The key facts' median and range are the annual distribution's P50, P10 and P90,
    # from the same source: one distribution, and no range beside it.
    [salary] = occupation["estimatedSalary"]
    assert salary == {
        "@type": "MonetaryAmountDistribution",
        "name": "Median pay, with the 10th and 90th percentiles",
        "currency": "USD",
        "duration": "P1Y",
        "median": 33000,
        "percentile10": 24000,
        "percentile90": 52000,
    }
    # The summary shows no P25 or P75, nor the hourly distribution, so neither is stated.
    assert "P10 to P90 of the same series." in html


def test_a_closed_hourly_range_states_its_top_and_unit(client, loaded):
    Role.objects.filter(slug="press-technician").update(
        median_pay=Decimal("27.5"), median_pay_period="hour",
        pay_low=Decimal("20"), pay_high=Decimal("37.25"), pay_high_open_ended=False,
        pay_period="hour",
    )  # fmt: skip
    html, occupation = occupation_on(client, "press-technician")
    median, span = occupation["estimatedSalary"]
    assert (median["duration"], median["median"]) == ("PT1H", 27.5)
    assert span["value"] == {
        "@type": "QuantitativeValue",
        "minValue": 20,
        "maxValue": 37.25,
        "unitText": "HOUR",
    }


@pytest.mark.parametrize("slug", ROLE_SLUGS)
def test_every_pay_figure_in_the_markup_is_printed_on_the_summary(client, loaded, slug):
    html, occupation = occupation_on(client, slug)
    numbers = []
    for salary in occupation["estimatedSalary"]:
        figures = salary.get("value", salary)
        numbers += [
            value
            for key, value in figures.items()
            if key in ("median", "minValue", "maxValue") or key.startswith("percentile")
        ]
    assert numbers
    for value in numbers:
        assert money(Decimal(str(value))) in html, value


def test_pay_in_another_currency_names_no_country(client, loaded):
    Role.objects.filter(slug="press-technician").update(median_pay_currency="EUR")
    _, occupation = occupation_on(client, "press-technician")
    assert "occupationLocation" not in occupation
    assert occupation["estimatedSalary"][0]["currency"] == "EUR"


def test_a_role_without_figures_or_review_states_none(client, loaded):
    Role.objects.filter(slug="press-technician").update(
        median_pay=None, pay_low=None, pay_high=None, pay_high_open_ended=False,
        typical_education="", last_reviewed=None,
    )  # fmt: skip
    OccupationCode.objects.filter(role__slug="press-technician").delete()
    _, occupation = occupation_on(client, "press-technician")
    for absent in ("estimatedSalary", "occupationLocation", "educationRequirements",
                   "occupationalCategory"):  # fmt: skip
        assert absent not in occupation, absent
    assert occupation["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": f"{SITE}/roles/press-technician/",
    }


@pytest.mark.parametrize("slug", ROLE_SLUGS)
def test_the_occupation_costs_no_query_of_its_own(loaded, django_assert_num_queries, slug):
    role = Role.objects.for_role_page().get(slug=slug)
    url = f"{SITE}/roles/{slug}/"
    with django_assert_num_queries(0):
        structured_data.occupation(role, url, url)


# --- BreadcrumbList -----------------------------------------------------------------

ROLE_PAGE_URLS = [f"/roles/press-helper/{page.path}" for page in ALL_PAGES]
TRAIL_PAGES = [
    *EVERY_PAGE_TYPE,
    *ROLE_PAGE_URLS,
    "/about/data/",
    "/roles/press-technician/job-description/?level=junior",
]


def status_of(url):
    return 404 if "no-such-role" in url else 200


@pytest.mark.parametrize("url", TRAIL_PAGES)
def test_breadcrumb_list_is_the_visible_trail(client, loaded, url):
    head = PageHead(fresh_html(client, url, status_of(url)))
    [trail] = head.structured("BreadcrumbList")
    assert trail["@context"] == "https://schema.org"
    items = trail["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(head.crumbs) + 1))
    assert [item["name"] for item in items] == [text for text, _ in head.crumbs]
    assert all(item["@type"] == "ListItem" for item in items)
    # Every linked step points where the visible link does, as an absolute URL ...
    for item, (_, href) in zip(items[:-1], head.crumbs[:-1], strict=True):
        assert item["item"] == SITE + href
    # ... and the last step, shown without a link, is this page.
    assert items[-1]["item"].startswith(SITE)
    assert urlsplit(items[-1]["item"]).path == urlsplit(url).path


def test_a_profile_page_trail_runs_home_roles_role_page(client, loaded):
    html = fresh_html(client, "/roles/press-helper/pay/")
    [trail] = PageHead(html).structured("BreadcrumbList")
    assert [
        (item["position"], item["name"], item["item"]) for item in trail["itemListElement"]
    ] == [
        (1, "Home", f"{SITE}/"),
        (2, "Roles", f"{SITE}/roles/"),
        (3, "Press Helper", f"{SITE}/roles/press-helper/"),
        (4, "Pay", f"{SITE}/roles/press-helper/pay/"),
    ]


def test_search_results_step_points_at_the_results(client, loaded):
    [trail] = PageHead(fresh_html(client, "/search/?q=forklift")).structured("BreadcrumbList")
    assert trail["itemListElement"][-1] == {
        "@type": "ListItem",
        "position": 3,
        "name": "Results for “forklift”",
        "item": f"{SITE}/search/?q=forklift",
    }


# --- sitemap.xml --------------------------------------------------------------------

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_files(client):
    """The files /sitemap.xml, the index, lists: each section or a page of one."""
    root = ElementTree.fromstring(fresh_html(client, "/sitemap.xml"))
    return [loc.text.removeprefix(SITE) for loc in root.iterfind("s:sitemap/s:loc", NS)]


def sitemap_entries(client):
    entries = {}
    for path in sitemap_files(client):
        root = ElementTree.fromstring(fresh_html(client, path))
        entries |= {
            url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
            for url in root.findall("s:url", NS)
        }
    return entries


def role_urls(role):
    # Every level a description is offered at: the role's own, then the rung that supervises them.
    levels = [*LadderRung.objects.filter(role=role, role_level=True).order_by("position")]
    supervisor = LadderRung.objects.filter(
        role=role, position__gt=levels[-1].position, linked_role=None
    ).order_by("position")[:1]
    levels += supervisor
    description = f"/roles/{role.slug}/job-description/"
    return [
        *(f"/roles/{role.slug}/{page.path}" for page in ALL_PAGES),
        f"/roles/{role.slug}.json",
        description,
        *(f"{description}?level={rung.key}" for rung in levels),
    ]


def test_sitemap_lists_every_page_of_each_profile_dated_by_its_review(client, loaded):
    entries = sitemap_entries(client)
    reviewed = {"press-helper": "2026-01-10", "press-technician": "2026-02-14"}
    for slug, date in reviewed.items():
        urls = role_urls(Role.objects.get(slug=slug))
        assert len(urls) == len(ALL_PAGES) + 2 + (2 if slug == "press-helper" else 3)
        for url in urls:
            assert entries[SITE + url] == date, url
    # The helper's level and its crew lead; the technician's two and their supervisor.
    assert len([url for url in entries if "?level=" in url]) == 5


def test_an_unreviewed_role_is_dated_by_its_newest_figure(client, loaded):
    role = Role.objects.get(slug="press-technician")
    Role.objects.filter(pk=role.pk).update(last_reviewed=None)
    # Its newest as-of date is a skill share's, January 2025.
    assert sitemap_entries(client)[f"{SITE}/roles/press-technician/pay/"] == "2025-01-01"
    SalaryBand.objects.filter(role=role, rung__key="senior").update(as_of="2026-07")
    assert sitemap_entries(client)[f"{SITE}/roles/press-technician/"] == "2026-07-01"
    # A figure without a date of its own has its source's.
    canada = GlobalPay.objects.get(role=role, country="Canada")
    GlobalPay.objects.filter(pk=canada.pk).update(as_of="")
    Source.objects.filter(pk=canada.source_id).update(date="2026-09-30")
    entries = sitemap_entries(client)
    for url in role_urls(role):
        assert entries[SITE + url] == "2026-09-30", url


def test_saving_a_role_is_not_a_change_to_its_content(client, loaded):
    before = sitemap_entries(client)
    role = Role.objects.get(slug="press-helper")
    role.save()  # updated_at moves on; the content does not
    Role.objects.filter(pk=role.pk).update(
        updated_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )
    assert sitemap_entries(client) == before


def test_sitemap_lists_the_sites_other_pages_dated_by_the_newest_role(client, loaded):
    entries = sitemap_entries(client)
    newest = "2026-02-14"  # press-technician's review
    for path in [
        "/", "/roles/", "/compare/?roles=press-helper,press-technician",
        "/skills-check/", "/about/data/", "/tools/", "/tools/plc/", "/skills/",
        "/skills/fault-finding/", "/certifications/", "/certifications/press-safety-bronze/",
    ]:  # fmt: skip
        assert entries[SITE + path] == newest, path
    assert len([url for url in entries if "/tools/" in url]) == Tool.objects.count() + 1
    assert not [url for url in entries if "/search/" in url]
    for url in entries:  # every address in it answers
        assert fresh_html(client, url.removeprefix(SITE)), url


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
    files = ["/sitemap.xml", *sitemap_files(client)]
    before = [count_queries(client, path) for path in files]
    LadderRung.objects.filter(key="supervisor").update(role_level=True)
    Role.objects.filter(slug="press-helper").update(last_reviewed=None)
    for index in range(3):
        Tool.objects.create(key=f"extra-{index}", name=f"Extra tool {index}", category="software")
    assert len(sitemap_entries(client)) > 0
    assert [count_queries(client, path) for path in files] == before
    # The index reads every section: each section's items (a job description's with
    # its levels), then one query each for the figures' dates of roles no editor has
    # reviewed; the site's pages also the comparison and a query per kind of catalog record.
    assert before[0] == max(before) <= 13 + CONTENT_VERSION
