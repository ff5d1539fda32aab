"""Job descriptions: the page, the .txt and .md exports, levels, links and old slugs."""

import html
import re

import markdown
import pytest
from django.contrib.auth import get_user_model
from django.utils.html import strip_tags

from roles.job_description import build_job_description, job_description_queryset
from roles.models import EducationOption, Responsibility, Role, WorkingCondition

LEVELS = {
    "production-technician": ["junior", "mid", "senior", "lead"],
    "production-associate": ["associate"],
}
EVERY_LEVEL = [(slug, level) for slug, levels in LEVELS.items() for level in ["", *levels]]
# The role, its key-fact sources, then one query per prefetched relation: fixed, whatever
# the number of duties, conditions or levels.
QUERIES = 18


def page_url(slug, level="", kind="/"):
    query = f"?level={level}" if level else ""
    return f"/roles/{slug}/job-description{kind}{query}"


def fetch_all(client, slug, level=""):
    """The page's visible text, the .txt and the .md, for one role and level."""
    page = client.get(page_url(slug, level))
    text = client.get(page_url(slug, level, ".txt"))
    md = client.get(page_url(slug, level, ".md"))
    assert page.status_code == text.status_code == md.status_code == 200
    return html.unescape(strip_tags(page.text)), text.content.decode("utf-8"), md.text


def plain(rendered):
    return html.unescape(strip_tags(rendered))


@pytest.mark.parametrize("slug,level", EVERY_LEVEL)
def test_every_level_has_a_page_with_title_description_and_breadcrumbs(client, loaded, slug, level):
    role = job_description_queryset().get(slug=slug)
    description = build_job_description(role, level)
    response = client.get(page_url(slug, level))
    assert response.status_code == 200
    page = response.text
    assert page.count("<h1") == 1
    assert f"<h1>{description.title}</h1>" in page
    title = re.search(r"<title>([^<]+)</title>", page).group(1)
    assert title.startswith(f"{description.title} job description")
    meta = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert description.title in meta and len(meta) > 50
    crumbs = page[page.index('class="breadcrumbs') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert [label for label in re.findall(r">([^<>]+)</(?:a|span)>", crumbs)] == [
        "Home", "Roles", role.title, "Job description",
    ]  # fmt: skip
    assert '<span aria-current="page">Job description</span>' in crumbs
    for kind in (".txt", ".md"):
        assert f'href="{page_url(slug, level, kind)}" download' in page


@pytest.mark.parametrize("slug,level", EVERY_LEVEL)
def test_headings_never_skip_a_level(client, loaded, slug, level):
    levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", client.get(page_url(slug, level)).text)]
    assert levels[0] == 1
    for previous, current in zip(levels, levels[1:], strict=False):
        assert current <= previous + 1, (previous, current)


@pytest.mark.parametrize("slug,level", EVERY_LEVEL)
def test_exports_are_attachments_with_the_right_type_and_name(client, loaded, slug, level):
    stem = "-".join(part for part in [slug, level, "job-description"] if part)
    for kind, content_type in ((".txt", "text/plain"), (".md", "text/markdown")):
        response = client.get(page_url(slug, level, kind))
        assert response.status_code == 200
        assert response["Content-Type"] == f"{content_type}; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{stem}{kind}"'


@pytest.mark.parametrize("slug,level", EVERY_LEVEL)
def test_page_and_exports_carry_the_same_content(client, loaded, slug, level):
    page, text, md = fetch_all(client, slug, level)
    role = job_description_queryset().get(slug=slug)
    description = build_job_description(role, level)
    for duty in Responsibility.objects.filter(role=role, example=False):
        assert plain(duty.text_html) in page
        assert plain(duty.text_html) in text
        assert duty.text in md
    for condition in WorkingCondition.objects.filter(role=role):
        assert all(condition.text in version for version in (page, text, md))
    assert description.pay
    for line in description.pay + description.experience + description.education:
        for version in (page, text, md):
            assert line.text in version
            if line.cite:
                assert line.cite.text in version
    for source in description.sources:
        assert all(source.title in version for version in (page, text, md))
    for group in description.skills + description.tools:
        assert all(", ".join(group.items) in version for version in (page, text, md))


def test_role_wide_pay_names_its_sources_in_every_version(client, loaded):
    for version in fetch_all(client, "production-technician"):
        assert "Pay range: $30,000–$70,000+/yr" in version
        assert "Median pay: $47,430/yr" in version
        assert "Source: Complete Production Technician Career Guide, May 2023" in version


def test_plain_text_pastes_cleanly(client, loaded):
    text = client.get(page_url("production-technician", "senior", ".txt")).content.decode("utf-8")
    assert text.startswith("SENIOR PRODUCTION TECHNICIAN\n")
    for mark in ("**", "](", "`", "\n#", "<", "&rsquo;", "&amp;"):
        assert mark not in text, mark
    assert "\n\nRESPONSIBILITIES\n" in text and "\n\nPAY\n" in text and "\n\nSOURCES\n" in text
    assert "\n- Run complex production machinery to make the company’s goods.\n" in text
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_markdown_renders_to_headings_and_lists(client, loaded):
    md = client.get(page_url("production-technician", "lead", ".md")).text
    rendered = markdown.markdown(md)
    assert "<h1>Lead Production Technician</h1>" in rendered
    for heading in ("Summary", "At this level", "Responsibilities", "Requirements", "Skills",
                    "Tools and technology", "Working conditions", "Pay", "Sources"):  # fmt: skip
        assert f"<h2>{heading}</h2>" in rendered, heading
    duties = Responsibility.objects.filter(role__slug="production-technician").count()
    assert rendered.count("<li>") > duties
    assert "<h3>Equipment operation</h3>" in rendered


def test_a_level_changes_experience_pay_and_emphasis(client, loaded):
    junior_page, junior, _ = fetch_all(client, "production-technician", "junior")
    lead_page, lead, _ = fetch_all(client, "production-technician", "lead")
    assert "Junior Production Technician: 0–2 years" in junior
    assert "Lead Production Technician: 7–10 years" in lead
    assert "7–10 years" not in junior and "0–2 years" not in lead
    assert "Entry-Level Production Technician (United States): $30,000–$40,000/yr" in junior
    assert "Lead Production Technician / Production Supervisor (United States): " \
           "$60,000–$85,000+/yr" in lead  # fmt: skip
    assert "median $75,000, average $78,000/yr" in lead
    assert "$30,000–$40,000" not in lead and "Pay range: $30,000–$70,000+/yr" not in lead

    def focused(text):
        return {line[2:-len(" (level focus)")] for line in text.splitlines()
                if line.endswith("(level focus)")}  # fmt: skip

    assert focused(junior) and focused(lead) and focused(junior) != focused(lead)
    assert "Support lean manufacturing and continuous improvement projects." in focused(lead)
    assert "Support lean manufacturing and continuous improvement projects." not in focused(junior)
    assert "Get good at basic troubleshooting and quality checks." in junior_page
    assert "Grow as a leader and communicator so you can guide a team." in lead_page
    assert "Get good at basic troubleshooting and quality checks." not in lead_page


def test_emphasized_duties_come_first_in_their_group(client, loaded):
    role = job_description_queryset().get(slug="production-technician")
    description = build_job_description(role, "senior")
    for group in description.responsibilities:
        marks = [duty.focus for duty in group.items]
        assert marks == sorted(marks, reverse=True), group.label
    assert any(duty.focus for group in description.responsibilities for duty in group.items)
    html_page = client.get(page_url("production-technician", "senior")).text
    assert '<h2 id="jd-level">At this level</h2>' in html_page
    assert "<h3>What this level focuses on</h3>" in html_page
    assert html_page.count('<span class="badge">Level focus</span>') == sum(
        duty.focus for group in description.responsibilities for duty in group.items
    )


@pytest.mark.parametrize("level", LEVELS["production-technician"])
def test_resume_examples_stay_on_the_role_page_and_out_of_job_descriptions(client, loaded, level):
    examples = list(Responsibility.objects.filter(role__slug="production-technician", example=True))
    assert len(examples) == 15
    nissan = next(item for item in examples if "Nissan" in item.text)
    role_page = plain(client.get("/roles/production-technician/").text)
    assert plain(nissan.text_html) in role_page
    assert "From technicians' résumés" in role_page
    for version in fetch_all(client, "production-technician", level):
        assert "Nissan" not in version
        assert "From technicians' résumés" not in version
        assert "Gather and study production data to spot trends" in version


def test_the_role_as_a_whole_lists_experience_by_level_and_no_level_block(client, loaded):
    page, text, _ = fetch_all(client, "production-technician")
    assert "At this level" not in page and "(level focus)" not in text
    for line in (
        "Junior Production Technician: 0–2 years",
        "Production Technician: 2–4 years",
        "Senior Production Technician: 4–7 years",
        "Lead Production Technician: 7–10 years",
    ):
        assert line in text
    assert "Production Supervisor: 10+ years" not in text  # not a level of this role


def test_a_level_without_its_own_pay_shows_the_roles_range(client, loaded):
    _, text, _ = fetch_all(client, "production-associate", "associate")
    assert "The sources give no pay for this level alone; these are the role's." in text
    assert "Pay range: $27,510–$56,180/yr" in text
    assert "Production Associate: the sources give no range of years" in text


@pytest.mark.parametrize("kind", ["/", ".txt", ".md"])
def test_an_unknown_level_says_so_and_lists_the_valid_ones(client, loaded, kind):
    response = client.get(page_url("production-technician", "chief", kind))
    assert response.status_code == 400
    body = response.content.decode()
    for level in LEVELS["production-technician"]:
        if kind == "/":
            assert f'href="{page_url("production-technician", level)}"' in body
        else:
            assert level in body
    if kind == "/":
        assert "There is no level called “chief” for Production Technician" in body
        assert 'href="/roles/production-technician/job-description/">All levels' in body
        assert "<h1" in body and body.count("<h1") == 1
    else:
        assert "no level called 'chief'" in body


def test_a_rung_that_is_not_a_level_is_refused(client, loaded):
    # The supervisor rung is on the technician's ladder but is another job, not a level of it.
    assert client.get(page_url("production-technician", "supervisor")).status_code == 400


def test_role_page_links_to_every_level_from_header_and_ladder(client, loaded):
    page = client.get("/roles/production-technician/").text
    header = page[page.index('<header class="role-head">') :]
    header = header[: header.index("</header>")]
    links = re.findall(r'<a href="(/roles/[a-z-]+/job-description/[^"]*)">([^<]+)</a>', header)
    assert links == [
        ("/roles/production-technician/job-description/", "All levels"),
        ("/roles/production-technician/job-description/?level=junior", "Junior"),
        ("/roles/production-technician/job-description/?level=mid", "Production Technician"),
        ("/roles/production-technician/job-description/?level=senior", "Senior"),
        ("/roles/production-technician/job-description/?level=lead", "Lead"),
    ]
    for level in LEVELS["production-technician"]:
        rung = page[page.index(f'<li id="rung-{level}">') :]
        rung = rung[: rung.index("</li>\n")]
        assert f'href="{page_url("production-technician", level)}">Job description' in rung
    supervisor = page[page.index('<li id="rung-supervisor">') :]
    assert "job-description" not in supervisor[: supervisor.index("</li>\n")]


def test_associate_page_links_to_its_level(client, loaded):
    page = client.get("/roles/production-associate/").text
    assert 'href="/roles/production-associate/job-description/?level=associate"' in page
    assert "job-description/?level=technician" not in page  # a rung linking to another role


@pytest.mark.parametrize("kind", ["/", ".txt", ".md"])
def test_old_slugs_redirect_permanently_and_keep_the_level(client, loaded, kind):
    role = Role.objects.get(slug="production-technician")
    role.slug = "manufacturing-technician"
    role.save()
    response = client.get(page_url("production-technician", "senior", kind))
    assert response.status_code == 301
    assert response["Location"] == page_url("manufacturing-technician", "senior", kind)
    plain_redirect = client.get(page_url("production-technician", "", kind))
    assert plain_redirect["Location"] == page_url("manufacturing-technician", "", kind)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("kind", ["/", ".txt", ".md"])
def test_drafts_are_hidden_from_the_public_and_shown_to_editors(client, loaded, kind):
    Role.objects.filter(slug="production-associate").update(status=Role.Status.DRAFT)
    assert client.get(page_url("production-associate", "", kind)).status_code == 404
    editor = get_user_model().objects.create_superuser("jd-editor", password="x")
    client.force_login(editor)
    response = client.get(page_url("production-associate", "", kind))
    assert response.status_code == 200
    if kind == "/":
        assert "draft-banner" in response.text


def test_every_cited_source_is_in_the_source_list(client, loaded):
    page = client.get(page_url("production-technician", "senior")).text
    cited = set(re.findall(r'href="#source-([a-z0-9-]+)"', page))
    listed = set(re.findall(r'<li id="source-([a-z0-9-]+)"', page))
    assert cited and cited <= listed


def test_copy_button_is_left_to_an_external_deferred_script(client, loaded):
    page = client.get(page_url("production-technician", "senior")).text
    # Data blocks (JSON-LD) are not scripts that run; every script that runs is external.
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    runnable = [body for attributes, body in scripts if "application/ld+json" not in attributes]
    assert runnable == [""]
    assert re.search(r'<script src="/static/js/copy-job-description[.\w]*\.js" defer>', page)
    assert "<button" not in page[page.index("<main") :]  # the script makes the button
    assert f'data-copy-url="{page_url("production-technician", "senior", ".txt")}"' in page


def double_every_item(role):
    for model in (Responsibility, WorkingCondition, EducationOption):
        items = list(model.objects.filter(role=role))
        offset = max(item.position for item in items) + 1
        for item in items:
            item.pk = None
            item.position += offset
            item.save()


@pytest.mark.parametrize("kind", ["/", ".txt", ".md"])
def test_query_count_is_fixed(client, loaded, django_assert_num_queries, kind):
    for level in ("", "senior"):
        with django_assert_num_queries(QUERIES):
            assert client.get(page_url("production-technician", level, kind)).status_code == 200
    double_every_item(Role.objects.get(slug="production-technician"))
    with django_assert_num_queries(QUERIES):
        response = client.get(page_url("production-technician", "lead", kind))
    assert response.content.decode().count("Log production data such as volume made") == 2
