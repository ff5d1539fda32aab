"""The skills self-check: /skills-check/?skills=...&tools=...&certifications=..."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from roles.models import Certification, LadderRung, Role, Skill, Tool
from roles.skills_check import (
    offered_records,
    ranked_matches,
    read_selection,
    targets_for,
)

URL = "/skills-check/"
# Published roles, then their skills, tools, certifications, entry steps,
# ladder rungs and the rungs' skills, tools and certifications.
CHECK_QUERIES = 9
# Hand-picked: one skill, two tools and one certification of the Helper's
# first rung (which asks for 2 skills, 3 tools and 2 certifications).
SOME = {
    "skills": ["quality-inspection"],
    "tools": ["safety-glasses", "wrench-set"],
    "certifications": ["press-safety-bronze"],
}


def roles_for_check():
    return Role.objects.published().for_skills_check()


def check_url(ticks):
    return f"{URL}?{urlencode(ticks, doseq=True)}"


def helper_requirements():
    role = Role.objects.get(slug="press-helper")
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
    published_rungs = LadderRung.objects.filter(role__status=Role.Status.PUBLISHED)
    assert sum(not target.is_role for target in targets) == published_rungs.count() == 6


def test_hand_computed_percentages(loaded):
    matches = by_title(matches_for(SOME))
    rung = matches[("Press Helper", "press-helper", False)]
    assert (rung.have, rung.total, rung.percent) == (4, 7, 57)  # 4/7 = 57.1%, rounded down
    junior = matches[("Junior Press Technician", "press-technician", False)]
    # 0 of its 2 skills, 2 of its 3 tools, 1 of its 1 certification.
    assert (junior.have, junior.total, junior.percent) == (3, 6, 50)
    role = matches[("Press Helper", "press-helper", True)]
    # 1 of 4 skills, 2 of 4 tools, 1 of 3 certifications.
    assert (role.have, role.total, role.percent) == (4, 11, 36)
    technician = matches[("Press Technician", "press-technician", True)]
    assert (technician.have, technician.total, technician.percent) == (3, 16, 18)  # 18.75%
    assert rung.summary == "1 skill, 1 tool and 1 certification"
    assert [record.key for record in rung.missing_certifications] == ["forklift-card"]


def test_nearest_first_with_lower_rungs_winning_ties(loaded):
    matches = matches_for(SOME)
    assert matches[0].target.title == "Press Helper" and not matches[0].target.is_role
    shares = [m.have / m.total for m in matches]
    assert shares == sorted(shares, reverse=True)
    for first, second in zip(matches, matches[1:], strict=False):
        if first.have * second.total == second.have * first.total:
            assert first.target.rung_number <= second.target.rung_number


def test_all_of_the_helpers_requirements_is_a_full_match(loaded):
    matches = matches_for(helper_requirements())
    top = matches[0]
    assert (top.target.title, top.target.is_role) == ("Press Helper", True)
    assert (top.have, top.total, top.percent, top.missing) == (11, 11, 100, [])
    # Its first rung asks for a subset, so it is full too, and comes after the role.
    assert (matches[1].target.title, matches[1].percent) == ("Press Helper", 100)
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
    assert 'name="certifications" value="press-safety-bronze"' in form
    assert 'value="forklift"' in form
    assert " checked" not in form
    assert html.count("<h1") == 1


def test_every_checkbox_has_a_label(client, loaded):
    html = client.get(URL).text
    ids = re.findall(r'<input type="checkbox" id="([^"]+)"', html)
    # Every record of the fixture catalog is used by a published role, so each is offered.
    assert len(ids) == Skill.objects.count() + Tool.objects.count() + Certification.objects.count()
    for input_id in ids:
        assert f'<label for="{input_id}">' in html


def test_only_records_published_roles_use_are_offered(client, loaded):
    Skill.objects.create(key="unused-skill", name="Unused skill", kind="soft")
    assert 'value="unused-skill"' not in client.get(URL).text
    Role.objects.filter(slug="press-technician").update(status=Role.Status.DRAFT)
    html = client.get(URL).text
    assert 'value="plc"' not in html  # only the Technician needs a PLC
    assert 'value="safety-glasses"' in html


def test_a_shared_address_reproduces_the_result_and_reticks_the_boxes(client, loaded):
    url = check_url(SOME)
    first, second = client.get(url).text, client.get(url).text
    assert first == second
    for param, keys in SOME.items():
        for key in keys:
            assert f'name="{param}" value="{key}" checked' in first
    assert 'name="skills" value="teamwork">' in first  # not ticked
    assert "You ticked 1 skill, 2 tools and 1 certification." in first


def test_result_shows_percent_counts_and_the_nearest_label_on_top(client, loaded):
    html = results_of(client.get(check_url(SOME)).text)
    cards = html.split('<li class="match-card')[1:]
    assert len(cards) == 8  # two roles and their six rungs
    assert "Your nearest next step" in cards[0]
    assert "Your nearest next step" not in "".join(cards[1:])
    assert "<strong>57%</strong> match: you have 4 of 7" in cards[0]
    assert "Step 1 of 3 on the Press Helper career ladder" in cards[0]
    assert "<strong>50%</strong> match: you have 3 of 6" in cards[1]
    assert "<strong>18%</strong> match: you have 3 of 16" in html


def test_missing_items_link_to_their_pages_with_ways_to_close_the_gap(client, loaded):
    html = results_of(client.get(check_url(SOME)).text)
    nearest = html.split('<li class="match-card')[1]
    teamwork = reverse("roles:skill-detail", kwargs={"key": "teamwork"})
    forklift = reverse("roles:tool-detail", kwargs={"key": "forklift"})
    licence = reverse("roles:certification-detail", kwargs={"key": "forklift-card"})
    assert f'<a href="{teamwork}">Teamwork</a>' in nearest
    assert f'<a href="{forklift}">Forklift</a>' in nearest
    assert "Certifications to earn" in nearest and f'<a href="{licence}">' in nearest
    assert "Focus at this rung" in nearest and "Learn to feed the press safely." in nearest
    # What the person has is not listed as missing.
    inspection = reverse("roles:skill-detail", kwargs={"key": "quality-inspection"})
    assert f'href="{inspection}"' not in nearest
    role_card = next(card for card in html.split("<li class=") if "Role profile" in card)
    assert "Steps into the role" in role_card
    assert "Finish school" in role_card


def test_a_full_match_says_so(client, loaded):
    html = results_of(client.get(check_url(helper_requirements())).text)
    nearest = html.split('<li class="match-card')[1]
    assert "<strong>100%</strong> match: you have 11 of 11" in nearest
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
    assert "Step 1 of 1 on the Machine Operator career ladder" in html
