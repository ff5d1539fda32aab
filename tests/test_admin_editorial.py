"""Editors set an item's sources and rungs in its row of the role's admin page."""

import pytest
from reversion.models import Version

from roles.models import FAQ, Responsibility, Role, Source

from .admin_forms import admin_form_data, change_role

pytestmark = pytest.mark.django_db

SETUP = "Set up each die and check the press's shut height."


@pytest.fixture
def technician(loaded):
    return Role.objects.get(slug="press-technician")


def row_field(client, role, prefix, label_field, label, suffix):
    """The form field name prefix-N-suffix of the row whose label_field is label."""
    form = admin_form_data(client.get(f"/admin/roles/role/{role.pk}/change/").content.decode())
    (row,) = [
        name.removesuffix(f"-{label_field}")
        for name, value in form.items()
        if name.startswith(f"{prefix}-") and name.endswith(f"-{label_field}") and value == label
    ]
    return f"{row}-{suffix}", form


def citations_of(item):
    return [(c.source.key, c.note) for c in item.citations.select_related("source")]


def test_the_row_shows_each_source_and_rung_as_the_file_writes_it(admin_client, technician):
    name, form = row_field(
        admin_client, technician, "responsibility_set", "text", SETUP, "citations_text"
    )

    assert form[name] == ("press-guild-guide\nresume-study: The résumés speak of die changeovers.")
    assert form[name.replace("citations_text", "applies_text")] == (
        "junior: preferred\nsenior: required"
    )


def test_an_editor_adds_a_source_with_a_note_and_changes_the_rungs(admin_client, technician):
    sources, _ = row_field(
        admin_client, technician, "responsibility_set", "text", SETUP, "citations_text"
    )
    response = change_role(
        admin_client,
        technician,
        **{
            sources: "resume-study\npress-guild-guide: The guild's checklist.\nacme-wage-survey",
            sources.replace("citations_text", "applies_text"): "senior: required",
        },
    )

    assert response.status_code == 302
    setup = Responsibility.objects.get(role=technician, text=SETUP)
    assert citations_of(setup) == [
        ("resume-study", ""),
        ("press-guild-guide", "The guild's checklist."),
        ("acme-wage-survey", ""),
    ]
    assert setup.rung_requirements() == {"senior": "required"}


def test_a_bad_line_is_named_and_nothing_is_saved(admin_client, technician):
    sources, _ = row_field(
        admin_client, technician, "responsibility_set", "text", SETUP, "citations_text"
    )
    before = citations_of(Responsibility.objects.get(role=technician, text=SETUP))
    response = change_role(
        admin_client,
        technician,
        **{
            sources: "press-guild-guide\nno-such-source\npress-guild-guide",
            sources.replace("citations_text", "applies_text"): "journeyman: required",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Line 2: no source has the key &#x27;no-such-source&#x27;." in html
    assert "Line 3: &#x27;press-guild-guide&#x27; is listed twice" in html
    assert "Line 1: the ladder has no rung &#x27;journeyman&#x27; (it has junior, senior" in html
    assert citations_of(Responsibility.objects.get(role=technician, text=SETUP)) == before


def test_rungs_need_a_basis(admin_client, technician):
    sources, form = row_field(
        admin_client, technician, "responsibility_set", "text", SETUP, "citations_text"
    )
    basis = sources.replace("citations_text", "applies_basis")
    response = change_role(admin_client, technician, **{basis: ""})

    assert response.status_code == 200
    assert "Say who decided these rungs" in response.content.decode()


def test_a_revert_brings_back_the_sources_the_item_had(admin_client, technician):
    question = "How long until I can set up a press alone?"
    faq = FAQ.objects.get(role=technician, question=question)
    before = citations_of(faq)
    sources, _ = row_field(
        admin_client, technician, "faq_set", "question", question, "citations_text"
    )
    assert change_role(admin_client, technician, **{sources: "helper-handbook"}).status_code == 302
    assert citations_of(faq) == [("helper-handbook", "")]

    older = Version.objects.get_for_object(technician)[1]
    url = f"/admin/roles/role/{technician.pk}/history/{older.pk}/"
    form = admin_form_data(admin_client.get(url).content.decode())
    assert admin_client.post(url, form).status_code == 302

    assert citations_of(FAQ.objects.get(pk=faq.pk)) == before


def test_the_change_page_reads_citations_in_a_fixed_number_of_queries(
    admin_client, technician, django_assert_max_num_queries
):
    url = f"/admin/roles/role/{technician.pk}/change/"
    admin_client.get(url)  # warm the content-type cache
    with django_assert_max_num_queries(1000) as first:
        admin_client.get(url)
    guide = Source.objects.get(key="press-guild-guide")
    for faq in FAQ.objects.filter(role=technician):
        for number in range(3):
            faq.pk, faq.position = None, faq.position + 100 + number
            faq.save()
            faq.citations.create(source=guide, position=0)
    with django_assert_max_num_queries(len(first.captured_queries)):
        admin_client.get(url)
