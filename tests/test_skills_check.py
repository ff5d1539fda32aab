"""The skills check on competencies: /skills-check/?have=<competency>, on the fixture content.

The fixture's ladders: the Press Helper's helper (a level of the role), then
technician (the Press Technician role, so not a target of its own), then
crew-lead; the Press Technician's junior and senior (levels), then supervisor.
Its equivalences make the forklift and the forklift licence one competency,
and the oil sampling kit and gauge calibration another. No role link names a
rung, so each applies at its role's levels, preferred.
"""

from fractions import Fraction
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from roles.models import (
    LadderRung,
    Role,
    RoleSkill,
    RoleTool,
    RungFit,
    Skill,
    Tool,
)
from roles.skills_check import (
    MAX_BOXES,
    PREFERRED,
    REQUIRED,
    Match,
    equivalence_members,
    lightest,
    ranked_matches,
    read_selection,
    skills_check_for,
)

URL = "/skills-check/"
# Published roles and their rungs; per kind (tools, skills, certifications):
# the rungs' records, the roles' links with the rungs they fit, the records,
# the equivalences' members (roles/skills_check_rows.py). Inside a transaction
# (each test) the ladders are read afresh every time (roles/skills_check_memo.py).
CHECK_QUERIES = 14
# One skill, two tools and one certification the Helper's first rung requires,
# in the record-by-kind parameters a record's page links with.
SOME = {
    "skills": ["quality-inspection"],
    "tools": ["safety-glasses", "wrench-set"],
    "certifications": ["press-safety-bronze"],
}


class CheckPage(HTMLParser):
    """What a visitor sees of the skills check: its boxes by label, and its matches in order."""

    def __init__(self, html):
        super().__init__()
        self.boxes = {}  # input id -> (name, value, checked)
        self.labels = {}  # input id -> label text
        self.matches = []  # the data-* of each ol#matches > li, in order
        self.notes = []  # the text of the "start here" box
        self._label = None
        self._in_matches = self._in_start = False
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "checkbox":
            self.boxes[attrs["id"]] = (attrs["name"], attrs["value"], "checked" in attrs)
        elif tag == "label":
            self._label = attrs.get("for")
            self.labels[self._label] = ""
        elif tag == "ol" and attrs.get("id") == "matches":
            self._in_matches, self._depth = True, 0
        elif tag == "div" and "start-here" in attrs.get("class", ""):
            self._in_start = True
        if self._in_matches and tag in ("ol", "ul"):
            self._depth += 1
        if self._in_matches and tag == "li" and self._depth == 1:
            self.matches.append({k[5:]: v for k, v in attrs.items() if k.startswith("data-")})

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None
        elif tag == "div":
            self._in_start = False
        if self._in_matches and tag in ("ol", "ul"):
            self._depth -= 1
            self._in_matches = self._depth > 0

    def handle_data(self, data):
        if self._label:
            self.labels[self._label] += data
        if self._in_start:
            self.notes.append(data)

    def box_for(self, words):
        """(name, value) of the one box whose label holds these words (case aside)."""
        found = [i for i, text in self.labels.items() if words.lower() in text.lower()]
        assert len(found) == 1, f"{words!r} labels {len(found)} boxes"
        return self.boxes[found[0]][:2]

    @property
    def first(self):
        return (self.matches[0]["role"], self.matches[0]["rung"])


def tick(client, *labels):
    """Tick the boxes these label words name on the empty form, and send it."""
    form = CheckPage(client.get(URL).text)
    query = urlencode([form.box_for(words) for words in labels])
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return CheckPage(response.text), response.text


def check():
    return skills_check_for(Role.objects.published().for_skills_check(), equivalence_members())


def matches_for(values):
    found = check()
    return ranked_matches(found.targets, read_selection(values, found.catalog))


def check_url(ticks):
    return f"{URL}?{urlencode(ticks, doseq=True)}"


def by_rung(matches):
    return {(m.target.role.slug, m.target.rung.key): m for m in matches}


def results_of(html):
    return html[html.index('id="results-h"') : html.index('id="check-form-h"')]


def cards_of(html):
    return results_of(html).split('<li class="match-card')[1:]


def fit(link, rung_key, requirement):
    rung = LadderRung.objects.get(role=link.role, key=rung_key)
    RungFit.objects.create(
        content_type=ContentType.objects.get_for_model(link),
        object_id=link.pk,
        rung=rung,
        requirement=requirement,
    )


# --- targets and what they ask for ---------------------------------------------------


def test_targets_are_rungs_and_a_rung_that_is_another_role_is_left_to_that_role(loaded):
    targets = check().targets
    keys = [(t.role.slug, t.rung.key) for t in targets]
    assert keys == [
        ("press-helper", "helper"),
        ("press-helper", "crew-lead"),
        ("press-technician", "junior"),
        ("press-technician", "senior"),
        ("press-technician", "supervisor"),
    ]
    # The Helper ladder's third rung keeps its place on the career path.
    assert [(t.step, t.step_count) for t in targets][:2] == [(1, 3), (3, 3)]


def test_a_ladder_that_another_ladder_leads_into_does_not_start_a_career(loaded):
    """The Helper's ladder leads to the Press Technician, so only the Helper is an entry."""
    assert [(t.role.slug, t.rung.key) for t in check().targets if t.entry] == [
        ("press-helper", "helper")
    ]
    LadderRung.objects.filter(key="technician").update(linked_role=None)
    entries = [(t.role.slug, t.rung.key) for t in check().targets if t.entry]
    assert entries == [("press-helper", "helper"), ("press-technician", "junior")]


def test_equivalent_records_are_one_competency_named_after_the_skill(loaded):
    catalog = check().catalog
    keys = [c.key for c in catalog.competencies]
    assert len(keys) == len(set(keys)) == 17  # 19 records, two equivalences of two
    gauge = catalog.by_key["gauge-calibration"]
    assert (gauge.label, gauge.other_names) == ("Gauge calibration", ["Oil sampling kit"])
    assert catalog.by_record_key[("tools", "oil-tester")] is gauge
    forklift = catalog.by_key["forklift"]
    assert (forklift.label, forklift.other_names) == ("Forklift", ["Forklift Licence"])
    assert [c.name for c in forklift.certificates] == ["Forklift Licence"]
    assert "forklift-card" not in catalog.by_key


def test_rung_needs_are_its_own_records_required_and_the_roles_links_preferred(loaded):
    helper = check().targets[0]
    weights = {key: need.weight for key, need in helper.needs.items()}
    assert weights == {
        # The rung's own records (the forklift and its licence count once).
        "quality-inspection": REQUIRED,
        "teamwork": REQUIRED,
        "forklift": REQUIRED,
        "safety-glasses": REQUIRED,
        "wrench-set": REQUIRED,
        "press-safety-bronze": REQUIRED,
        # Links that name no rung apply at the role's levels, preferred.
        "shop-tracker": PREFERRED,
        "fault-finding": PREFERRED,
        "clear-speaking": PREFERRED,
        "press-safety-silver": PREFERRED,
    }


def test_a_rung_asks_for_what_the_rungs_below_it_ask_for(loaded):
    targets = {t.rung.key: t for t in check().targets}
    crew_lead = targets["crew-lead"].needs
    # Not a level of the role: its own four, and the Helper's at their weight.
    assert set(targets["helper"].needs) < set(crew_lead)
    assert crew_lead["leadership"].weight == REQUIRED and crew_lead["leadership"].since == 3
    assert crew_lead["forklift"].weight == REQUIRED and crew_lead["forklift"].since == 1
    # The helper prefers a clear speaker; the crew lead requires one.
    assert crew_lead["clear-speaking"].weight == REQUIRED
    assert crew_lead["clear-speaking"].since == 1
    totals = [sum(n.weight for n in targets[k].needs.values()) for k in ("junior", "senior")]
    assert totals == [6 * REQUIRED + 9, 11 * REQUIRED + 4]


def test_a_links_rungs_decide_where_and_how_much_it_counts(loaded):
    technician = Role.objects.get(slug="press-technician")
    leadership = RoleSkill.objects.get(role=technician, skill__key="leadership")
    fit(leadership, "senior", "required")
    plc = RoleTool.objects.get(role=technician, tool__key="plc")
    fit(plc, "supervisor", "preferred")
    targets = {t.rung.key: t for t in check().targets if t.role.pk == technician.pk}
    # A rung the link leaves out does not ask for it; one it names asks as it says.
    assert "leadership" not in targets["junior"].needs
    assert targets["senior"].needs["leadership"].weight == REQUIRED
    # The PLC is the senior rung's own record, required there and so above it.
    assert "plc" not in targets["junior"].needs
    assert targets["supervisor"].needs["plc"].weight == REQUIRED


def test_only_records_published_roles_use_are_offered(loaded):
    Skill.objects.create(key="unused-skill", name="Unused skill", kind="soft")
    assert "unused-skill" not in check().catalog.by_key
    Role.objects.filter(slug="press-technician").update(status=Role.Status.DRAFT)
    catalog = check().catalog
    assert "plc" not in catalog.by_key  # only the Technician needs a PLC
    assert "safety-glasses" in catalog.by_key
    # Its rungs are no targets, and the Helper's technician rung now is one.
    assert [t.rung.key for t in check().targets] == ["helper", "technician", "crew-lead"]


def test_past_the_cap_the_lightest_competencies_go_tools_first(loaded):
    found = check()
    assert lightest(found.catalog, found.lean) == []  # 17 boxes, far under MAX_BOXES
    # Summed over the rungs: the PLC weighs 3 (preferred at junior, required at
    # senior); quality inspection and the forklift 2, the Helper's first rung's
    # alone. At the same weight the tool goes before the skill.
    dropped = lightest(found.catalog, found.lean, keep=14)
    assert [c.key for c in dropped] == ["plc", "quality-inspection", "forklift"]
    capped = skills_check_for(
        Role.objects.published().for_skills_check(), equivalence_members(), max_boxes=15
    )
    assert len(capped.catalog.competencies) == 15
    # Left out of the form, so out of the scores: nobody can tick it.
    assert "forklift" not in capped.catalog.by_key
    assert "forklift" not in capped.targets[0].needs
    assert read_selection({"tools": ["forklift"]}, capped.catalog).unknown == ["forklift"]
    assert MAX_BOXES == 90


# --- scores and order -------------------------------------------------------------------


def test_hand_computed_weighted_scores(loaded):
    matches = by_rung(matches_for(SOME))
    helper = matches[("press-helper", "helper")]
    # Four of its six required (12 of 22 points); none of its four preferred.
    assert (helper.have, helper.total, helper.unused, helper.percent) == (12, 22, 0, 54)
    crew_lead = matches[("press-helper", "crew-lead")]
    assert (crew_lead.have, crew_lead.total, crew_lead.percent) == (12, 31, 38)
    junior = matches[("press-technician", "junior")]
    # Safety glasses, wrench set and bronze card required: 9 of 27. It never asks
    # for quality inspection, which counts against it as a requirement would: 9 / 30.
    assert (junior.have, junior.total, junior.unused, junior.percent) == (9, 27, 1, 30)


def test_nearest_first_and_nothing_at_zero(loaded):
    matches = matches_for(SOME)
    assert [(m.target.rung.key, m.percent) for m in matches] == [
        ("helper", 54),
        ("crew-lead", 38),
        ("junior", 30),
        ("senior", 22),  # 9 / (37 + 3)
        ("supervisor", 19),  # 9 / (43 + 3)
    ]
    # Die setting alone: only the technician's rungs ask for it.
    only = matches_for({"have": ["die-setting"]})
    assert {m.target.role.slug for m in only} == {"press-technician"}
    assert all(m.have and m.percent >= 1 for m in only)


def test_a_tiny_share_still_reads_as_one_percent_and_a_near_full_one_not_as_100(loaded):
    target = check().targets[0]
    assert Match(target, have=3, total=27, missing=[], unused=1).share == Fraction(3, 30)
    assert Match(target, have=1, total=250, missing=[]).percent == 1  # 0.4%
    assert Match(target, have=249, total=250, missing=[]).percent == 99  # 99.6%
    assert Match(target, have=250, total=250, missing=[]).percent == 100


def test_with_few_ticks_entry_rungs_come_first(loaded):
    """Clear speaking: the crew lead requires it (3 of 31), the Helper prefers it (1 of 22).

    One tick says little, so the first step comes first all the same, and the
    rest climb their ladders step by step.
    """
    matches = matches_for({"have": ["clear-speaking"]})
    crew_lead = by_rung(matches)[("press-helper", "crew-lead")]
    assert matches[0].target.rung.key == "helper" and matches[0].share < crew_lead.share
    assert [(m.target.rung.key, m.target.step) for m in matches[1:]] == [
        ("junior", 1),
        ("senior", 2),
        ("crew-lead", 3),  # 3 of 31: ahead of the supervisor's 1 of 43
        ("supervisor", 3),
    ]
    # With three ticks the order is the score's alone.
    three = matches_for({"have": ["teamwork", "leadership", "lean-manufacturing"]})
    shares = [m.share for m in three]
    assert shares == sorted(shares, reverse=True)
    assert three[0].target.rung.key == "supervisor"


def test_at_the_same_share_the_rung_using_more_of_what_you_have_wins(loaded):
    """Someone with all the junior and senior ask for is not told to start as a junior.

    The supervisor asks for nothing more, only for more of it required, so it
    is a full match too, and the one that uses most of what they have.
    """
    found = check()
    senior = next(t for t in found.targets if t.rung.key == "senior")
    selection = read_selection({"have": list(senior.needs)}, found.catalog)
    matches = ranked_matches(found.targets, selection)
    assert [(m.target.rung.key, m.percent) for m in matches[:3]] == [
        ("supervisor", 100),
        ("senior", 100),
        ("junior", 100),
    ]
    assert matches[0].missing == []


def test_what_to_add_next_is_required_first_then_from_lower_rungs(loaded):
    crew_lead = by_rung(matches_for(SOME))[("press-helper", "crew-lead")]
    missing = [(n.competency.key, n.weight, n.since) for n in crew_lead.missing]
    assert missing == [
        # Required, asked for from the first rung on, by name.
        ("clear-speaking", REQUIRED, 1),
        ("forklift", REQUIRED, 1),
        ("press-safety-silver", REQUIRED, 1),
        ("shop-tracker", REQUIRED, 1),
        ("teamwork", REQUIRED, 1),
        # Required from the crew lead's own rung.
        ("leadership", REQUIRED, 3),
        ("fault-finding", PREFERRED, 1),
    ]
    assert len(crew_lead.next_needs) == 5 and len(crew_lead.later_needs) == 2


def test_among_equals_what_a_rung_names_itself_comes_first(loaded):
    """Clear speaking, required at the junior rung by its link but not on the rung's own list,
    comes after the junior's listed requirements, though its name comes first."""
    technician = Role.objects.get(slug="press-technician")
    fit(RoleSkill.objects.get(role=technician, skill__key="clear-speaking"), "junior", "required")
    junior = by_rung(matches_for(SOME))[("press-technician", "junior")]
    required = [(n.competency.key, n.listed) for n in junior.missing if n.required]
    assert required == [
        ("fault-finding", True),
        ("gauge-calibration", True),
        ("shop-tracker", True),
        ("clear-speaking", False),
    ]


def test_old_links_and_unknown_keys(loaded):
    catalog = check().catalog
    selection = read_selection(
        {
            "have": ["teamwork", "juggling", "teamwork", "forklift"],
            "tools": ["oil-tester", "warp-drive"],
            "certifications": ["forklift-card"],
        },
        catalog,
    )
    assert selection.have == {"teamwork", "forklift", "gauge-calibration"}
    assert selection.unknown == ["juggling", "warp-drive"]
    # A member's own key still names its competency (an address from before an equivalence).
    assert read_selection({"have": ["oil-tester"]}, catalog).have == {"gauge-calibration"}


# --- the page -----------------------------------------------------------------------------


def test_empty_form_explains_and_offers_one_box_per_competency(client, loaded):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.text
    assert "Nothing is ticked yet" in html
    assert 'id="matches"' not in html and "nearest step" not in html
    form = CheckPage(html)
    assert len(form.boxes) == 17
    assert {name for name, _, _ in form.boxes.values()} == {"have"}
    assert not any(checked for _, _, checked in form.boxes.values())
    for box in form.boxes:
        assert box in form.labels  # every box has its label
    # The other names are in the label, so a box is found by any of them.
    assert form.box_for("Oil sampling kit") == form.box_for("Gauge calibration")
    assert form.box_for("Forklift Licence") == ("have", "forklift")
    legends = ["Safety", "Machines and automation", "Hand tools", "Quality and measurement",
               "Materials and warehouse", "Computers and data", "Other technical skills",
               "People and teamwork", "Certifications"]  # fmt: skip
    for legend in legends:
        assert f"<legend>{legend}</legend>" in html, legend
    assert html.count("<h1") == 1


def test_results_markup_ranks_rungs_with_their_scores(client, loaded):
    page = CheckPage(client.get(check_url(SOME)).text)
    assert page.matches == [
        {"role": "press-helper", "rung": "helper", "score": "54"},
        {"role": "press-helper", "rung": "crew-lead", "score": "38"},
        {"role": "press-technician", "rung": "junior", "score": "30"},
        {"role": "press-technician", "rung": "senior", "score": "22"},
        {"role": "press-technician", "rung": "supervisor", "score": "19"},
    ]


def test_a_shared_address_reproduces_the_result_and_reticks_the_boxes(client, loaded):
    url = check_url({"have": ["teamwork", "gauge-calibration"]})
    first, second = client.get(url).text, client.get(url).text
    assert first == second
    page = CheckPage(first)
    ticked = {value for _, value, checked in page.boxes.values() if checked}
    assert ticked == {"teamwork", "gauge-calibration"}
    assert "You ticked 2 things." in first
    # The old address of the same boxes ticks the same boxes.
    old = CheckPage(client.get(check_url({"skills": ["teamwork"], "tools": ["oil-tester"]})).text)
    assert old.matches == page.matches


def test_a_card_names_its_step_and_links_what_to_add_and_where_to_learn(client, loaded):
    html = client.get(check_url(SOME)).text
    nearest = cards_of(html)[0]
    assert "Your nearest step" in nearest
    assert "Your nearest step" not in "".join(cards_of(html)[1:])
    helper = LadderRung.objects.select_related("role").get(key="helper")
    assert f'<a href="{helper.get_absolute_url()}">Press Helper</a>' in nearest
    assert "Step 1 of 3 on the Press Helper ladder" in nearest
    assert "<strong>54%</strong> match" in nearest
    forklift = reverse("roles:tool-detail", kwargs={"key": "forklift"})
    licence = reverse("roles:certification-detail", kwargs={"key": "forklift-card"})
    teamwork = reverse("roles:skill-detail", kwargs={"key": "teamwork"})
    assert f'<a href="{forklift}">Forklift</a>' in nearest
    assert f'proof: <a href="{licence}">Forklift Licence</a>' in nearest
    assert f'<a href="{teamwork}">Teamwork</a> <span class="need-tag">required</span>' in nearest
    # Required first: the forklift before the preferred fault finding.
    assert nearest.index(forklift) < nearest.index("Fault finding")
    # What the person has is not listed as missing.
    inspection = reverse("roles:skill-detail", kwargs={"key": "quality-inspection"})
    assert f'href="{inspection}"' not in nearest
    assert "What to add next" in nearest
    assert "1 more this step asks for" in nearest  # past the first five
    assert "You have 4 of the 6 things it requires and 0 of the 4 it prefers." in nearest
    assert f'href="{reverse("roles:education", args=["press-helper"])}"' in nearest
    assert f'href="{reverse("roles:how-to-become", args=["press-helper"])}"' in nearest
    # The crew lead is step 3: the Press Technician's profile is step 2.
    assert "Step 3 of 3 on the Press Helper ladder" in cards_of(html)[1]


def test_a_full_match_says_so(client, loaded):
    found = check()
    helper = found.targets[0]
    html = client.get(check_url({"have": list(helper.needs)})).text
    nearest = cards_of(html)[0]
    assert 'data-rung="helper" data-score="100"' in nearest
    assert "You have everything this step asks for." in nearest


def test_few_ticks_point_to_where_ladders_start(client, loaded):
    page, html = tick(client, "Leadership")
    # Leadership is none of the Helper's first rung: no card for it, but it is named.
    assert ("press-helper", "helper") not in [(m["role"], m["rung"]) for m in page.matches]
    assert "Start here" in html and "Press Helper" in "".join(page.notes)
    assert all(int(m["score"]) > 0 for m in page.matches)
    page, html = tick(client, "Leadership", "Lean manufacturing", "Die setting")
    assert "Start here" not in html


def test_unknown_keys_are_named_in_a_notice(client, loaded):
    html = client.get(check_url({"have": ["teamwork", "juggling"], "tools": ["x-ray"]})).text
    assert "We left out 2 items in the address that the guide does not list" in html
    assert "<code>juggling</code>" in html and "<code>x-ray</code>" in html
    assert 'id="matches"' in html
    only_unknown = client.get(check_url({"have": ["juggling"]})).text
    assert "<code>juggling</code>" in only_unknown
    assert 'id="matches"' not in only_unknown and "Nothing is ticked yet" in only_unknown


@pytest.mark.parametrize("ticks", [{}, SOME, {"have": ["teamwork"]}])
def test_query_count_is_fixed(client, loaded, django_assert_num_queries, ticks):
    with django_assert_num_queries(CHECK_QUERIES):
        assert client.get(check_url(ticks)).status_code == 200


def test_query_count_does_not_grow_with_roles_rungs_or_fits(
    client, loaded, django_assert_num_queries
):
    role = Role.objects.create(slug="machine-operator", title="Machine Operator", summary="Runs.")
    for position, key in enumerate(["entry", "skilled", "lead"]):
        rung = LadderRung.objects.create(
            role=role, position=position, key=key, title=key.title(), role_level=True
        )
        rung.tools.set(Tool.objects.all()[:3])
        rung.skills.set(Skill.objects.all()[:2])
    for position, tool in enumerate(Tool.objects.all()[:4]):
        link = RoleTool.objects.create(role=role, position=position, tool=tool)
        fit(link, "skilled", "required")
    with django_assert_num_queries(CHECK_QUERIES):
        html = client.get(check_url({"have": ["forklift", "teamwork", "die-setting"]})).text
    assert "Step 2 of 3 on the Machine Operator ladder" in html
