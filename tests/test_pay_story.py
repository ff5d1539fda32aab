"""One pay story: every source's figures at each ladder rung, side by side, spans stated."""

import io
import re

import pytest
from django.core.management import call_command

from roles.models import ContentVersion, LadderRung, Role, SalaryBand, Source

from .test_roundtrip import assert_same_files, export_to

ROLE = "/roles/press-technician/pay/"
SENIOR_BAND = "- level: Senior press technician\n  rung: senior\n"


def pay_table(html):
    found = re.search(r'<table class="pay-by-rung">(.*?)</table>', html, re.S)
    assert found, "no pay-by-rung table"
    return found.group(1)


def rows(table):
    return re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table, re.S)


@pytest.fixture
def spanning_band(loaded):
    role = Role.objects.get(slug="press-technician")
    band = SalaryBand.objects.create(
        role=role, position=99, level="Senior technician / shift supervisor",
        rung=LadderRung.objects.get(role=role, key="senior"),
        through_rung=LadderRung.objects.get(role=role, key="supervisor"),
        min=52000, max=78000, source=Source.objects.get(key="resume-study"),
    )  # fmt: skip
    return band


def test_one_row_per_rung_with_pay_and_one_column_per_source(client, loaded):
    table = pay_table(client.get(ROLE).text)
    headers = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert headers == [
        "Step",
        "Acme Research Group: Acme Wage Survey of Press Shops",
        "The Press Guild: Press Guild Career Notes",
    ]
    assert len(rows(table)) == 3  # junior, senior, supervisor: every rung with pay


def test_yearly_figures_get_an_hourly_equivalent_labelled_as_a_conversion(client, loaded):
    table = pay_table(client.get(ROLE).text)
    # $38,000–$47,000 a year is $18.27–$22.60 an hour at 2,080 hours.
    assert "≈ $18.27–$22.60/hr" in table
    html = client.get(ROLE).text
    assert "Figures marked ≈ are our conversion" in html


def test_no_conversion_where_the_source_gives_hourly_pay_itself(client, loaded):
    # The helper's state tables give both a yearly and an hourly average for its one rung.
    table = pay_table(client.get("/roles/press-helper/pay/").text)
    assert "$16.60/hr" in table
    assert "≈" not in table


def test_a_level_spanning_two_rungs_is_shown_at_both_and_says_so(client, spanning_band):
    ContentVersion.bump()
    html = client.get(ROLE).text
    table = pay_table(html)
    senior, supervisor = (row for row in rows(table) if "Senior" in row or "supervisor" in row)
    span = f"which covers {spanning_band.rung.title} to {spanning_band.through_rung.title}"
    for row in (senior, supervisor):
        assert "$52,000–$78,000/yr" in row
        assert span in row
    # The source now has a figure, so it gets a column; its other cells say there is none.
    assert '<th scope="col">Example Hiring Lab: Résumé Study of Press Staff</th>' in table
    junior = rows(table)[0]
    assert junior.count("<td>—</td>") == 1
    html = client.get("/roles/press-technician/full/").text  # the ladder and the path
    start = html.index('<ol class="ladder">')
    ladder = html[start : html.index("</ol>", start)]
    assert ladder.count("$52,000–$78,000/yr") == 2  # at the senior and supervisor rungs


def test_no_rung_pay_means_no_table(client, loaded):
    SalaryBand.objects.filter(role__slug="press-technician").update(rung=None)
    ContentVersion.bump()
    assert '<table class="pay-by-rung">' not in client.get(ROLE).text


def test_a_span_round_trips_byte_for_byte(loaded, content_copy, tmp_path):
    path = content_copy / "roles" / "press-technician.md"
    text = path.read_text()
    assert SENIOR_BAND in text
    path.write_text(text.replace(SENIOR_BAND, SENIOR_BAND + "  through_rung: supervisor\n"))
    call_command("load_content", str(content_copy), "--force", stdout=io.StringIO())
    band = SalaryBand.objects.get(role__slug="press-technician", level="Senior press technician")
    assert band.through_rung.key == "supervisor"
    export_to(tmp_path)
    assert_same_files(tmp_path, content_copy)


@pytest.mark.parametrize(
    ("through", "message"),
    [
        ("no-such-rung", "unknown ladder rung key 'no-such-rung'"),
        ("junior", "must end at a rung above the one it starts at"),
        ("senior", "must end at a rung above the one it starts at"),
    ],
)
def test_a_span_that_does_not_go_up_the_ladder_is_refused(db, content_copy, through, message):
    path = content_copy / "roles" / "press-technician.md"
    text = path.read_text()
    path.write_text(text.replace(SENIOR_BAND, SENIOR_BAND + f"  through_rung: {through}\n"))
    stderr = io.StringIO()
    with pytest.raises(Exception, match="database was not changed"):
        call_command("load_content", str(content_copy), stdout=io.StringIO(), stderr=stderr)
    line = text[: text.index(SENIOR_BAND)].count("\n") + 3  # the through_rung line
    assert f"press-technician.md:{line}:" in stderr.getvalue()
    assert message in stderr.getvalue()
