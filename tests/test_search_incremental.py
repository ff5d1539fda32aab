"""The search index refreshed in place: a role's change re-indexes that role, not the site.

Each test builds its own roles: copies of the fixture's Press Technician
under new slugs, loaded with load_content. A copy's ladder links to Press
Helper (as the original's does), so an edit to one copy re-indexes it and
Press Helper, and leaves the other copies' rows as they were.
"""

import re

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from roles.models import (
    ContentVersion,
    Responsibility,
    Role,
    SearchEntry,
    SearchIndexState,
    SearchWord,
    Tool,
)
from roles.search import find, index, passages

from .commits import as_if_committed

SLUG = re.compile(r"^slug: .+$", re.MULTILINE)
TITLE = re.compile(r"^title: .+$", re.MULTILINE)


def add_copies(folder, first, count):
    """Write count copies of the fixture's Press Technician into the content folder."""
    original = (folder / "roles" / "press-technician.md").read_text(encoding="utf-8")
    slugs = []
    for number in range(first, first + count):
        slug = f"press-technician-copy-{number}"
        text = SLUG.sub(f"slug: {slug}", original, count=1)
        text = TITLE.sub(f"title: Press Technician copy {number}", text, count=1)
        (folder / "roles" / f"{slug}.md").write_text(text, encoding="utf-8")
        slugs.append(slug)
    return slugs


def load(folder):
    with as_if_committed():
        call_command("load_content", str(folder), verbosity=0)


@pytest.fixture
def copies(loaded, content_copy):
    """Three copies loaded next to the fixture roles, with the index built from them."""
    slugs = add_copies(content_copy, 1, 3)
    load(content_copy)
    assert index.built_version() == ContentVersion.current()
    return [Role.objects.get(slug=slug) for slug in slugs]


def rows_of(role_pk):
    return set(SearchEntry.objects.filter(role_pk=role_pk).values_list("id", "digest"))


def every_row():
    return set(SearchEntry.objects.values_list("id", "digest"))


def words():
    return dict(SearchWord.objects.values_list("word", "count"))


def change_without_signals(role, text):
    """An edit the refresh is told about, and nothing else: no signal runs a refresh of its own."""
    Responsibility.objects.filter(role=role).update(text=text, text_html=f"<p>{text}</p>")
    ContentVersion.bump()


def result_pages(query):
    return [result.url.split("#")[0] for result in find(query).results]


@pytest.fixture
def rendered(monkeypatch):
    """The roles whose pages the index renders, in order (the real rendering still runs)."""
    seen, render = [], passages.role_entries

    def recording(role):
        seen.append(role.slug)
        return render(role)

    monkeypatch.setattr(passages, "role_entries", recording)
    return seen


def test_a_role_edit_re_indexes_that_role_and_leaves_the_other_rows_alone(copies, rendered):
    edited, *others = copies
    untouched = {role.pk: rows_of(role.pk) for role in others}
    technician = Role.objects.get(slug="press-technician")
    untouched[technician.pk] = rows_of(technician.pk)
    before = rows_of(edited.pk)

    change_without_signals(edited, "Lubricate the zeppelin mooring every Friday.")
    index.refresh_after_commit({edited.pk})

    # The edited role and the one its ladder links to, and no other.
    assert sorted(rendered) == sorted([edited.slug, "press-helper"])
    assert {pk: rows_of(pk) for pk in untouched} == untouched
    after = rows_of(edited.pk)
    assert after != before and after & before  # the changed passages only
    assert SearchIndexState.objects.get().content_version == ContentVersion.current()
    assert result_pages("zeppelin") == [f"/roles/{edited.slug}/duties/"]


def test_a_refresh_of_some_roles_ends_as_a_full_rebuild_would(copies):
    edited = copies[0]
    change_without_signals(edited, "Lubricate the zeppelin mooring every Friday.")
    index.refresh_after_commit({edited.pk})
    refreshed = (sorted(SearchEntry.objects.values_list("digest", flat=True)), words())
    count = SearchIndexState.objects.get().entries

    index.rebuild()
    rebuilt = (sorted(SearchEntry.objects.values_list("digest", flat=True)), words())
    assert refreshed == rebuilt
    assert count == SearchEntry.objects.count()


def test_an_edit_saved_as_an_editor_would_is_searchable_at_once(copies):
    duty = Responsibility.objects.filter(role=copies[1]).first()
    with as_if_committed():
        duty.text = "Wax the zeppelin."
        duty.save()
    assert index.built_version() == ContentVersion.current()
    assert result_pages("zeppelin") == [f"/roles/{copies[1].slug}/duties/"]


@pytest.mark.parametrize("how", ["deleted", "unpublished"])
def test_a_role_deleted_or_unpublished_leaves_the_results(copies, how):
    gone = copies[2]
    assert f"/roles/{gone.slug}/" in result_pages(gone.title)
    if how == "deleted":
        Role.objects.filter(pk=gone.pk).delete()
    else:
        Role.objects.filter(pk=gone.pk).update(status=Role.Status.DRAFT)
    ContentVersion.bump()
    index.refresh_after_commit({gone.pk})

    assert not SearchEntry.objects.filter(role_pk=gone.pk).exists()
    assert not [url for url in result_pages(gone.title) if url.startswith(f"/roles/{gone.slug}/")]
    assert f"/roles/{copies[0].slug}/" in result_pages(copies[0].title)


def test_a_renamed_tool_is_found_under_its_new_name_after_a_full_refresh(copies):
    Tool.objects.filter(key="plc").update(name="Zeppelin controller")
    ContentVersion.bump()
    index.refresh_after_commit(None)

    pages = result_pages("zeppelin controller")
    assert "/tools/plc/" in pages
    # Every role that lists it says the new name on its tools section.
    assert {f"/roles/{role.slug}/skills/" for role in copies} <= set(pages)


def test_a_role_refresh_after_another_uncounted_change_rebuilds_everything(copies, rendered):
    # Two changes committed since the index was built, the refresh told of one:
    # its roles are not all that changed, so the index is built whole.
    change_without_signals(copies[0], "Grease the zeppelin.")
    change_without_signals(copies[1], "Polish the dirigible.")
    index.refresh_after_commit({copies[1].pk})

    assert len(rendered) == Role.objects.published().count()
    assert SearchIndexState.objects.get().content_version == ContentVersion.current()
    assert result_pages("zeppelin") == [f"/roles/{copies[0].slug}/duties/"]


def test_a_refresh_that_fails_leaves_the_index_as_it_was(copies, monkeypatch, caplog):
    before = (every_row(), words(), SearchIndexState.objects.values().get())
    calls, render = [], passages.role_entries

    def breaks_on_the_second_role(role):
        calls.append(role.pk)
        if len(calls) == 2:
            raise RuntimeError("template broke")
        return render(role)

    monkeypatch.setattr(passages, "role_entries", breaks_on_the_second_role)
    change_without_signals(copies[0], "Grease the zeppelin.")
    index.refresh_after_commit({copies[0].pk})

    assert len(calls) == 2
    assert (every_row(), words(), SearchIndexState.objects.values().get()) == before
    assert "search index refresh failed" in caplog.text
    assert result_pages("zeppelin") == [f"/roles/{copies[0].slug}/duties/"]  # the next search


# The index's state (is it fresh?), the content version (on PostgreSQL outside a
# transaction known without a query), the entries to score, what the results show.
FIND_QUERIES = 4


@pytest.mark.parametrize("query", ["calibrate", "press technician pay", "forklift", "techncian"])
def test_a_search_costs_the_same_queries_with_twice_the_roles(
    loaded, content_copy, django_assert_num_queries, query
):
    # A typo costs a pg_trgm lookup; elsewhere rapidfuzz reads the words kept per build.
    typo = query == "techncian" and connection.vendor == "postgresql"
    first = 1
    for count in (2, 2, 4):  # 2, 4, then 8 copies
        add_copies(content_copy, first, count)
        first += count
        load(content_copy)
        find("warm")  # the index is fresh, its words read
        with django_assert_num_queries(FIND_QUERIES + typo):
            assert find(query).results
    assert Role.objects.filter(slug__startswith="press-technician-copy-").count() == 8


def test_a_search_does_not_wait_for_a_refresh_running_elsewhere(loaded):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks to skip")
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"] or None, host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )  # fmt: skip
    try:
        # Another process's refresh holds the index's row while it works.
        other.execute("SELECT * FROM roles_searchindexstate FOR UPDATE")
        before = index.built_version()
        Role.objects.filter(slug="press-technician").update(title="Zeppelin Technician")
        ContentVersion.bump()
        assert find("calibrate").results  # from the index as it was, without waiting
        assert index.built_version() == before
        assert not result_pages("zeppelin")
    finally:
        other.rollback()
        other.close()
