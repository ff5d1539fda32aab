"""Job descriptions: the page, the .txt and .md exports, levels, links and old slugs."""

import html
import re

import markdown
import pytest
from django.contrib.auth import get_user_model
from django.utils.html import strip_tags

from roles.job_description import build_job_description
from roles.models import EducationOption, Responsibility, Role, SalaryBand, WorkingCondition

from .budgets import CONTENT_VERSION

LEVELS = {
    "press-technician": ["junior", "senior"],
    "press-helper": ["helper"],
}
EVERY_LEVEL = [(slug, level) for slug, levels in LEVELS.items() for level in ["", *levels]]
# The role, its key-fact sources, then one query per prefetched relation (a level's
# salary bands twice: those starting at it and those ending at it): fixed, whatever
# the number of duties, conditions or levels. Duties, conditions and training options
# bring their citations, one query each.
QUERIES = 20 + CONTENT_VERSION


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
    role = Role.objects.for_job_description().get(slug=slug)
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
    role = Role.objects.for_job_description().get(slug=slug)
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
    for version in fetch_all(client, "press-technician"):
        assert "Pay range: $41,000–$77,000+/yr" in version
        assert "Median pay: $56,000/yr" in version
        assert "Source: Acme Wage Survey of Press Shops, March 2024" in version


def test_plain_text_pastes_cleanly(client, loaded):
    text = client.get(page_url("press-technician", "senior", ".txt")).content.decode("utf-8")
    assert text.startswith("SENIOR PRESS TECHNICIAN\n")
    for mark in ("**", "](", "`", "\n#", "<", "&rsquo;", "&amp;"):
        assert mark not in text, mark
    assert "\n\nRESPONSIBILITIES\n" in text and "\n\nPAY\n" in text and "\n\nSOURCES\n" in text
    # Markdown is gone, and typography is kept: the file's straight apostrophe is a curly one.
    assert "\n- Set up each die and check the press’s shut height.\n" in text
    assert "\n- Program simple PLC steps for new parts. (level focus)\n" in text
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_markdown_renders_to_headings_and_lists(client, loaded):
    md = client.get(page_url("press-technician", "senior", ".md")).text
    rendered = markdown.markdown(md)
    assert "<h1>Senior Press Technician</h1>" in rendered
    for heading in ("Summary", "At this level", "Responsibilities", "Requirements", "Skills",
                    "Tools and technology", "Working conditions", "Pay", "Sources"):  # fmt: skip
        assert f"<h2>{heading}</h2>" in rendered, heading
    duties = Responsibility.objects.filter(role__slug="press-technician").count()
    assert rendered.count("<li>") > duties
    assert "<h3>Setup</h3>" in rendered
    assert "Program simple <strong>PLC</strong> steps" in rendered


def test_a_level_changes_experience_pay_and_emphasis(client, loaded):
    junior_page, junior, _ = fetch_all(client, "press-technician", "junior")
    senior_page, senior, _ = fetch_all(client, "press-technician", "senior")
    assert "Junior Press Technician: 0–3 years" in junior
    assert "Senior Press Technician: 3–8 years" in senior
    assert "3–8 years" not in junior and "0–3 years" not in senior
    assert "Entry-level press technician (United States): $38,000–$47,000/yr" in junior
    assert "Senior press technician (United States): $47,000–$66,000+/yr" in senior
    assert "median $58,000, average $60,000/yr" in senior
    assert "$38,000–$47,000" not in senior and "Pay range: $41,000–$77,000+/yr" not in senior

    def focused(text):
        return {line[2:-len(" (level focus)")] for line in text.splitlines()
                if line.endswith("(level focus)")}  # fmt: skip

    # Each level's focus areas share words with some duties: "press line", "weights" ...
    assert focused(junior) == {
        "Set up each die and check the press’s shut height.",
        "Run the press line and watch the gauge readings.",
        "Log coil weights and part counts in the tracker.",
    }
    # ... and "replace", "program", "before".
    assert focused(senior) == {
        "Calibrate the height gauge before every run.",
        "Replace worn punches and springs.",
        "Program simple PLC steps for new parts.",
    }
    assert "Log coil weights and counts." in junior_page
    assert "Train new technicians." in senior_page
    assert "Log coil weights and counts." not in senior_page


def test_emphasized_duties_come_first_in_their_group(client, loaded):
    role = Role.objects.for_job_description().get(slug="press-technician")
    description = build_job_description(role, "senior")
    for group in description.responsibilities:
        marks = [duty.focus for duty in group.items]
        assert marks == sorted(marks, reverse=True), group.label
    assert any(duty.focus for group in description.responsibilities for duty in group.items)
    html_page = client.get(page_url("press-technician", "senior")).text
    assert '<h2 id="jd-level">At this level</h2>' in html_page
    assert "<h3>What this level focuses on</h3>" in html_page
    assert html_page.count('<span class="badge">Level focus</span>') == sum(
        duty.focus for group in description.responsibilities for duty in group.items
    )


@pytest.mark.parametrize("level", ["", *LEVELS["press-technician"]])
def test_resume_examples_stay_on_the_role_page_and_out_of_job_descriptions(client, loaded, level):
    examples = list(Responsibility.objects.filter(role__slug="press-technician", example=True))
    assert len(examples) == 2
    brightline = next(item for item in examples if "Brightline" in item.text)
    role_page = plain(client.get("/roles/press-technician/duties/").text)
    assert plain(brightline.text_html) in role_page
    assert "Résumé examples" in role_page
    for version in fetch_all(client, "press-technician", level):
        assert "Brightline" not in version
        assert "Résumé examples" not in version
        assert "Replace worn punches and springs" in version


def test_the_role_as_a_whole_lists_experience_by_level_and_no_level_block(client, loaded):
    page, text, _ = fetch_all(client, "press-technician")
    assert "At this level" not in page and "(level focus)" not in text
    for line in ("Junior Press Technician: 0–3 years", "Senior Press Technician: 3–8 years"):
        assert line in text
    assert "Press Shift Supervisor" not in text  # not a level of this role


def test_a_level_without_its_own_pay_shows_the_roles_range(client, loaded):
    SalaryBand.objects.filter(role__slug="press-helper").delete()
    _, text, _ = fetch_all(client, "press-helper", "helper")
    assert "The sources give no pay for this level alone; these are the role's." in text
    assert "Pay range: $24,000–$52,000/yr" in text
    assert "Press Helper: the sources give no range of years" in text


@pytest.mark.parametrize("kind", ["/", ".txt", ".md"])
def test_an_unknown_level_says_so_and_lists_the_valid_ones(client, loaded, kind):
    response = client.get(page_url("press-technician", "chief", kind))
    assert response.status_code == 400
    body = response.content.decode()
    for level in LEVELS["press-technician"]:
        if kind == "/":
            assert f'href="{page_url("press-technician", level)}"' in body
        else:
            assert level in body
    if kind == "/":
        assert "There is no level called “chief” for Press Technician" in body
        assert 'href="/roles/press-technician/job-description/">All levels' in body
        assert "<h1" in body and body.count("<h1") == 1
    else:
        assert "no level called 'chief'" in body


def test_a_rung_that_is_not_a_level_is_refused(client, loaded):
    # The supervisor rung is on the technician's ladder but is another job, not a level of it.
    assert client.get(page_url("press-technician", "supervisor")).status_code == 400


def test_role_pages_link_to_every_level_from_summary_and_ladder(client, loaded):
    summary = client.get("/roles/press-technician/").text
    header = summary[summary.index('<section class="role-links"') :]
    header = header[: header.index("</section>")]
    links = re.findall(r'<a href="(/roles/[a-z-]+/job-description/[^"]*)">([^<]+)</a>', header)
    # Each level is named by what its title adds to the role's.
    assert links == [
        ("/roles/press-technician/job-description/", "All levels"),
        ("/roles/press-technician/job-description/?level=junior", "Junior"),
        ("/roles/press-technician/job-description/?level=senior", "Senior"),
    ]
    page = client.get("/roles/press-technician/career-path/").text
    for level in LEVELS["press-technician"]:
        rung = page[page.index(f'<li id="rung-{level}">') :]
        rung = rung[: rung.index("</li>\n")]
        assert f'href="{page_url("press-technician", level)}">Job description' in rung
    supervisor = page[page.index('<li id="rung-supervisor">') :]
    assert "job-description" not in supervisor[: supervisor.index("</li>\n")]


def test_helper_page_links_to_its_level(client, loaded):
    page = client.get("/roles/press-helper/").text
    # A level whose title is the role's own is the level itself, not a blank label.
    assert '<a href="/roles/press-helper/job-description/?level=helper">Press Helper</a>' in page
    assert "job-description/?level=technician" not in page  # a rung linking to another role


@pytest.mark.parametrize("kind", ["/", ".txt", ".md"])
def test_old_slugs_redirect_permanently_and_keep_the_level(client, loaded, kind):
    role = Role.objects.get(slug="press-technician")
    role.slug = "stamping-technician"
    role.save()
    response = client.get(page_url("press-technician", "senior", kind))
    assert response.status_code == 301
    assert response["Location"] == page_url("stamping-technician", "senior", kind)
    plain_redirect = client.get(page_url("press-technician", "", kind))
    assert plain_redirect["Location"] == page_url("stamping-technician", "", kind)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("kind", ["/", ".txt", ".md"])
def test_drafts_are_hidden_from_the_public_and_shown_to_editors(client, loaded, kind):
    Role.objects.filter(slug="press-helper").update(status=Role.Status.DRAFT)
    for slug in ("press-helper", "die-setter"):  # made a draft, and a draft in its file
        assert client.get(page_url(slug, "", kind)).status_code == 404
    editor = get_user_model().objects.create_superuser("jd-editor", password="x")
    client.force_login(editor)
    for slug in ("press-helper", "die-setter"):
        response = client.get(page_url(slug, "", kind))
        assert response.status_code == 200
        if kind == "/":
            assert "draft-banner" in response.text


def test_every_cited_source_is_in_the_source_list(client, loaded):
    page = client.get(page_url("press-technician", "senior")).text
    cited = set(re.findall(r'href="#source-([a-z0-9-]+)"', page))
    listed = set(re.findall(r'<li id="source-([a-z0-9-]+)"', page))
    assert cited and cited <= listed


def test_copy_button_is_left_to_an_external_deferred_script(client, loaded):
    page = client.get(page_url("press-technician", "senior")).text
    # Data blocks (JSON-LD) are not scripts that run; every script that runs is external.
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    runnable = [body for attributes, body in scripts if "application/ld+json" not in attributes]
    assert runnable == [""]
    assert re.search(r'<script src="/static/js/copy-job-description[.\w]*\.js" defer>', page)
    assert "<button" not in page[page.index("<main") :]  # the script makes the button
    assert f'data-copy-url="{page_url("press-technician", "senior", ".txt")}"' in page


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
            assert client.get(page_url("press-technician", level, kind)).status_code == 200
    double_every_item(Role.objects.get(slug="press-technician"))
    with django_assert_num_queries(QUERIES):
        response = client.get(page_url("press-technician", "junior", kind))
    assert response.content.decode().count("Log coil weights and part counts") == 2
