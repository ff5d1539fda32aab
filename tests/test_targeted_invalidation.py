"""A write makes stale only the cached pages that showed what it changed (roles/page_tags.py)."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction

from roles.models import CacheTag, ContentVersion, Role, Skill, Tool
from roles.page_tags import COLLAPSE_AFTER, Shown, changed_role_ids

from .commits import as_if_committed
from .page_cache import cache_status, warm

TECHNICIAN = "/roles/press-technician/"
HELPER = "/roles/press-helper/"  # its ladder links to the technician's, and shows it
DIE_SETTER = "/roles/die-setter/"  # shares nothing with the others


@pytest.fixture
def site(loaded, client):
    with as_if_committed():
        role = Role.objects.get(slug="die-setter")
        role.status = Role.Status.PUBLISHED
        role.save()
    return client


def edit(record, **fields):
    with as_if_committed():  # as the editor's request would commit
        for name, value in fields.items():
            setattr(record, name, value)
        record.save()


def test_every_cached_response_says_whether_it_was_a_hit(site):
    first = site.get(TECHNICIAN)
    assert first["X-Page-Cache"] == "miss"
    assert site.get(TECHNICIAN)["X-Page-Cache"] == "hit"
    not_modified = site.get(TECHNICIAN, headers={"If-None-Match": first["ETag"]})
    assert not_modified.status_code == 304 and not_modified["X-Page-Cache"] == "hit"


def test_editing_one_role_leaves_another_roles_cached_pages_hits(site):
    warm(site, TECHNICIAN, TECHNICIAN + "pay/", DIE_SETTER, DIE_SETTER + "pay/", HELPER)
    edit(Role.objects.get(slug="press-technician"), summary="Sets up and mends the presses.")
    assert cache_status(site, DIE_SETTER) == "hit"
    assert cache_status(site, DIE_SETTER + "pay/") == "hit"
    # The edited role's pages, and the page that shows its ladder, are rendered again.
    assert cache_status(site, TECHNICIAN) == "miss"
    assert "Sets up and mends the presses." in site.get(TECHNICIAN).text
    assert cache_status(site, TECHNICIAN + "pay/") == "miss"
    assert cache_status(site, HELPER) == "miss"


def test_an_edit_to_a_roles_item_makes_only_its_roles_pages_stale(site):
    warm(site, TECHNICIAN + "duties/", DIE_SETTER + "duties/")
    duty = Role.objects.get(slug="press-technician").responsibility_set.first()
    edit(duty, text="Changes dies on the big presses.")
    assert cache_status(site, DIE_SETTER + "duties/") == "hit"
    assert cache_status(site, TECHNICIAN + "duties/") == "miss"
    assert "Changes dies on the big presses." in site.get(TECHNICIAN + "duties/").text


def test_a_role_edit_makes_the_lists_search_and_sitemap_stale(site):
    lists = ["/roles/", "/", "/search/?q=press", "/sitemap.xml", "/about/data/"]
    warm(site, *lists)
    edit(Role.objects.get(slug="die-setter"), summary="Sets the dies.")
    for url in lists:
        assert cache_status(site, url) == "miss", url


def test_editing_a_tool_makes_the_pages_that_show_it_stale(site):
    plc = Tool.objects.get(key="plc")  # on the technician's profile only
    tool_pages = [f"/tools/{plc.key}/", "/tools/"]
    warm(site, *tool_pages, TECHNICIAN + "skills/", TECHNICIAN, DIE_SETTER, "/tools/forklift/")
    edit(plc, name="Programmable logic controller (PLC)")
    for url in [*tool_pages, TECHNICIAN + "skills/"]:
        assert cache_status(site, url) == "miss", url
    assert "Programmable logic controller (PLC)" in site.get(TECHNICIAN + "skills/").text
    assert cache_status(site, DIE_SETTER) == "hit"
    assert cache_status(site, "/tools/forklift/") == "hit"


def test_linking_a_tool_to_a_role_makes_the_tools_page_stale(site):
    forklift = Tool.objects.get(key="forklift")
    warm(site, "/tools/forklift/", "/tools/plc/")
    with as_if_committed():
        Role.objects.get(slug="die-setter").roletool_set.create(tool=forklift, position=1)
    assert cache_status(site, "/tools/forklift/") == "miss"
    assert "Die Setter" in site.get("/tools/forklift/").text
    assert cache_status(site, "/tools/plc/") == "hit"


def test_a_many_to_many_change_makes_the_linked_pages_stale(site):
    rung = Role.objects.get(slug="press-technician").ladderrung_set.first()
    skill = Skill.objects.exclude(rungs=rung).first()
    warm(site, TECHNICIAN + "outlook/", DIE_SETTER)
    with as_if_committed():
        rung.skills.add(skill)
    assert cache_status(site, TECHNICIAN + "outlook/") == "miss"
    assert cache_status(site, DIE_SETTER) == "hit"


def test_a_comparison_goes_stale_only_with_a_role_it_includes_or_a_name_it_offers(site):
    pair = "/compare/?roles=press-helper,press-technician"
    warm(site, pair)
    edit(Role.objects.get(slug="die-setter"), summary="Not in the comparison.")
    assert cache_status(site, pair) == "hit"
    edit(Role.objects.get(slug="die-setter"), title="Die Setter and Tryout")  # offered by name
    assert cache_status(site, pair) == "miss"
    edit(Role.objects.get(slug="press-helper"), summary="In the comparison.")
    assert cache_status(site, pair) == "miss"


def test_a_role_that_appears_or_moves_makes_every_page_stale(site):
    warm(site, TECHNICIAN, "/tools/plc/")
    edit(Role.objects.get(slug="die-setter"), status=Role.Status.DRAFT)
    assert cache_status(site, TECHNICIAN) == "miss"
    assert cache_status(site, "/tools/plc/") == "miss"


def test_a_rolled_back_write_leaves_the_cached_pages_current(site):
    warm(site, TECHNICIAN)
    with pytest.raises(RuntimeError), transaction.atomic():
        edit(Role.objects.get(slug="press-technician"), summary="Never committed.")
        raise RuntimeError
    assert cache_status(site, TECHNICIAN) == "hit"


def test_a_write_after_a_rolled_back_savepoint_is_still_stamped(site):
    technician = Role.objects.get(slug="press-technician")
    warm(site, TECHNICIAN)
    with as_if_committed():
        edit(Role.objects.get(slug="die-setter"), summary="First write of the transaction.")
        try:
            with transaction.atomic():
                technician.summary = "Undone."
                technician.save()
                raise RuntimeError
        except RuntimeError:
            pass
        technician.summary = "Kept."
        technician.save()
    assert cache_status(site, TECHNICIAN) == "miss"
    assert "Kept." in site.get(TECHNICIAN).text


def test_a_load_that_moves_a_role_makes_every_page_stale(site, loaded):
    # The files have the die setter as a draft: loading them unpublishes it, and
    # links to it vanish anywhere. (Loads that move nothing: test_load_invalidation.py.)
    warm(site, TECHNICIAN, "/tools/plc/")
    with as_if_committed():
        call_command("load_content", str(loaded), verbosity=0, force=True)
    assert CacheTag.numbers(["*"])["*"] == ContentVersion.current()
    assert cache_status(site, TECHNICIAN) == "miss"
    assert cache_status(site, "/tools/plc/") == "miss"


def test_one_write_takes_one_version_however_many_records_it_saves(site):
    before = ContentVersion.current()
    with as_if_committed():
        for role in Role.objects.all():
            role.summary += " Edited."
            role.save()
    assert ContentVersion.current() == before + 1


def test_a_page_showing_many_records_of_a_kind_depends_on_the_whole_kind():
    shown = Shown(["role:1"])
    for pk in range(COLLAPSE_AFTER + 1):
        shown.add(f"tool:{pk}")
    assert shown.final() == {"role:1", "tool:*"}


def test_the_search_index_is_told_which_roles_changed():
    assert changed_role_ids({"role:3", "role:*", "role:names", "role:9"}) == {3, 9}
    assert changed_role_ids({"role:3", "source:2", "source:*"}) == {3}  # a citation of role 3
    assert changed_role_ids({"tool:2", "tool:*"}) is None  # a catalog record: any role's entry
    assert changed_role_ids({"*"}) is None


def test_a_stored_page_knows_what_it_showed(site):
    site.get(DIE_SETTER)
    stored = caches["pages"].get(f"page:http://testserver{DIE_SETTER}?")
    die_setter = Role.objects.get(slug="die-setter")
    assert f"role:{die_setter.pk}" in stored.tags
    assert not any(
        tag.startswith("role:") and tag != f"role:{die_setter.pk}" for tag in stored.tags
    )
