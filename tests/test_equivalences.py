"""Records of different kinds that are one competency: in the files, the admin and open data."""

import io

from django.core.management import call_command

from roles.models import Equivalence, Role, RoleTool, Skill, Tool


def members(equivalence):
    return sorted(
        [f"tool:{r.key}" for r in equivalence.tools.all()]
        + [f"skill:{r.key}" for r in equivalence.skills.all()]
        + [f"certification:{r.key}" for r in equivalence.certifications.all()]
    )


def test_the_files_equivalences_are_loaded_in_order(loaded):
    first, second = Equivalence.objects.all()
    assert members(first) == ["certification:forklift-card", "tool:forklift"]
    assert first.note == "A forklift card is how employers see the skill."
    assert members(second) == ["skill:gauge-calibration", "tool:oil-tester"]
    assert str(second) == f"{Tool.objects.get(key='oil-tester').name} = " + str(
        Skill.objects.get(key="gauge-calibration").name
    )


def test_open_data_names_the_equivalences_of_the_roles_records(client, loaded):
    data = client.get("/roles/press-technician.json").json()
    assert {"tools": ["oil-tester"], "skills": ["gauge-calibration"]} in data["equivalences"]
    helper = client.get("/roles/press-helper.json").json()
    assert {
        "tools": ["forklift"],
        "certifications": ["forklift-card"],
        "note": "A forklift card is how employers see the skill.",
    } in helper["equivalences"]


def test_a_member_only_drafts_use_stays_out_of_open_data(client, loaded):
    secret = Tool.objects.create(key="secret-press", name="Secret press", category="machines")
    RoleTool.objects.create(role=Role.objects.get(slug="die-setter"), tool=secret, position=99)
    Equivalence.objects.get(tools__key="oil-tester").tools.add(secret)
    body = client.get("/roles/press-technician.json").content.decode()
    assert "secret-press" not in body
    assert '"oil-tester"' in body


def test_the_admin_refuses_an_equivalence_of_one_record(admin_client, loaded):
    tool = Tool.objects.get(key="plc")
    response = admin_client.post("/admin/roles/equivalence/add/", {"tools": [tool.pk]})
    assert response.status_code == 200
    assert "a record is not equivalent to itself" in response.text
    assert not Equivalence.objects.filter(tools=tool).exists()


def test_an_equivalence_made_in_the_admin_is_exported_to_the_catalog(
    admin_client, loaded, tmp_path
):
    plc, fault_finding = Tool.objects.get(key="plc"), Skill.objects.get(key="fault-finding")
    response = admin_client.post(
        "/admin/roles/equivalence/add/",
        {"tools": [plc.pk], "skills": [fault_finding.pk], "position": 2, "note": ""},
    )
    assert response.status_code == 302, response.text[:3000]
    call_command("export_content", "--output", str(tmp_path), stdout=io.StringIO())
    catalog = (tmp_path / "catalog.yaml").read_text()
    assert "- tools:\n  - plc\n  skills:\n  - fault-finding\n" in catalog
