"""The editorial layer: items citing several sources, the rungs each fits, pay on rungs.

The fixture's press technician has a duty citing two sources (one with a note)
that fits two rungs on its sources' word, a duty whose rungs are the site's
call, an FAQ whose second source disagrees, and a related career with an SOC
code, pay and education (tests/fixture_content/README.md).
"""

import pytest
from django.core.management import call_command

from roles.models import FAQ, ApplicabilityBasis, Citation, RelatedCareer, Responsibility, RungFit

from .test_load_errors import HELPER, TECHNICIAN, edit, line_of, load_fails

pytestmark = pytest.mark.django_db

DIE_SETUP = "Set up each die and check the press's shut height."


def first_line_of(path, needle):
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def duty(text=DIE_SETUP):
    return Responsibility.objects.get(role__slug="press-technician", text=text)


# --- the files and the database -------------------------------------------------------


def test_an_item_keeps_every_source_in_order_with_its_note(loaded):
    citations = list(duty().citations.select_related("source"))

    assert [(c.source.key, c.note) for c in citations] == [
        ("press-guild-guide", ""),
        ("resume-study", "The résumés speak of die changeovers."),
    ]


def test_an_item_fits_the_rungs_it_names_and_says_who_decided(loaded):
    setup = duty()
    calibrate = duty("Calibrate the height gauge before every run.")

    assert setup.rung_requirements() == {"junior": "preferred", "senior": "required"}
    assert setup.applies_basis == ApplicabilityBasis.SOURCES
    assert calibrate.applies_basis == ApplicabilityBasis.EDITORIAL
    # Without applies_at an item has no rows: the documented default, every level, preferred.
    assert duty("Replace worn punches and springs.").rung_requirements() is None


def test_deleting_an_item_deletes_its_citations_and_fits(loaded):
    setup = duty()
    ids = [citation.pk for citation in setup.citations.all()]
    fit_ids = [fit.pk for fit in setup.fits.all()]
    setup.delete()

    assert not Citation.objects.filter(pk__in=ids).exists()
    assert not RungFit.objects.filter(pk__in=fit_ids).exists()


def test_a_cited_source_cannot_be_deleted(loaded):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        duty().citations.get(source__key="resume-study").source.delete()


# --- load errors, each at its file and line, all in one run --------------------------


def test_every_editorial_mistake_is_reported_at_its_line_in_one_run(loaded, content_copy):
    technician, helper = content_copy / TECHNICIAN, content_copy / HELPER
    edit(technician, "    junior: preferred\n    senior: required\n", "    journeyman: required\n")
    edit(
        technician,
        "  - source: resume-study\n    note: The résumés",
        "  - no-such-survey\n  - source: resume-study\n    note: The résumés",
    )
    edit(
        technician,
        "  - source: acme-wage-survey\n    note: The survey says three years.\n",
        "  - acme-wage-survey\n  - source: acme-wage-survey\n    note: Three years.\n",
    )
    edit(technician, "  applies_basis: editorial\n", "")
    edit(helper, "- level: All press helpers\n  rung: helper\n", "- level: All press helpers\n")

    stderr, message = load_fails(content_copy)

    lines = stderr.splitlines()
    assert message == "5 problems found; the database was not changed."
    expected = [
        (technician, line_of(technician, "journeyman"), "unknown ladder rung key 'journeyman'"),
        (technician, line_of(technician, "no-such-survey"), "unknown source key 'no-such-survey'"),
        (
            technician,
            line_of(technician, "- source: acme-wage-survey"),
            "cites acme-wage-survey more",
        ),
        (technician, None, "applies_basis: required with applies_at"),
        (helper, first_line_of(helper, "- level: All press helpers"), "is mapped to no rung"),
    ]
    for path, line, words in expected:
        found = [text for text in lines if text.startswith(f"{path}:") and words in text]
        assert found, f"no error saying {words!r} in {stderr}"
        if line is not None:
            assert found[0].startswith(f"{path}:{line}: "), found[0]


def test_an_item_with_the_old_single_source_key_is_told_what_to_write(loaded, content_copy):
    technician = content_copy / TECHNICIAN
    edit(
        technician,
        "  sources:\n  - press-guild-guide\n  - source: resume-study",
        "  source: press-guild-guide\n  sources:\n  - source: resume-study",
    )

    stderr, _ = load_fails(content_copy)

    line = first_line_of(technician, "  source: press-guild-guide\n  sources:")
    assert f"{technician}:{line}: responsibilities[0].source: " in stderr
    assert "write `sources:`, a list" in stderr


def test_a_figures_source_must_be_among_the_items_sources(loaded, content_copy):
    technician = content_copy / TECHNICIAN
    edit(
        technician,
        "  sources:\n  - press-guild-guide\n  - acme-wage-survey\n",
        "  sources:\n  - press-guild-guide\n",
    )

    stderr, _ = load_fails(content_copy)

    line = line_of(technician, "  pay_source: acme-wage-survey")
    assert (
        f"{technician}:{line}: related_careers[1].pay_source: acme-wage-survey is cited here "
        "but is not in the item's sources"
    ) in stderr


def test_a_share_needs_its_own_source(loaded, content_copy):
    technician = content_copy / TECHNICIAN
    edit(technician, "  share_source: resume-study\n", "")

    stderr, _ = load_fails(content_copy)

    assert "share_source: A skill share is a figure and needs a source." in stderr


def test_related_career_pay_needs_its_currency_period_and_source(loaded, content_copy):
    technician = content_copy / TECHNICIAN
    edit(technician, "  pay_source: acme-wage-survey\n", "")

    stderr, _ = load_fails(content_copy)

    line = line_of(technician, "- title: Tool and Die Maker")
    assert f"{technician}:{line}: related_careers[1].pay_source: Pay needs" in stderr


# --- the pages ------------------------------------------------------------------------


def part_of_page(client, start, end):
    """The technician page's HTML from start up to the first end after it."""
    html = client.get("/roles/press-technician/full/").text
    part = html[html.index(start) :]
    return part[: part.index(end)]


def test_the_faq_names_both_its_sources_and_what_the_second_says(client, loaded):
    faq = part_of_page(client, "How long until I can set up a press alone?", "</details>")

    assert '<span class="cite">Sources: <a href="#source-press-guild-guide">' in faq
    assert '<a href="#source-acme-wage-survey">' in faq
    assert "(The survey says three years.)" in faq


def test_a_related_career_shows_its_code_pay_and_education_with_their_sources(client, loaded):
    career = part_of_page(client, "<strong>Tool and Die Maker</strong>", "</tr>")

    assert "(SOC 51-4111)" in career
    assert '$51,000/yr<span class="note">median</span>' in career
    assert "An apprenticeship" in career
    assert 'href="#source-acme-wage-survey"' in career


def test_every_cited_source_is_in_the_pages_source_list(client, loaded):
    html = client.get("/roles/press-technician/full/").text
    sources = html[html.index('<section id="sources"') :]

    cited = {
        citation.source.key
        for model in (Responsibility, FAQ, RelatedCareer)
        for item in model.objects.filter(role__slug="press-technician")
        for citation in item.citations.select_related("source")
    }
    assert cited
    for key in cited:
        assert f'id="source-{key}"' in sources


# --- open data ------------------------------------------------------------------------


def test_open_data_carries_each_items_sources_and_rungs(client, loaded):
    data = client.get("/roles/press-technician.json").json()
    profile = data["profile"]
    (setup,) = [item for item in profile["responsibilities"] if item["text"] == DIE_SETUP]

    assert setup["sources"] == [
        "press-guild-guide",
        {"source": "resume-study", "note": "The résumés speak of die changeovers."},
    ]
    assert setup["applies_at"] == {"junior": "preferred", "senior": "required"}
    assert setup["applies_basis"] == "sources"
    assert all(band["rung"] for band in profile["salary_bands"])
    (die_maker,) = [c for c in profile["related_careers"] if c["title"] == "Tool and Die Maker"]
    assert die_maker["pay"] == 51000 and die_maker["soc_code"] == "51-4111"
    # Every source the profile cites, a note's included, is spelled out.
    assert {"resume-study", "acme-wage-survey"} <= {source["key"] for source in data["sources"]}


def test_loading_the_layer_twice_changes_nothing(loaded, tmp_path):
    call_command("export_content", output=str(tmp_path), verbosity=0)
    before = (tmp_path / TECHNICIAN).read_bytes()
    call_command("load_content", str(tmp_path), verbosity=0)
    call_command("export_content", output=str(tmp_path), verbosity=0)

    assert (tmp_path / TECHNICIAN).read_bytes() == before
    assert b"    note: The r\xc3\xa9sum\xc3\xa9s speak of die changeovers.\n" in before
