"""Every page of a role's profile, cold, in a fixed number of queries however long the profile.

A page fetches only what it shows (role_pages.SECTION_READS): a list costs one
query whatever its length, the ladder comes with the ladders it joins, and the
citations of every list on the page come in one query. So doubling every kind
of item (duties, skills, tools, rungs and their pay, citations, FAQs ...)
leaves each count where it was.
"""

import pytest
from django.core.cache import caches

from roles import role_pages
from roles.models import Citation, LadderRung, PayDistribution, Role, Source
from roles.models.queries import role_item_lists

from .budgets import CONTENT_VERSION

CAP = 20
# The press technician of the fixture content, with a pay distribution too: every
# kind of item and section.
QUERIES = {
    "detail": 7,
    "duties": 2,
    "work-environment": 3,
    "how-to-become": 3,
    "education": 3,
    "skills": 5,
    "pay": 5,
    "outlook": 2,
    "career-path": 3,
    "similar": 5,
    "faq": 4,
    "full": 19,
}
SLUG = "press-technician"


@pytest.fixture
def technician(loaded):
    """The fixture's technician with every kind of item: it lacks only a pay distribution."""
    role = Role.objects.get(slug=SLUG)
    spread = PayDistribution.objects.filter(role__slug="press-helper").first()
    spread.pk = None
    spread.role = role
    spread.save()
    return role


def copy_catalog_record(record):
    """Another record like record: a role lists each record once."""
    record.pk = None
    record.id = None
    record.key = f"{record.key}-again"
    record.name = f"{record.name} (again)"
    record.save()
    return record


def double_every_list(role):
    """Copy every item of every list of role (sections aside: a role has one of each kind).

    Copies keep their citations and their links to other roles; rungs get keys of
    their own, and the copied pay bands sit on the copied rungs, so the ladder and
    the pay table double too.
    """
    rungs = {}
    for rung in list(role.ladderrung_set.all()):
        old = rung.pk
        rung.pk = None
        rung.key = f"{rung.key}-again"
        rung.position += 1000
        rung.save()
        rungs[old] = rung
    for accessor, model in role_item_lists():
        if accessor == "section_set" or model is LadderRung:
            continue
        for item in list(getattr(role, accessor).order_by("pk")):
            citations = list(Citation.objects.filter(
                content_type__model=model._meta.model_name, object_id=item.pk
            ))  # fmt: skip
            item.pk = None
            item.id = None
            item.position += 1000
            for field in ("tool", "skill", "certification"):
                if hasattr(item, f"{field}_id"):
                    setattr(item, field, copy_catalog_record(getattr(item, field)))
            for field in ("rung", "through_rung"):
                if getattr(item, f"{field}_id", None) in rungs:
                    setattr(item, field, rungs[getattr(item, f"{field}_id")])
            item.save()
            for citation in citations:
                citation.pk = None
                citation.object_id = item.pk
                citation.save()


def queries_of(client, django_assert_num_queries, page, count):
    url = page.url(Role.objects.get(slug=SLUG))  # outside the count: only the page's own
    caches["pages"].clear()
    with django_assert_num_queries(count + CONTENT_VERSION):
        response = client.get(url)
    assert response.status_code == 200


def test_the_cap_holds_for_every_page():
    assert set(QUERIES) == {page.name for page in role_pages.ALL_PAGES}
    assert max(QUERIES.values()) + CONTENT_VERSION <= CAP


def test_every_section_with_a_template_says_what_it_reads():
    # A section missing here would read its lists item by item, a query each.
    assert set(role_pages.SECTION_READS) == set(role_pages.SECTION_TEMPLATES)


@pytest.mark.parametrize("page", role_pages.ALL_PAGES, ids=lambda page: page.name)
def test_a_page_costs_the_same_queries_with_every_list_doubled(
    client, technician, django_assert_num_queries, page
):
    url = page.url(Role.objects.get(slug=SLUG))
    queries_of(client, django_assert_num_queries, page, QUERIES[page.name])
    role = Role.objects.get(slug=SLUG)
    before = {accessor: getattr(role, accessor).count() for accessor, _ in role_item_lists()}
    cited_before = Citation.objects.count()
    double_every_list(role)
    for accessor, count in before.items():
        if accessor != "section_set":
            assert getattr(role, accessor).count() == 2 * count > 0, accessor
    assert Citation.objects.count() > cited_before
    queries_of(client, django_assert_num_queries, page, QUERIES[page.name])
    assert client.get(url).status_code == 200


def test_the_doubled_profile_shows_twice_the_items(client, technician):
    role = Role.objects.get(slug=SLUG)
    page = role_pages.FULL
    html = client.get(page.url(role)).text
    double_every_list(role)
    caches["pages"].clear()
    doubled = client.get(page.url(role)).text
    assert doubled.count('<li id="rung-') == 2 * html.count('<li id="rung-') > 0
    assert doubled.count("<details>") == 2 * html.count("<details>") > 0  # the FAQs
    assert doubled.count("(again)") > 0  # the copied tools, skills and certifications


def test_more_roles_linking_in_change_neither_the_career_path_nor_its_cost(
    client, loaded, django_assert_num_queries
):
    """The path starts from the first ladder (by title) that links in: the others are not read."""
    role = Role.objects.get(slug=SLUG)
    page = role_pages.BY_NAME["career-path"]
    before = client.get(page.url(role)).text
    source = Source.objects.first()
    for number in range(3):
        other = Role.objects.create(
            slug=f"zz-feeder-{number}", title=f"Zz feeder {number}", summary="Leads on."
        )
        LadderRung.objects.create(
            role=other, position=1, key="start", title="Start", linked_role=role, source=source
        )
    queries_of(client, django_assert_num_queries, page, QUERIES[page.name])
    caches["pages"].clear()
    assert client.get(page.url(role)).text == before  # "Zz" sorts after the fixture's feeder
