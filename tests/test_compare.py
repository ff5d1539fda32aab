"""Comparing roles side by side: /compare/?roles=a,b."""

import re

import pytest
from django.urls import reverse

from roles.catalog import CERTIFICATIONS, TOOLS
from roles.comparison import (
    LadderPosition,
    MoveUp,
    canonical_query,
    check_selection,
    compare_roles,
    comparison_partners,
    education_difference,
    marked,
    parse_slugs,
    pay_difference,
    roles_for_comparison,
    years_span,
)
from roles.models import (
    Certification,
    LadderRung,
    Responsibility,
    Role,
    RoleCertification,
    RoleSkill,
    RoleTool,
    Skill,
    Tool,
)

from .budgets import CONTENT_VERSION

BOTH = "/compare/?roles=press-helper,press-technician"
# Queries: the published roles for the form, then the compared roles with
# their responsibilities, tools, skills, certifications, ladder rungs and the
# published roles those rungs link to. The main differences at the top read the
# same prefetched rows: they cost no query of their own.
COMPARE_QUERIES = 8 + CONTENT_VERSION


def words(fragment):
    """A fragment's text, tags removed and spaces collapsed, for asserting what it says."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def aspect_text(html, key):
    """The text of one aspect's section (id aspect-<key>): every role's entry, in order."""
    section = re.search(rf'<h3 id="aspect-{key}">(.*?)</section>', html, re.S)
    assert section, key
    return words(section.group(1))


def summary_text(html, line):
    """The text of one line of the main differences (median pay, education, move up)."""
    found = re.search(
        rf'<div class="summary-line" id="summary-{line}">(.*?)</dd></div>', html, re.S
    )
    assert found, line
    return words(found.group(1))


def add_published_role(slug, title, tools=(), skills=(), certifications=()):
    """A small published role that uses existing catalog records."""
    role = Role.objects.create(slug=slug, title=title, summary=f"{title} summary.")
    Responsibility.objects.create(role=role, position=0, area="Machines", text="Run a machine.")
    for position, key in enumerate(tools):
        RoleTool.objects.create(role=role, position=position, tool=Tool.objects.get(key=key))
    for position, key in enumerate(skills):
        RoleSkill.objects.create(role=role, position=position, skill=Skill.objects.get(key=key))
    for position, key in enumerate(certifications):
        RoleCertification.objects.create(
            role=role, position=position, certification=Certification.objects.get(key=key)
        )
    LadderRung.objects.create(role=role, position=0, key="entry", title=title, linked_role=role)
    return role


@pytest.fixture
def machine_operator(loaded):
    return add_published_role(
        "machine-operator",
        "Machine Operator",
        tools=["safety-glasses", "wrench-set", "plc"],
        skills=["fault-finding", "teamwork"],
        certifications=["press-safety-bronze"],
    )


# --- the pure functions ---------------------------------------------------------


def test_slugs_are_split_on_commas_trimmed_lowered_and_deduplicated():
    assert parse_slugs(["a, B", "c", "a,,"]) == ["a", "b", "c"]
    assert canonical_query(["a", "b"]) == "roles=a,b"


def test_selection_problems():
    published = {"a", "b", "c", "d"}
    assert check_selection([], published).is_empty
    assert check_selection(["a", "b"], published).is_valid
    assert check_selection(["a", "x"], published).unknown == ["x"]
    assert check_selection(["a"], published).too_few
    assert check_selection(["a", "b", "c", "d"], published).too_many
    assert check_selection(["a", "b", "c"], published).is_valid


def test_years_span_across_rungs():
    assert years_span([LadderRung(years_max=2), LadderRung(years_min=7, years_max=10)]) == (
        "0–10 years"
    )
    assert years_span([LadderRung(years_min=10)]) == "10+ years"
    assert years_span([LadderRung()]) == ""


def test_shared_records_come_first_by_name_then_the_roles_own_order():
    records = [Tool(key="z", name="Zeta"), Tool(key="b", name="Beta"), Tool(key="a", name="Alpha")]
    items = marked(records, {"z", "a"})
    assert [(item.record.key, item.shared) for item in items] == [
        ("a", True),
        ("z", True),
        ("b", False),
    ]


def test_comparison_marks_only_what_every_role_lists(loaded):
    comparison = compare_roles(roles_for_comparison(["press-helper", "press-technician"]))
    helper, technician = comparison.columns
    shared = {item.record.key for item in helper.records[CERTIFICATIONS].items if item.shared}
    assert shared == {"press-safety-bronze", "press-safety-silver"}
    assert technician.records[CERTIFICATIONS].shared_count == 2
    unshared = [item for item in technician.records[TOOLS].items if not item.shared]
    assert {item.record.key for item in unshared} == {"plc", "oil-tester"}
    assert comparison.steps == [(helper.role, technician.role)]


def test_ladder_positions(loaded):
    comparison = compare_roles(roles_for_comparison(["press-helper", "press-technician"]))
    helper, technician = (column.ladder for column in comparison.columns)
    assert (helper.first, helper.last, helper.rung_count) == (1, 1, 3)
    assert helper.is_entry_level
    assert helper.next_rung.linked_role.slug == "press-technician"
    assert (technician.first, technician.last, technician.rung_count) == (1, 2, 3)
    assert technician.years == "0–8 years"
    assert technician.next_rung.title == "Press Shift Supervisor"
    [arrival] = technician.arrivals
    assert (arrival.ladder_role.slug, arrival.number, arrival.rung_count) == ("press-helper", 2, 3)
    assert arrival.after.title == "Press Helper"


# --- the main differences -------------------------------------------------------


def role_paid(title, median, currency="USD", period="year", source_id=1):
    return Role(
        title=title,
        median_pay=median,
        median_pay_currency=currency,
        median_pay_period=period,
        median_pay_source_id=source_id if median is not None else None,
    )


def test_pay_gap_is_between_the_highest_and_lowest_median():
    low, high, middle = role_paid("Low", 30000), role_paid("High", 52500), role_paid("Mid", 41000)
    pay = pay_difference([low, high, middle])
    assert (pay.highest, pay.lowest) == (high, low)
    assert pay.gap == 22500 and pay.gap_label == "$22,500 a year"
    assert not pay.sources_differ and not pay.missing


def test_pay_gap_needs_one_currency_and_one_period():
    yearly, hourly = role_paid("A", 40000), role_paid("B", 21, period="hour")
    pay = pay_difference([yearly, hourly])
    assert pay.units_differ and not pay.is_compared and pay.gap_label == ""
    pay = pay_difference([yearly, role_paid("C", 38000, currency="EUR")])
    assert pay.units_differ and not pay.is_compared


def test_a_missing_median_is_left_out_of_the_gap_and_named():
    given, missing, other = (
        role_paid("A", 40000),
        role_paid("B", None),
        role_paid("C", 45000, source_id=2),
    )
    pay = pay_difference([given, missing])
    assert pay.missing == [missing] and not pay.is_compared
    pay = pay_difference([given, missing, other])
    assert (pay.highest, pay.lowest, pay.missing) == (other, given, [missing])
    assert pay.sources_differ


def test_same_education_is_noticed_whatever_the_case():
    roles = [Role(typical_education="A diploma"), Role(typical_education="a diploma ")]
    assert education_difference(roles).is_the_same
    roles.append(Role(typical_education=""))
    education = education_difference(roles)
    assert not education.is_the_same and education.missing == [roles[2]]


def test_time_to_move_up_reads_the_ladders_years(loaded):
    comparison = compare_roles(roles_for_comparison(["press-helper", "press-technician"]))
    helper, technician = comparison.moves
    assert technician.next_rung.title == "Press Shift Supervisor"
    assert technician.years == 8
    assert [rung.title for rung in technician.steps] == [
        "Junior Press Technician",
        "Senior Press Technician",
    ]
    assert [source.key for source in technician.sources] == ["press-guild-guide"]
    assert helper.next_rung.title == "Press Technician" and helper.years is None


def test_time_to_move_up_falls_back_to_where_the_roles_own_rungs_end():
    own = [LadderRung(title="Junior", years_max=3), LadderRung(title="Senior", years_max=6)]
    position = LadderPosition(rung_count=3, own=own, first=1, last=2)
    position.next_rung = LadderRung(title="Lead")
    assert MoveUp(Role(), position).years == 6
    position.next_rung = None
    assert MoveUp(Role(), position).years is None


def test_summary_gives_both_medians_with_sources_and_the_gap(client, loaded):
    html = client.get(BOTH).text
    pay = summary_text(html, "pay")
    assert "Press Helper: $33,000 /yr Source: State Pay Tables for Press Helpers, May 2023" in pay
    assert (
        "Press Technician: $56,000 /yr Source: Acme Wage Survey of Press Shops, March 2024" in pay
    )
    assert "Press Technician’s median is $23,000 a year more than Press Helper’s." in pay
    # The two medians come from different surveys: a footnote says so and names both.
    assert '<a href="#pay-sources-note" id="pay-sources-ref">' in html
    note = re.search(r'<p class="note" id="pay-sources-note">(.*?)</p>', html, re.S)
    assert "Press Helper’s from State Pay Tables for Press Helpers" in words(note.group(1))
    assert "Press Technician’s from Acme Wage Survey of Press Shops" in words(note.group(1))
    # The summary comes before the aspect-by-aspect detail.
    assert html.index('id="summary-h"') < html.index('id="aspects-h"')


def test_one_source_for_both_medians_needs_no_footnote(client, loaded):
    helper = Role.objects.get(slug="press-helper")
    Role.objects.filter(slug="press-technician").update(
        median_pay_source=helper.median_pay_source, median_pay_as_of=helper.median_pay_as_of
    )
    html = client.get(BOTH).text
    assert "$23,000 a year more" in summary_text(html, "pay")
    assert "pay-sources-note" not in html


def test_summary_says_plainly_when_a_median_is_missing(client, loaded):
    Role.objects.filter(slug="press-helper").update(median_pay=None, median_pay_source=None)
    pay = summary_text(client.get(BOTH).text, "pay")
    assert "Press Helper: no median pay is given." in pay
    assert "Only Press Technician has a median, so there is no difference to work out." in pay
    assert "more than" not in pay


def test_summary_does_not_set_an_hourly_median_against_a_yearly_one(client, loaded):
    Role.objects.filter(slug="press-helper").update(median_pay=16, median_pay_period="hour")
    html = client.get(BOTH).text
    pay = summary_text(html, "pay")
    assert "Press Helper: $16 /hr" in pay
    assert "different currencies or pay periods, so no difference is worked out" in pay
    assert "more than" not in pay and "pay-sources-note" not in html


def test_summary_gives_each_roles_education_with_its_source(client, loaded):
    education = summary_text(client.get(BOTH).text, "education")
    assert (
        "Press Helper: High school diploma preferred Source: Press Helper Handbook, September 2023"
        in education
    )
    assert (
        "Press Technician: High school diploma, then a press course "
        "Source: Press Guild Career Notes, 2025" in education
    )
    assert "the same education" not in education


def test_summary_says_when_education_is_the_same(client, loaded):
    same = Role.objects.get(slug="press-helper").typical_education
    Role.objects.filter(slug="press-technician").update(typical_education=same)
    education = summary_text(client.get(BOTH).text, "education")
    assert "The roles ask for the same education." in education
    # Each role's own source, though the words agree, and one for the helper's
    # on-the-job training.
    assert education.count("Source:") == 3


def test_summary_says_plainly_when_education_is_missing(client, loaded):
    Role.objects.filter(slug="press-helper").update(
        typical_education="", typical_education_source=None
    )
    education = summary_text(client.get(BOTH).text, "education")
    assert "Press Helper: no typical education is given." in education
    assert "Press Technician: High school diploma, then a press course" in education
    assert "the same education" not in education


def test_summary_gives_each_roles_time_to_move_up_with_its_source(client, machine_operator):
    moves = summary_text(client.get(BOTH + ",machine-operator").text, "move-up")
    assert (
        "Press Helper: next step Press Technician; its ladder gives no years for it. "
        "Source: Press Helper Handbook, September 2023" in moves
    )
    assert (
        "Press Technician: next step Press Shift Supervisor at about 8 years of experience, "
        "after Junior Press Technician (0–3 years), Senior Press Technician (3–8 years). "
        "Source: Press Guild Career Notes, 2025" in moves
    )
    assert "Machine Operator: not placed on its own career ladder, so no time is given." in moves


def test_three_roles_summary_names_the_highest_and_lowest_median(client, machine_operator):
    Role.objects.filter(slug="machine-operator").update(
        median_pay=45000,
        median_pay_currency="USD",
        median_pay_period="year",
        median_pay_source=Role.objects.get(slug="press-helper").median_pay_source,
    )
    pay = summary_text(client.get(BOTH + ",machine-operator").text, "pay")
    assert "Machine Operator: $45,000 /yr Source: State Pay Tables for Press Helpers" in pay
    assert (
        "Press Technician has the highest median here, $23,000 a year more than "
        "Press Helper, the lowest." in pay
    )


# --- the page ---------------------------------------------------------------------


def test_no_roles_shows_a_get_form_of_every_published_role(client, loaded):
    response = client.get("/compare/")
    assert response.status_code == 200
    html = response.text
    form = html[html.index('<form class="compare-form"') :]
    assert 'method="get"' in form
    for role in Role.objects.filter(status=Role.Status.PUBLISHED):
        assert f'name="roles" value="{role.slug}"' in form
    assert '<button class="button" type="submit">Compare</button>' in form
    assert 'value="die-setter"' not in form  # a draft
    assert "<table" not in html
    assert html.count("<h1") == 1


def test_two_roles_side_by_side(client, loaded):
    response = client.get(BOTH)
    assert response.status_code == 200
    html = response.text
    assert "<h1>Press Helper vs. Press Technician</h1>" in html
    assert 'Full profiles: <a href="/roles/press-helper/">Press Helper</a>,' in html
    assert '<a href="/roles/press-technician/">Press Technician</a>.' in html
    # Each aspect gives every role an entry that names it, so stacked entries still say whose.
    assert aspect_text(html, "median-pay").startswith("Median pay Press Helper $33,000")
    median = aspect_text(html, "median-pay")
    assert "$33,000" in median and "$56,000" in median
    assert "Source: State Pay Tables for Press Helpers" in median
    assert "May 2023" in median and "March 2024" in median
    pay_range = aspect_text(html, "pay-range")
    assert "$24,000–$52,000" in pay_range and "$41,000–$77,000+" in pay_range
    assert pay_range.count("Source:") == 2
    education = aspect_text(html, "education")
    assert "High school diploma preferred" in education
    assert "High school diploma, then a press course" in education
    assert education.count("Source:") == 2
    assert aspect_text(html, "stress") == "Stress level Press Helper Low Press Technician Moderate"
    balance = aspect_text(html, "balance")
    assert balance.index("Good") < balance.index("Fair") and balance.count("Source:") == 2
    duties = aspect_text(html, "duties")
    assert "4 duties in 3 areas" in duties and "10 duties in 4 areas" in duties


def test_no_label_carries_a_soft_hyphen(client, loaded):
    # A soft hyphen lets the browser break "Responsibilities" mid-word in a narrow column.
    html = client.get(BOTH).text
    assert "&shy;" not in html and "\u00ad" not in html
    assert '<h3 id="aspect-duties">Responsibilities</h3>' in html


def test_shared_items_are_marked_in_words_not_only_colour(client, loaded):
    html = client.get(BOTH).text
    shared_mark = '<span class="visually-hidden">Shared: </span>'
    assert f"{shared_mark}Press Safety Card, Bronze" in html
    assert f"{shared_mark}Forklift Licence" not in html
    assert "Forklift Licence" in html
    assert f"{shared_mark}Press logic controllers" not in html
    certifications = aspect_text(html, "certifications")
    assert "3 listed · 2 shared" in certifications and "4 listed · 2 shared" in certifications
    assert "✓</span> Shared: every role compared here lists it" in html


def test_ladder_position_row(client, loaded):
    html = client.get(BOTH).text
    ladder = aspect_text(html, "ladder")
    assert "Step 1 of 3" in ladder and "Entry level" in ladder
    assert "next step: Press Technician" in ladder
    assert "Steps 1–2 of 3" in ladder and "0–8 years" in ladder
    assert "next step: Press Shift Supervisor (8+ years)" in ladder
    assert "Step 2 of 3 on the Press Helper ladder, after Press Helper" in ladder
    assert "on the Press Helper career ladder" in html


def test_every_aspect_is_a_titled_section_with_one_entry_per_role(client, machine_operator):
    for roles, count in [(BOTH, 2), (BOTH + ",machine-operator", 3)]:
        html = client.get(roles).text
        sections = re.findall(
            r'<section class="compare-aspect" aria-labelledby="aspect-([a-z-]+)">', html
        )
        assert sections == [
            "median-pay", "pay-range", "education", "ladder", "duties",
            "certifications", "tools", "skills", "stress", "balance",
        ]  # fmt: skip
        assert html.count(f'<dl class="compare-cells cols-{count}">') == len(sections)
        assert html.count('<div class="compare-cell"><dt>') == count * len(sections)
        # The page's own stylesheet, which lays the entries out for phones.
        assert 'href="/static/css/compare.' in html


def test_repeated_params_redirect_to_the_comma_form(client, loaded):
    response = client.get("/compare/?roles=press-helper&roles=press-technician")
    assert response.status_code == 302
    assert response["Location"] == BOTH
    response = client.get("/compare/?roles= Press-Helper ,press-technician,")
    assert response["Location"] == BOTH
    assert client.get("/compare/?roles=").status_code == 200


def test_three_roles(client, machine_operator):
    url = BOTH + ",machine-operator"
    response = client.get(url)
    assert response.status_code == 200
    html = response.text
    assert aspect_text(html, "stress").count("Not rated") == 1  # the third role's entry
    shared_mark = '<span class="visually-hidden">Shared: </span>'
    # Shared now means in all three: safety glasses are, the tracker (not in the third role) is not.
    assert f"{shared_mark}Safety glasses" in html
    assert f"{shared_mark}Shop-floor tracker" not in html
    tools = aspect_text(html, "tools")
    assert "4 listed · 2 shared" in tools and "5 listed · 2 shared" in tools
    assert "3 listed · 2 shared" in tools


def test_the_form_on_a_comparison_keeps_the_roles_ticked(client, machine_operator):
    html = client.get(BOTH).text
    form = html[html.index('<form class="compare-form"') :]
    assert 'value="press-helper" checked' in form
    assert 'value="machine-operator">' in form


def valid_roles_listed(html):
    return all(f"<code>{slug}</code>" in html for slug in ("press-helper", "press-technician"))


def test_unknown_slug_is_named_with_the_valid_ones_and_the_form(client, loaded):
    response = client.get("/compare/?roles=press-helper,welder")
    assert response.status_code == 400
    html = response.text
    assert "There is no published role called “welder”." in html
    assert valid_roles_listed(html)
    assert "<code>die-setter</code>" not in html  # a draft is not offered
    assert '<form class="compare-form"' in html
    assert "Manufacturing Career Guide" in html  # the site's own page, not an error page


def test_a_draft_role_is_unknown(client, loaded):
    Role.objects.filter(slug="press-technician").update(status=Role.Status.DRAFT)
    html = client.get(BOTH).text
    assert "There is no published role called “press-technician”." in html
    html = client.get("/compare/?roles=press-helper,die-setter").text
    assert "There is no published role called “die-setter”." in html


def test_one_role_is_too_few(client, loaded):
    response = client.get("/compare/?roles=press-helper")
    assert response.status_code == 400
    assert "You picked only “press-helper”. Pick at least two roles." in response.text
    assert valid_roles_listed(response.text)


def test_four_roles_are_too_many(client, machine_operator):
    add_published_role("assembler", "Assembler", tools=["safety-glasses"])
    response = client.get(BOTH + ",machine-operator,assembler")
    assert response.status_code == 400
    assert "You picked 4 roles. Pick at most 3" in response.text
    assert "no published role" not in response.text
    assert '<form class="compare-form"' in response.text


def test_role_summary_links_to_the_comparison(client, loaded):
    for slug, partner, title in [
        ("press-helper", "press-technician", "Press Technician"),
        ("press-technician", "press-helper", "Press Helper"),
    ]:
        html = client.get(f"/roles/{slug}/").text
        header = html[html.index('<section class="role-links"') :]
        header = header[: header.index("</section>")]
        assert f'<a href="/compare/?roles={slug},{partner}">Compare with {title}</a>' in header


def role_as_its_page_loads_it(slug):
    links = ["ladderrung_set__linked_role", "relatedcareer_set__linked_role"]
    return Role.objects.prefetch_related(*links, "comparison_set__linked_role").get(slug=slug)


def test_comparison_partners_are_published_roles_the_page_links_to(loaded):
    role = role_as_its_page_loads_it("press-helper")
    assert [partner.slug for partner in comparison_partners(role)] == ["press-technician"]
    Role.objects.filter(slug="press-technician").update(status=Role.Status.DRAFT)
    assert comparison_partners(role_as_its_page_loads_it("press-helper")) == []


@pytest.mark.parametrize("roles", ["", ",machine-operator"])
def test_query_count_is_fixed_for_two_and_three_roles(
    client, machine_operator, django_assert_num_queries, roles
):
    with django_assert_num_queries(COMPARE_QUERIES):
        assert client.get(BOTH + roles).status_code == 200


def test_form_and_error_pages_cost_one_query(client, loaded, django_assert_num_queries):
    with django_assert_num_queries(1 + CONTENT_VERSION):
        client.get(reverse("roles:compare"))
    with django_assert_num_queries(1 + CONTENT_VERSION):
        client.get("/compare/?roles=nope,press-helper")


def test_summary_adds_the_training_on_the_job_where_a_source_gives_it(client, loaded):
    html = client.get("/compare/?roles=press-helper,press-technician").text
    line = html[html.index('id="summary-education"') :]
    line = line[: line.index("</dd>")]
    assert "On the job:</span> A few weeks beside an experienced helper" in line
    assert "Press Helper Handbook" in line  # with its source
