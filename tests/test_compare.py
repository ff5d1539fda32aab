"""Comparing roles side by side: /compare/?roles=a,b."""

import re

import pytest
from django.urls import reverse

from roles.catalog import CERTIFICATIONS, TOOLS
from roles.comparison import (
    canonical_query,
    check_selection,
    compare_roles,
    comparison_partners,
    marked,
    parse_slugs,
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
# published roles those rungs link to.
COMPARE_QUERIES = 8 + CONTENT_VERSION


def cell_text(html, row_label):
    """The text of one table row, tags removed, for asserting what a row says."""
    row = re.search(rf'<th scope="row">{row_label}</th>(.*?)</tr>', html, re.S)
    assert row, row_label
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(1)))


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
    assert '<th scope="col"><a href="/roles/press-helper/">' in html
    assert '<th scope="col"><a href="/roles/press-technician/">' in html
    median = cell_text(html, "Median pay")
    assert "$33,000" in median and "$56,000" in median
    assert "Source: State Pay Tables for Press Helpers" in median
    assert "May 2023" in median and "March 2024" in median
    pay_range = cell_text(html, "Pay range")
    assert "$24,000–$52,000" in pay_range and "$41,000–$77,000+" in pay_range
    assert pay_range.count("Source:") == 2
    education = cell_text(html, "Typical education")
    assert "High school diploma preferred" in education
    assert "High school diploma, then a press course" in education
    assert education.count("Source:") == 2
    assert cell_text(html, "Stress level").split() == ["Low", "Moderate"]
    balance = cell_text(html, "Work-life balance")
    assert balance.index("Good") < balance.index("Fair") and balance.count("Source:") == 2
    duties = cell_text(html, "Responsi&shy;bilities")
    assert "4 duties in 3 areas" in duties and "10 duties in 4 areas" in duties


def test_shared_items_are_marked_in_words_not_only_colour(client, loaded):
    html = client.get(BOTH).text
    shared_mark = '<span class="visually-hidden">Shared: </span>'
    assert f"{shared_mark}Press Safety Card, Bronze" in html
    assert f"{shared_mark}Forklift Licence" not in html
    assert "Forklift Licence" in html
    assert f"{shared_mark}Press logic controllers" not in html
    certifications = cell_text(html, "Certifi\u00adcations")
    assert "3 listed · 2 shared" in certifications and "4 listed · 2 shared" in certifications
    assert "✓</span> Shared: every role in the table lists it" in html


def test_ladder_position_row(client, loaded):
    html = client.get(BOTH).text
    ladder = cell_text(html, "Career ladder")
    assert "Rung 1 of 3" in ladder and "Entry level" in ladder
    assert "next step: Press Technician" in ladder
    assert "Rungs 1–2 of 3" in ladder and "0–8 years" in ladder
    assert "next step: Press Shift Supervisor (8+ years)" in ladder
    assert "Rung 2 of 3 on the Press Helper ladder, after Press Helper" in ladder
    assert "on the Press Helper career ladder" in html


def test_the_table_scrolls_inside_a_named_focusable_region(client, loaded):
    html = client.get(BOTH).text
    assert (
        '<div class="table-scroll" role="region" aria-labelledby="compare-caption" tabindex="0">'
        in html
    )
    assert '<caption id="compare-caption">' in html


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
    assert html.count('<th scope="col">') == 3
    shared_mark = '<span class="visually-hidden">Shared: </span>'
    # Shared now means in all three: safety glasses are, the tracker (not in the third role) is not.
    assert f"{shared_mark}Safety glasses" in html
    assert f"{shared_mark}Shop-floor tracker" not in html
    tools = cell_text(html, "Tools")
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


def test_role_page_header_links_to_the_comparison(client, loaded):
    for slug, partner, title in [
        ("press-helper", "press-technician", "Press Technician"),
        ("press-technician", "press-helper", "Press Helper"),
    ]:
        html = client.get(f"/roles/{slug}/").text
        header = html[html.index('<header class="role-head">') :]
        header = header[: header.index("</header>")]
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
