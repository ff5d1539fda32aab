"""Job descriptions on the fixture content: levels, duties, requirements, pay, the exports.

tests/test_job_description_real_content.py checks the same rules on content/.
"""

import html
import re

import markdown
import pytest
from django.contrib.auth import get_user_model
from django.utils.html import strip_tags

from roles.job_description import build_job_description
from roles.job_description.selection import MAX_DUTIES, MIN_DUTIES
from roles.models import (
    ApplicabilityBasis,
    EducationOption,
    LadderRung,
    Responsibility,
    Role,
    RoleCertification,
    RungFit,
    SalaryBand,
    Source,
    WorkingCondition,
)

from .budgets import CONTENT_VERSION

LEVELS = {
    "press-technician": ["junior", "senior", "supervisor"],
    "press-helper": ["helper", "crew-lead"],
}
EVERY_LEVEL = [(slug, level) for slug, levels in LEVELS.items() for level in ["", *levels]]
# The role, its pay sources, then one query per prefetched relation: duties with
# their citations and rung fits, conditions with citations, each catalog link
# list with its fits, training options' fits, the whole ladder with its linked
# roles, salary bands (those starting and those ending at a rung) and key
# records. Fixed, whatever the number of duties, fits or rungs.
QUERIES = 20 + CONTENT_VERSION
# Words that give away talk about where a statement comes from.
SOURCE_TALK = re.compile(r"\b(sources?|guides?|surveys?|according to|says|résumés?)\b", re.I)


def page_url(slug, level="", kind="/"):
    query = f"?level={level}" if level else ""
    return f"/roles/{slug}/job-description{kind}{query}"


def plain(rendered):
    return html.unescape(strip_tags(rendered))


def fetch_all(client, slug, level=""):
    """The page's visible text, the .txt and the .md, for one role and level."""
    page = client.get(page_url(slug, level))
    text = client.get(page_url(slug, level, ".txt"))
    md = client.get(page_url(slug, level, ".md"))
    assert page.status_code == text.status_code == md.status_code == 200
    return plain(page.text), text.content.decode("utf-8"), md.text


def main_text(page_html):
    """The description a reader sees on the page: the article without the page's controls."""
    article = page_html[page_html.index('<article class="jd">') : page_html.index("</article>")]
    controls = (
        r"<nav .*?</nav>",
        r'<p class="jd-(actions|other-roles)".*?</p>',
        r"<sup>.*?</sup>",
        r'<details class="jd-customise".*?</details>',
    )
    for pattern in controls:
        article = re.sub(pattern, " ", article, flags=re.S)
    return plain(re.sub(r"<(/?)(p|li|h1|h2|ul|ol|section)\b", r" <\1\2", article))


def before_sources(text):
    """What comes before the 'Sources' heading, in any of the three versions."""
    match = re.search(r"^(#+ )?Sources$|^SOURCES$|\bSources\s*\n", text, re.M)
    assert match, "no Sources heading"
    return text[: match.start()]


def words(text):
    return len(text.split())


def described(slug, level=""):
    return build_job_description(Role.objects.for_job_description().get(slug=slug), level)


def word_sequence(text):
    """The words of a version, for comparing versions: no case, markup or note marks."""
    text = re.sub(r"\[\d+\]", " ", text)
    return re.findall(r"[a-z0-9]+", text.replace("\\", "").lower())


def add_duties(role, count, fits, label):
    """count duties of role, each fitting the rungs in fits ({key: requirement})."""
    rungs = {rung.key: rung for rung in LadderRung.objects.filter(role=role)}
    start = max(item.position for item in Responsibility.objects.filter(role=role)) + 1
    for number in range(count):
        duty = Responsibility.objects.create(
            role=role,
            position=start + number,
            text=f"{label} task number {number + 1}.",
            applies_basis=ApplicabilityBasis.EDITORIAL,
        )
        for key, requirement in fits.items():
            RungFit.objects.create(item=duty, rung=rungs[key], requirement=requirement)


def fit(item, fits):
    rungs = {rung.key: rung for rung in LadderRung.objects.filter(role=item.role)}
    for key, requirement in fits.items():
        RungFit.objects.create(item=item, rung=rungs[key], requirement=requirement)
    item.applies_basis = ApplicabilityBasis.EDITORIAL
    item.save()


# --- the page and its exports -----------------------------------------------------------


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
def test_page_and_exports_say_the_same_words(client, loaded, slug, level):
    page = client.get(page_url(slug, level)).text
    text = client.get(page_url(slug, level, ".txt")).content.decode("utf-8")
    md = client.get(page_url(slug, level, ".md")).text
    shown = word_sequence(main_text(page))
    assert shown == word_sequence(text)
    assert shown == word_sequence(plain(markdown.markdown(md)))
    description = described(slug, level)
    for duty in description.duties:
        assert duty.plain in plain(page) and duty.plain in text and duty.text in md


@pytest.mark.parametrize("slug,level", EVERY_LEVEL)
def test_duties_are_one_list_of_eight_to_twelve(client, loaded, slug, level):
    page = client.get(page_url(slug, level)).text
    duties = re.search(r'<ul id="duties">(.*?)</ul>', page, re.S).group(1)
    count = duties.count("<li>")
    assert count == len(described(slug, level).duties)
    if slug == "press-technician":  # the helper's profile has four duties in all
        assert MIN_DUTIES <= count <= MAX_DUTIES


@pytest.mark.parametrize("slug,level", EVERY_LEVEL)
def test_a_description_runs_to_at_most_700_words(client, loaded, slug, level):
    # The fixture profiles are small (the helper has four duties), so the floor
    # of 400 words is checked on the real content; here the page must still
    # read as a description, and never run long.
    # The page says the same words as the .txt (test_page_and_exports_say_the_same_words).
    text_words = words(before_sources(client.get(page_url(slug, level, ".txt")).text))
    assert 150 <= text_words <= 700, text_words


@pytest.mark.parametrize("slug,level", EVERY_LEVEL)
def test_no_talk_about_sources_before_the_sources_heading(client, loaded, slug, level):
    page, text, md = fetch_all(client, slug, level)
    main = main_text(client.get(page_url(slug, level)).text)
    names = [name for source in Source.objects.all() for name in (source.title, source.publisher)]
    for version in (main, text, md):
        body = before_sources(version)
        assert not SOURCE_TALK.search(body), SOURCE_TALK.search(body)
        assert not [name for name in names if name and name in body]
        assert "sources" in version[len(body) :].lower()
    # ... and the sources are there, at the end, with the note on pay.
    description = described(slug, level)
    assert description.sources
    for source in description.sources:
        assert all(source.title in version for version in (page, text, md))
    assert all(description.pay.footnote.text in version for version in (page, text))


def test_pay_comes_first_as_one_range_with_a_note_naming_its_sources(client, loaded):
    page, text, md = fetch_all(client, "press-technician", "junior")
    line = "Pay: $38,000–$47,000 a year (about $18.27–$22.60 an hour)"
    assert f"\n{line} [1]\n" in text
    assert text.index(line) < text.index("WHAT YOU WILL DO")
    assert page.index(line) < page.index("What you will do")
    assert f"**Pay:** {line.removeprefix('Pay: ')} [1]" in md
    note = text[text.index("\nSOURCES\n") :]
    assert "[1] The range runs from the lowest to the highest figure these sources give" in note
    assert "Acme Wage Survey of Press Shops, March 2024" in note
    assert "Press Guild Career Notes, 2025" in note
    html_page = client.get(page_url("press-technician", "junior")).text
    assert '<sup><a href="#note-1" id="note-1-ref" aria-label="Note 1">1</a></sup>' in html_page
    assert '<li id="note-1">' in html_page


def test_a_level_paid_by_one_source_says_so_and_a_level_without_pay_has_the_roles(client, loaded):
    _, senior, _ = fetch_all(client, "press-technician", "supervisor")
    assert "Pay: $62,000–$90,000+ a year (about $29.81–$43.27+ an hour) [1]" in senior
    assert "The range is the one this source gives" in senior
    SalaryBand.objects.filter(role__slug="press-helper").delete()
    _, text, _ = fetch_all(client, "press-helper", "helper")
    assert "Pay: $24,000–$52,000 a year (about $11.54–$25 an hour) [1]" in text
    assert "Pay for the role: no source pays this level alone" in text


def test_hourly_only_bands_give_an_hourly_range(client, loaded):
    SalaryBand.objects.filter(role__slug="press-helper", period="year").delete()
    _, text, _ = fetch_all(client, "press-helper", "helper")
    assert "Pay: $16.60 an hour [1]" in text


def test_the_levels_offered_are_the_roles_own_and_the_rung_that_supervises_them(client, loaded):
    assert [level.key for level in described("press-technician").levels] == LEVELS[
        "press-technician"
    ]
    helper = client.get(page_url("press-helper")).text
    # The helper's "technician" rung is another role: its own description, linked.
    assert client.get(page_url("press-helper", "technician")).status_code == 400
    assert 'see the <a href="/roles/press-technician/job-description/">' in helper
    assert "?level=crew-lead" in helper
    technician = Role.objects.get(slug="press-technician")
    technician.status = Role.Status.DRAFT
    technician.save()
    helper = client.get(page_url("press-helper")).text
    assert "/roles/press-technician/job-description/" not in helper


def test_duties_follow_the_levels_fits_and_unfitted_ones_top_up(client, loaded):
    junior = described("press-technician", "junior").duty_texts
    senior = described("press-technician", "senior").duty_texts
    # Required at the level first, then preferred, then duties naming no rung.
    assert junior[:2] == [
        "Calibrate the height gauge before every run.",
        "Set up each die and check the press’s shut height.",
    ]
    assert senior[:2] == [
        "Set up each die and check the press’s shut height.",
        "Calibrate the height gauge before every run.",
    ]
    assert len(junior) == len(senior) == MIN_DUTIES
    supervisor = described("press-technician", "supervisor").duty_texts
    assert supervisor[0].startswith("Lead the press technicians on your shift")
    # What the senior level requires and the junior does not is the crew's harder work.
    assert "Set up each die and check the press’s shut height." in supervisor
    assert "Calibrate the height gauge before every run." not in supervisor
    assert len(supervisor) == MIN_DUTIES


def junior_and_senior_duties(shared, shared_fits):
    """The junior level's duties once the role has shared duties and six of each level's own."""
    role = Role.objects.get(slug="press-technician")
    add_duties(role, shared, shared_fits, "Shared")
    add_duties(role, 6, {"junior": "required"}, "Junior")
    add_duties(role, 6, {"senior": "required"}, "Senior")
    return described("press-technician", "junior").duty_texts


def test_at_most_twelve_duties_the_most_specific_first(client, loaded):
    junior = junior_and_senior_duties(9, {"junior": "required", "senior": "required"})
    senior = described("press-technician", "senior").duty_texts
    assert len(junior) == len(senior) == MAX_DUTIES
    assert sum(text.startswith("Junior task") for text in junior) == 6
    assert not any(text.startswith("Senior task") for text in junior)
    assert not any(text.startswith("Junior task") for text in senior)


def shared_share(first, second):
    shared = set(first) & set(second)
    return len(shared) / min(len(first), len(second))


def test_the_most_junior_and_most_senior_levels_share_at_most_half(client, loaded):
    junior = junior_and_senior_duties(4, {"junior": "required", "senior": "preferred"})
    for level in ("senior", "supervisor"):
        assert shared_share(junior, described("press-technician", level).duty_texts) <= 0.5, level


def test_requirements_split_by_the_levels_fits(client, loaded):
    role = Role.objects.get(slug="press-technician")
    links = {link.certification.key: link for link in RoleCertification.objects.filter(role=role)}
    fit(links["certified-press-technician"], {"senior": "required"})
    fit(links["servo-technician"], {"senior": "preferred"})
    fit(EducationOption.objects.get(role=role, name="Apprenticeship"), {"junior": "required"})
    _, junior, _ = fetch_all(client, "press-technician", "junior")
    _, senior, _ = fetch_all(client, "press-technician", "senior")
    bring, nice = junior.split("\n\nNICE TO HAVE\n\n")
    assert "- Experience: Up to 3 years of relevant experience: this is an entry level." in bring
    assert "- Education: Apprenticeship" in bring.splitlines()
    assert "Certified Press Technician" not in junior and "Servo" not in junior
    assert "- Certifications: Press Safety Card, Bronze; Press Safety Card, Silver\n" in nice
    bring, nice = senior.split("\n\nNICE TO HAVE\n\n")
    assert "- Experience: 3–8 years of relevant experience.\n" in bring
    assert "- Certifications: Certified Press Technician" in bring.splitlines()
    assert "Servo Technician Badge" in nice and "Certified Press Technician" not in nice
    assert "Apprenticeship" not in senior
    # No fits: nice to have at every level of the role.
    assert "- Skills: Fault finding; Gauge calibration" in nice


def test_the_supervisor_asks_for_its_rungs_records_and_builds_on_the_top_level(client, loaded):
    _, text, _ = fetch_all(client, "press-technician", "supervisor")
    bring, nice = text.split("\n\nNICE TO HAVE\n\n")
    assert "- Experience: 8+ years of relevant experience, including time as a Senior" in bring
    assert "- Skills: Leadership; Teamwork\n" in bring
    assert "- Skills: Die setting; Lean manufacturing\n" in nice
    assert "- Certifications: Press Safety Card, Silver; Certified Press Technician" in nice


def test_plain_text_pastes_cleanly(client, loaded):
    text = client.get(page_url("press-technician", "senior", ".txt")).content.decode("utf-8")
    assert text.startswith("SENIOR PRESS TECHNICIAN\n")
    for mark in ("**", "](", "`", "\n#", "<", "&rsquo;", "&amp;"):
        assert mark not in text, mark
    for heading in ("ABOUT THE JOB", "WHAT YOU WILL DO", "WHAT YOU BRING", "NICE TO HAVE",
                    "WORKING CONDITIONS", "SOURCES"):  # fmt: skip
        assert f"\n\n{heading}\n\n" in text, heading
    # Markdown is gone, and typography is kept: the file's straight apostrophe is a curly one.
    assert "\n- Set up each die and check the press’s shut height.\n" in text
    assert "\n- Program simple PLC steps for new parts.\n" in text
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_markdown_renders_to_headings_and_lists(client, loaded):
    md = client.get(page_url("press-technician", "senior", ".md")).text
    rendered = markdown.markdown(md)
    assert "<h1>Senior Press Technician</h1>" in rendered
    for heading in ("About the job", "What you will do", "What you bring", "Nice to have",
                    "Working conditions", "Sources"):  # fmt: skip
        assert f"<h2>{heading}</h2>" in rendered, heading
    assert "<li>Program simple <strong>PLC</strong> steps for new parts.</li>" in rendered
    assert "<strong>Pay:</strong> $47,000–$66,000+ a year" in rendered


@pytest.mark.parametrize("level", ["", "junior", "senior"])
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


def test_the_role_as_a_whole_names_its_levels_and_the_roles_pay(client, loaded):
    _, text, _ = fetch_all(client, "press-technician")
    assert "We hire for it as Junior Press Technician, Senior Press Technician or Press" in text
    assert "Pay: $41,000–$77,000+ a year (about $19.71–$37.02 an hour) [1]" in text
    assert "Pay for the role as a whole: $41,000–$77,000+/yr, Acme Wage Survey" in text
    assert "Across the levels, you will:" in text


def test_a_working_condition_loses_only_its_talk_about_sources(client, loaded):
    condition = WorkingCondition.objects.get(role__slug="press-technician", kind="ppe")
    condition.text = "Safety glasses at all times; résumés mention ear defenders too."
    condition.save()
    _, text, _ = fetch_all(client, "press-technician", "junior")
    assert "- Protective equipment: Safety glasses at all times.\n" in text
    assert "mention" not in text


@pytest.mark.parametrize("kind", ["/", ".txt", ".md"])
def test_an_unknown_level_says_so_and_lists_the_valid_ones(client, loaded, kind):
    response = client.get(page_url("press-technician", "chief", kind))
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is no level “chief”. Levels: junior, senior, supervisor" in body
    if kind == "/":
        for level in LEVELS["press-technician"]:
            assert f'href="{page_url("press-technician", level)}"' in body
        assert '<select name="level"' in body and 'aria-invalid="true"' in body
        assert body.count("<h1") == 1


def test_rungs_above_the_supervisor_are_not_levels_of_this_description(client, loaded):
    # A plant manager is hired from a management profile, not as a level of this one.
    role = Role.objects.get(slug="press-technician")
    LadderRung.objects.create(role=role, position=10, key="manager", title="Plant Manager")
    assert client.get(page_url("press-technician", "supervisor")).status_code == 200
    assert client.get(page_url("press-technician", "manager")).status_code == 400


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
        ("/roles/press-technician/job-description/?level=supervisor", "Press Shift Supervisor"),
    ]
    # A plant manager above the supervisor is hired from a management profile.
    role = Role.objects.get(slug="press-technician")
    LadderRung.objects.create(role=role, position=10, key="manager", title="Plant Manager")
    page = client.get("/roles/press-technician/career-path/").text
    for level in ("junior", "senior", "supervisor"):
        rung = page[page.index(f'<li id="rung-{level}">') :]
        rung = rung[: rung.index("</li>\n")]
        assert f'href="{page_url("press-technician", level)}">Job description' in rung
    manager = page[page.index('<li id="rung-manager">') :]
    assert "job-description" not in manager[: manager.index("</li>\n")]


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


def test_every_note_mark_points_at_a_note_under_sources(client, loaded):
    page = client.get(page_url("press-technician", "senior")).text
    marks = re.findall(r'<sup><a href="#(note-\d+)"', page)
    notes = re.findall(r'<li id="(note-\d+)">', page[page.index('<h2 id="sources-h">') :])
    assert marks and set(marks) <= set(notes)


def test_copy_button_is_left_to_an_external_deferred_script(client, loaded):
    page = client.get(page_url("press-technician", "senior")).text
    # Data blocks (JSON-LD) are not scripts that run; every script that runs is external.
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    runnable = [body for attributes, body in scripts if "application/ld+json" not in attributes]
    assert runnable == [""]
    assert re.search(r'<script src="/static/js/copy-job-description[.\w]*\.js" defer>', page)
    actions = re.search(r'<p class="jd-actions".*?</p>', page, re.S).group()
    assert "<button" not in actions  # the script makes the button
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
    for level in ("", "senior", "supervisor"):
        with django_assert_num_queries(QUERIES):
            assert client.get(page_url("press-technician", level, kind)).status_code == 200
    role = Role.objects.get(slug="press-technician")
    double_every_item(role)
    add_duties(role, 5, {"junior": "required", "senior": "preferred"}, "Extra")
    for position, key in ((10, "manager"), (11, "director")):
        LadderRung.objects.create(role=role, position=position, key=key, title=key.title())
    with django_assert_num_queries(QUERIES):
        response = client.get(page_url("press-technician", "junior", kind))
    page = response.content.decode()
    if kind == "/":  # the form's duty boxes name them too
        page = re.search(r'<ul id="duties">.*?</ul>', page, re.S).group()
    assert page.count("Extra task number") == 5
