"""The skills check on the real content, as the people it is for would use it.

Each persona ticks boxes on the empty form by the words of their labels, as a
visitor would, sends it, and reads the order of ol#matches. Its docstring says
why that first match is the right one. These read content/ (the editors may
change it): when a persona breaks, check whether the content changed the
answer for a good reason before changing the test.
"""

import pytest

from .test_real_content import real, real_content  # noqa: F401  (the fixtures)
from .test_skills_check import URL, CheckPage, tick

ASSOCIATE = ("production-associate", "associate")
TEAM_LEADER = ("production-associate", "team-leader")
TECHNICIAN = "production-technician"


@pytest.fixture
def visitor(client, real):  # noqa: F811  (the fixture imported above)
    def ticks(*labels):
        page, _ = tick(client, *labels)
        assert page.matches, labels
        assert all(0 < int(match["score"]) <= 100 for match in page.matches)
        if len(labels) >= 3:  # with fewer, entry rungs come first whatever they score
            # Nearest first: a lower rung may come before a higher one a point or two
            # nearer (roles/skills_check.py, ranked_matches), never a far nearer one.
            scores = [int(match["score"]) for match in page.matches]
            pairs = zip(scores, scores[1:], strict=False)
            assert all(later <= earlier + 10 for earlier, later in pairs)
            assert scores[0] >= max(scores) - 10
        rungs = [(match["role"], match["rung"]) for match in page.matches]
        assert len(rungs) == len(set(rungs)), "a rung is shown twice"
        return page

    return ticks


def test_the_real_form_is_one_box_per_competency_at_most_90(client, real):  # noqa: F811
    form = CheckPage(client.get(URL).text)
    assert 40 <= len(form.boxes) <= 90
    assert len({value for _, value, _ in form.boxes.values()}) == len(form.boxes)
    # The pair is one box, found by either name.
    assert form.box_for("Hand and power tools") == form.box_for("Hand and power tool use")
    assert form.box_for("Forklifts and pallet jacks") == form.box_for("Forklift operator")


def test_warehouse_worker(visitor):
    """Forklift, hand tools, OSHA 10 and PPE: the Production Associate.

    All four are things the Associate's first rung names itself, so required
    there. The Junior Production Technician asks for them too, but requires far
    more besides (PLCs, calibration, math), so the same four cover less of it.
    """
    page = visitor("Forklift", "Hand and power tools", "OSHA 10", "PPE")
    assert page.first == ASSOCIATE


def test_warehouse_picker_with_more_ticked(visitor):
    """Scanners, stock, conveyors and stamina on top: still the Production Associate.

    Barcode scanning, inventory and conveyors are asked for only on the
    Associate's ladder; the technician's rungs want none of them.
    """
    page = visitor(
        "Forklift", "Barcode", "Inventory tracking", "Conveyor", "Physical stamina",
        "PPE", "Safety awareness",
    )  # fmt: skip
    assert page.first == ASSOCIATE


def test_school_leaver(visitor):
    """Teamwork and willingness to learn: the Production Associate, where careers start.

    Two ticks are too few to tell much, so the first rung of a ladder no other
    ladder leads into comes first. Willingness to learn is a technician's word,
    but the Associate's ladder leads to the technician's, not the other way.
    """
    page = visitor("Teamwork", "Willingness to learn")
    assert page.first == ASSOCIATE
    assert "Production Associate" in "".join(page.notes)


def test_school_leaver_with_one_soft_skill_the_associate_does_not_ask_for(visitor):
    """Patience alone: the technician's rungs prefer it, the Associate never asks for it.

    No card at 0%, so the nearest card is the junior technician's, but the
    "start here" box still points at the Production Associate.
    """
    page = visitor("Patience")
    assert page.first == (TECHNICIAN, "junior")
    assert ASSOCIATE not in [(m["role"], m["rung"]) for m in page.matches]
    assert "Production Associate" in "".join(page.notes)


def test_assembly_line_worker(visitor):
    """Assembly, machine operation, inspection and SOP habits: the Production Associate.

    Manual assembly and following instructions are the Associate's alone; the
    rest is what its first rung requires.
    """
    page = visitor(
        "Manual assembly", "Machine operation", "Quality inspection", "Teamwork",
        "Attention to detail", "Safety procedures", "Documentation", "Following instructions",
    )  # fmt: skip
    assert page.first == ASSOCIATE


def test_maintenance_helper(visitor):
    """Helps the maintenance crew: the Junior Production Technician.

    Troubleshooting, mechanical aptitude and hand tools are what the junior
    technician requires; lockout/tagout and preventive maintenance are
    technician's work the Associate never asks for.
    """
    page = visitor(
        "Hand and power tools", "Basic mechanical and electrical maintenance",
        "Preventive maintenance", "Lockout", "Troubleshooting", "Mechanical aptitude",
        "PPE", "Safety procedures",
    )  # fmt: skip
    assert page.first == (TECHNICIAN, "junior")


def test_plc_hobbyist(visitor):
    """Programs PLCs at home: the Junior Production Technician.

    PLCs, HMIs and automation software appear only on the technician's ladder,
    so nothing on the Associate's ladder comes near. They match the senior
    rungs' lists about as well as the junior's, but with no plant experience
    the junior job is the one to apply for, and the way to the others.
    """
    page = visitor(
        "PLC programming and diagnostics", "Programmable logic controllers", "HMI",
        "Basic electrical", "Industrial automation software", "Computer skills",
    )  # fmt: skip
    assert page.first == (TECHNICIAN, "junior")
    assert [m["role"] for m in page.matches[:4]] == [TECHNICIAN] * 4


def test_plc_hobbyist_with_only_the_two_plc_boxes(visitor):
    """Just the PLC and PLC programming: the Junior Production Technician.

    The senior rung requires programming, so it scores higher, but two ticks
    say nothing of years on the floor: with so little ticked the ladder is
    climbed from its lowest rung that uses them.
    """
    page = visitor("PLC programming and diagnostics", "Programmable logic controllers")
    assert page.first == (TECHNICIAN, "junior")


def test_experienced_technician(visitor):
    """Six years on automated lines: the Senior Production Technician.

    They have what the junior and mid levels ask for and the senior's own
    (robots, SCADA, hydraulics, vibration and thermal checks, mentoring), but
    not the lead's planning and project work, so the senior rung covers most.
    """
    page = visitor(
        # What every technician level asks for
        "Troubleshooting", "Equipment calibration", "Basic PLC", "Safety procedures",
        "Communication", "Teamwork", "Time management", "Hand and power tools",
        "Quality inspection", "Machine operation", "Math skills", "Precision measurement",
        "Mechanical aptitude", "Computer skills", "MES and ERP", "Documentation",
        "Attention to detail", "Problem solving", "Adaptability", "Safety awareness",
        "Work ethic", "Willingness to learn", "Physical stamina", "Manual dexterity",
        "HMI", "Gauges", "PPE", "Standard operating procedures",
        # ... from the mid level up
        "Blueprint", "Basic electrical", "Preventive maintenance", "CMMS",
        "CNC", "Multimeters", "Lockout", "Continuous improvement", "Analytical",
        # ... and the senior's own
        "PLC programming and diagnostics", "Robotics", "Hydraulic", "Production data analysis",
        "Equipment installation", "Industrial automation software", "SCADA",
        "Coordinate measuring", "Thermal imaging", "Vibration", "Industrial IoT", "Mentoring",
        "ISA Certified", "Green Belt",
    )  # fmt: skip
    assert page.first == (TECHNICIAN, "senior")


def test_quality_inspector(visitor):
    """Inspects parts with gauges and records results: the Production Associate.

    Inspection, gauges, documentation, data entry and attention to detail are
    all required at the Associate's first rung; the junior technician shares
    the measuring but requires machines, PLCs and calibration besides.
    """
    page = visitor(
        "Quality inspection", "Precision measurement", "Gauges", "Coordinate measuring",
        "Attention to detail", "Documentation", "Quality control fundamentals",
        "Blueprint", "Math skills", "Data entry and production reporting",
    )  # fmt: skip
    assert page.first == ASSOCIATE


def test_shift_lead(visitor):
    """Runs a crew on the floor: Team Leader / Production Supervisor.

    Leadership, radios, lean and ERP/MES are what that rung requires on top of
    the Associate's; the technician ladder's supervisor asks for everything a
    technician does first.
    """
    page = visitor(
        "Leadership", "Communication", "Time management", "Lean manufacturing",
        "MES and ERP", "Two-way radios", "Safety awareness", "Conflict resolution", "OSHA 30",
    )  # fmt: skip
    assert page.first == TEAM_LEADER


def test_plant_manager(visitor):
    """Strategy, planning, Black Belt and leadership: the Production Supervisor.

    The technician ladder's top three rungs ask for the same things, so they
    tie; the lowest of them comes first, the nearest step.
    """
    page = visitor(
        "Leadership", "Strategic thinking", "Production planning", "Lean manufacturing",
        "Black Belt", "Continuous improvement", "Problem solving", "Analytical",
        "MES and ERP", "Project management", "Communication", "Conflict resolution",
    )  # fmt: skip
    assert page.first == (TECHNICIAN, "supervisor")
