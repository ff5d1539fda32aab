"""A change to a shared record re-indexes the roles whose pages show it, not the whole site.

Each test loads three copies of the fixture's Press Technician (their ladders
link to Press Helper, so Press Helper is every copy's neighbour) and gives
them records of their own: a tool only the first copy lists, a source only
the third cites. Editing such a record re-indexes the roles that show it and
their neighbours; the other roles keep their SearchEntry rows, ids and all.
"""

import pytest

from roles import page_tags
from roles.models import (
    CacheTag,
    Citation,
    ContentVersion,
    LadderRung,
    Responsibility,
    Role,
    RoleTool,
    SearchIndexState,
    Source,
    Tool,
)
from roles.search import index
from roles.search.scope import roles_showing

from . import test_search_incremental as incremental
from .commits import as_if_committed

# The fixtures and helpers of the index's role-by-role refresh, whose copies these tests share.
copies, rendered = incremental.copies, incremental.rendered
result_pages, rows_of = incremental.result_pages, incremental.rows_of
HELPER = "press-helper"  # every copy's ladder links to it


@pytest.fixture
def winch(copies):
    """A tool only the first copy lists, saved as an editor would."""
    with as_if_committed():
        tool = Tool.objects.create(
            key="mooring-winch", name="Mooring winch", category=Tool.Category.MACHINERY
        )
        RoleTool.objects.create(role=copies[0], tool=tool, position=99)
    assert index.built_version() == ContentVersion.current()
    return tool


def others_rows(*roles):
    """The rows of every published role but these and Press Helper: what must not change."""
    kept = Role.objects.published().exclude(pk__in=[role.pk for role in roles])
    return {role.slug: rows_of(role.pk) for role in kept.exclude(slug=HELPER)}


def rename(tool, name):
    with as_if_committed():
        tool.name = name
        tool.save()


def test_renaming_a_tool_re_indexes_the_roles_that_list_it_and_no_others(copies, winch, rendered):
    untouched = others_rows(copies[0])
    before = rows_of(copies[0].pk)

    rename(winch, "Zeppelin mooring winch")

    assert sorted(rendered) == sorted([copies[0].slug, HELPER])
    assert others_rows(copies[0]) == untouched  # the same ids: not rewritten
    after = rows_of(copies[0].pk)
    assert after != before and after & before  # only the passages naming the tool
    assert SearchIndexState.objects.get().content_version == ContentVersion.current()
    pages = result_pages("zeppelin mooring winch")
    assert "/tools/mooring-winch/" in pages  # the catalog's own passage
    assert any(page.startswith(f"/roles/{copies[0].slug}/") for page in pages)
    assert not any(page.startswith(f"/roles/{copies[1].slug}/") for page in pages)


def test_a_tool_renamed_with_a_role_edit_re_indexes_the_tools_roles_too(copies, winch, rendered):
    """One transaction renames the tool and edits a role that does not list it."""
    untouched = rows_of(copies[1].pk)
    with as_if_committed():
        winch.name = "Zeppelin mooring winch"
        winch.save()
        duty = Responsibility.objects.filter(role=copies[2]).first()
        duty.text = "Splices hawsers by hand"
        duty.save()

    assert sorted(set(rendered)) == sorted([copies[0].slug, copies[2].slug, HELPER])
    assert rows_of(copies[1].pk) == untouched
    assert any(page.startswith(f"/roles/{copies[0].slug}/") for page in result_pages("zeppelin"))
    assert any(page.startswith(f"/roles/{copies[2].slug}/") for page in result_pages("hawsers"))


def test_a_role_edit_naming_a_tool_re_indexes_that_role_alone(copies, winch, rendered):
    """A role's own row pointing at a tool leaves the tool's other roles as they were."""
    with as_if_committed():
        RoleTool.objects.create(role=copies[2], tool=winch, position=98)

    assert sorted(set(rendered)) == sorted([copies[2].slug, HELPER])


def test_a_tool_named_on_a_ladder_rung_re_indexes_that_ladders_role(copies, winch, rendered):
    with as_if_committed():
        LadderRung.objects.filter(role=copies[1]).first().tools.add(winch)
    rendered.clear()
    untouched = others_rows(copies[0], copies[1])

    rename(winch, "Zeppelin mooring winch")

    assert sorted(rendered) == sorted([copies[0].slug, copies[1].slug, HELPER])
    assert others_rows(copies[0], copies[1]) == untouched


def test_retitling_a_source_re_indexes_the_roles_that_cite_it(copies, rendered):
    with as_if_committed():
        source = Source.objects.create(
            key="airship-almanac", title="Almanac of Airships", publisher="Sky Press"
        )
        duty = Responsibility.objects.filter(role=copies[2]).first()
        Citation.objects.create(item=duty, source=source, position=9)
    rendered.clear()
    untouched = others_rows(copies[2])

    with as_if_committed():
        source.title = "Almanac of Zeppelins"
        source.save()

    assert sorted(rendered) == sorted([copies[2].slug, HELPER])
    # Only its pages can show the source (the index leaves source notes out, so
    # its rows may well read the same): nothing else is rendered or rewritten.
    assert others_rows(copies[2]) == untouched


def test_a_search_after_a_missed_refresh_catches_up_on_the_tools_roles_only(
    copies,
    winch,
    rendered,
    monkeypatch,
):
    untouched = others_rows(copies[0])
    with monkeypatch.context() as patched:  # the refresh after the commit never ran
        patched.setattr(index, "refresh_after_commit", lambda role_ids: None)
        rename(winch, "Zeppelin mooring winch")
    assert index.built_version() < ContentVersion.current()

    pages = result_pages("zeppelin mooring winch")  # ensure_fresh() catches up first

    assert sorted(rendered) == sorted([copies[0].slug, HELPER])
    assert others_rows(copies[0]) == untouched
    assert "/tools/mooring-winch/" in pages
    assert index.built_version() == ContentVersion.current()


def test_a_change_to_some_tools_that_does_not_say_which_rebuilds_everything(
    copies,
    winch,
    rendered,
):
    with as_if_committed():
        LadderRung.objects.filter(role=copies[1]).first().tools.add(winch)
    rendered.clear()

    with as_if_committed():
        winch.rungs.clear()  # stamps "role:*" and no role: which ladders lost it is not said

    assert len(rendered) == Role.objects.published().count()


def test_a_new_role_still_rebuilds_everything(copies, rendered):
    with as_if_committed():
        Role.objects.create(slug="airship-rigger", title="Airship Rigger", status=Role.Status.DRAFT)
    assert len(rendered) == Role.objects.published().count()


def test_the_roles_showing_a_source_include_those_whose_own_fields_name_it(copies):
    source = Source.objects.create(key="balloon-board", title="Balloon board", publisher="B")
    Role.objects.filter(pk=copies[1].pk).update(pay_source=source)
    assert roles_showing({"source": {source.pk}}) == {copies[1].pk}


def test_what_the_stamps_say_changed():
    changed = page_tags.changed_records
    assert changed({"role:3": 5, "role:*": 5, "tool:2": 5, "tool:*": 5}) == ({3}, {"tool": {2}})
    assert changed({"source:4": 6, "source:*": 6, "equivalence:1": 6}) == (set(), {"source": {4}})
    assert changed({"role:names": 7, "role:3": 7, "role:*": 7}) == ({3}, {})
    # A kind's "*" stamped after all its members: a change to some, not saying which.
    assert changed({"tool:2": 5, "tool:*": 6}) is None
    assert changed({"role:*": 6, "tool:2": 6, "tool:*": 6}) is None
    assert changed({"*": 6}) is None
    assert changed({}) is None  # the version moved, and nothing says why
    with pytest.raises(ValueError):
        changed({"gadget:1": 6})


def test_the_refresh_reads_the_stamps_of_a_catalog_change(copies, winch):
    rename(winch, "Zeppelin mooring winch")
    version = ContentVersion.current()
    names = set(CacheTag.objects.filter(number=version).values_list("name", flat=True))
    assert page_tags.changed_role_ids(names) is None  # so the refresh asks the stamps
    assert index.built_version() == version
