"""The skills self-check: /skills-check/?skills=...&tools=...&certifications=..."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from roles.models import LadderRung, Role, Skill, Tool
from roles.skills_check import (
    offered_records,
    ranked_matches,
    read_selection,
    roles_for_check,
    targets_for,
)

URL = "/skills-check/"
# Published roles, then their skills, tools, certifications, entry steps,
# ladder rungs and the rungs' skills, tools and certifications.
CHECK_QUERIES = 9
# Hand-picked: two skills, two tools and one certification of the Associate's
# first rung (which asks for 5 skills, 5 tools and 2 certifications).
SOME = {
    "skills": ["machine-operation", "osha-compliance"],
    "tools": ["ppe", "hand-power-tools"],
    "certifications": ["osha-10"],
}


def check_url(ticks):
    return f"{URL}?{urlencode(ticks, doseq=True)}"


def associate_requirements():
    role = Role.objects.get(slug="production-associate")
    return {
        "skills": list(role.roleskill_set.values_list("skill__key", flat=True)),
        "tools": list(role.roletool_set.values_list("tool__key", flat=True)),
        "certifications": list(
            role.rolecertification_set.values_list("certification__key", flat=True)
        ),
    }


def matches_for(ticks):
    targets = targets_for(roles_for_check())
    return ranked_matches(targets, read_selection(ticks, offered_records(targets)))


def by_title(matches):
    return {(m.target.title, m.target.role.slug, m.target.is_role): m for m in matches}


def results_of(html):
    return html[html.index('id="results-h"') : html.index('id="check-form-h"')]


# --- the pure functions -------------------------------------------------------------


def test_every_published_role_and_every_rung_is_a_target(loaded):
    targets = targets_for(roles_for_check())
    assert sum(target.is_role for target in targets) == 2
    assert sum(not target.is_role for target in targets) == LadderRung.objects.count() == 11


def test_hand_computed_percentages(loaded):
    matches = by_title(matches_for(SOME))
    rung = matches[("Production Associate", "production-associate", False)]
    assert (rung.have, rung.total, rung.percent) == (5, 12, 41)  # 5/12 = 41.7%, rounded down
    junior = matches[("Junior Production Technician", "production-technician", False)]
    # 2 of its 7 skills, 2 of its 6 tools, 1 of its 2 certifications.
    assert (junior.have, junior.total, junior.percent) == (5, 15, 33)
    role = matches[("Production Associate", "production-associate", True)]
    # 2 of 34 skills, 2 of 20 tools, 1 of 6 certifications.
    assert (role.have, role.total, role.percent) == (5, 60, 8)
    assert rung.summary == "3 skills, 3 tools and 1 certification"
    assert [record.key for record in rung.missing_certifications] == ["forklift-operator"]


def test_nearest_first_with_lower_rungs_winning_ties(loaded):
    matches = matches_for(SOME)
    assert matches[0].target.title == "Production Associate" and not matches[0].target.is_role
    shares = [m.have / m.total for m in matches]
    assert shares == sorted(shares, reverse=True)
    for first, second in zip(matches, matches[1:], strict=False):
        if first.have * second.total == second.have * first.total:
            assert first.target.rung_number <= second.target.rung_number


def test_all_of_the_associates_requirements_is_a_full_match(loaded):
    matches = matches_for(associate_requirements())
    top = matches[0]
    assert (top.target.title, top.target.is_role) == ("Production Associate", True)
    assert (top.have, top.total, top.percent, top.missing) == (60, 60, 100, [])
    # Its first rung asks for a subset, so it is full too, and comes after the role.
    assert (matches[1].target.title, matches[1].percent) == ("Production Associate", 100)
    assert all(m.percent < 100 for m in matches[2:])


def test_unknown_keys_are_set_aside(loaded):
    targets = targets_for(roles_for_check())
    selection = read_selection(
        {"skills": ["teamwork", "juggling", "teamwork"], "tools": ["warp-drive"]},
        offered_records(targets),
    )
    assert selection.have["skills"] == {"teamwork"}
    assert selection.unknown_keys == ["juggling", "warp-drive"]


# --- the page -------------------------------------------------------------------------


def test_empty_form_explains_and_shows_no_results(client, loaded):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.text
    assert "Nothing is ticked yet" in html
    assert "Your matches" not in html and "nearest next step" not in html
    form = html[html.index('<form class="check-form"') :]
    assert 'method="get"' in form
    for legend in ["Skills", "Technical skills", "Soft skills", "Tools",
                   "Automation and controls", "Certifications"]:  # fmt: skip
        assert f"<legend>{legend}</legend>" in form, legend
    assert 'name="skills" value="teamwork"' in form
    assert 'name="tools" value="plc"' in form
    assert 'name="certifications" value="osha-10"' in form
    assert " checked" not in form
    assert html.count("<h1") == 1


def test_every_checkbox_has_a_label(client, loaded):
    html = client.get(URL).text
    ids = re.findall(r'<input type="checkbox" id="([^"]+)"', html)
    assert len(ids) > 100
    for input_id in ids:
        assert f'<label for="{input_id}">' in html


def test_only_records_published_roles_use_are_offered(client, loaded):
    Skill.objects.create(key="unused-skill", name="Unused skill", kind="soft")
    assert 'value="unused-skill"' not in client.get(URL).text
    Role.objects.filter(slug="production-technician").update(status=Role.Status.DRAFT)
    html = client.get(URL).text
    assert 'value="plc"' not in html  # only the Technician needs a PLC
    assert 'value="ppe"' in html


def test_a_shared_address_reproduces_the_result_and_reticks_the_boxes(client, loaded):
    url = check_url(SOME)
    first, second = client.get(url).text, client.get(url).text
    assert first == second
    for param, keys in SOME.items():
        for key in keys:
            assert f'name="{param}" value="{key}" checked' in first
    assert 'name="skills" value="teamwork">' in first  # not ticked
    assert "You ticked 2 skills, 2 tools and 1 certification." in first


def test_result_shows_percent_counts_and_the_nearest_label_on_top(client, loaded):
    html = results_of(client.get(check_url(SOME)).text)
    cards = html.split('<li class="match-card')[1:]
    assert len(cards) == 13
    assert "Your nearest next step" in cards[0]
    assert "Your nearest next step" not in "".join(cards[1:])
    assert "<strong>41%</strong> match: you have 5 of 12" in cards[0]
    assert "Rung 1 of 4 on the Production Associate career ladder" in cards[0]
    assert "<strong>33%</strong> match: you have 5 of 15" in cards[1]
    assert "<strong>8%</strong> match: you have 5 of 60" in html


def test_missing_items_link_to_their_pages_with_ways_to_close_the_gap(client, loaded):
    html = results_of(client.get(check_url(SOME)).text)
    nearest = html.split('<li class="match-card')[1]
    documentation = reverse("roles:skill-detail", kwargs={"key": "documentation"})
    conveyors = reverse("roles:tool-detail", kwargs={"key": "conveyors"})
    forklift = reverse("roles:certification-detail", kwargs={"key": "forklift-operator"})
    assert f'<a href="{documentation}">Documentation</a>' in nearest
    assert f'<a href="{conveyors}">Conveyor systems</a>' in nearest
    assert "Certifications to earn" in nearest and f'<a href="{forklift}">' in nearest
    assert "Focus at this rung" in nearest and "Master basic machine operation" in nearest
    # What the person has is not listed as missing.
    machine = reverse("roles:skill-detail", kwargs={"key": "machine-operation"})
    assert f'href="{machine}"' not in nearest
    role_card = next(card for card in html.split("<li class=") if "Role profile" in card)
    assert "Steps into the role" in role_card
    assert "Finish high school or a GED" in role_card


def test_a_full_match_says_so(client, loaded):
    html = results_of(client.get(check_url(associate_requirements())).text)
    nearest = html.split('<li class="match-card')[1]
    assert "<strong>100%</strong> match: you have 60 of 60" in nearest
    assert "Role profile" in nearest
    assert "You have everything it lists." in nearest


def test_unknown_keys_are_named_in_a_notice(client, loaded):
    html = client.get(check_url({"skills": ["teamwork", "juggling"], "tools": ["x-ray"]})).text
    assert "We left out 2 items in the address that the guide does not list" in html
    assert "<code>juggling</code>" in html and "<code>x-ray</code>" in html
    assert "Your matches" in html
    only_unknown = client.get(check_url({"skills": ["juggling"]})).text
    assert "<code>juggling</code>" in only_unknown
    assert "Your matches" not in only_unknown and "Nothing is ticked yet" in only_unknown


@pytest.mark.parametrize("ticks", [{}, SOME])
def test_query_count_is_fixed(client, loaded, django_assert_num_queries, ticks):
    with django_assert_num_queries(CHECK_QUERIES):
        assert client.get(check_url(ticks)).status_code == 200


def test_query_count_does_not_grow_with_roles(client, loaded, django_assert_num_queries):
    role = Role.objects.create(slug="machine-operator", title="Machine Operator", summary="Runs.")
    rung = LadderRung.objects.create(role=role, position=0, key="entry", title="Operator")
    rung.tools.set(Tool.objects.all()[:3])
    with django_assert_num_queries(CHECK_QUERIES):
        html = client.get(check_url(SOME)).text
    assert "Rung 1 of 1 on the Machine Operator career ladder" in html
