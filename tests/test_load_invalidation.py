"""A load stamps only what it changed: the pages of the roles it wrote, or nothing at all.

load_content writes in bulk without signals (roles/content/bulk.py) and
gathers the tags its writes change (caching.many_changes_at_once()), so a
load that changed one file leaves every page that does not show that role
cached, and its search index refresh re-indexes that role only.
"""

import pytest
from django.core.management import CommandError, call_command

from roles import page_tags
from roles.content.store import ITEM_MODELS
from roles.models import CacheTag, Citation, ContentVersion, LadderRung, Role, RungFit, SearchEntry
from roles.search import passages

from .commits import as_if_committed
from .page_cache import cache_status, warm

TECHNICIAN = "/roles/press-technician/"
HELPER = "/roles/press-helper/"  # its ladder shows the technician's
DIE_SETTER = "/roles/die-setter/"  # shares nothing with the technician


def load(folder, **options):
    with as_if_committed():  # the load's commit, and the index refresh after it
        call_command("load_content", str(folder), verbosity=0, **options)


def rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def content(loaded, content_copy):
    """The fixture content with the die setter published, loaded: files and database agree."""
    rewrite(content_copy / "roles" / "die-setter.md", "status: draft", "status: published")
    load(content_copy, force=True)
    return content_copy


def test_a_load_that_changes_nothing_stamps_nothing(content, client):
    warm(client, TECHNICIAN, DIE_SETTER, "/roles/", "/tools/plc/")
    before = ContentVersion.current()
    load(content)
    assert ContentVersion.current() == before
    for url in (TECHNICIAN, DIE_SETTER, "/roles/", "/tools/plc/"):
        assert cache_status(client, url) == "hit", url


def test_a_load_that_changes_one_role_leaves_the_others_pages_cached(content, client):
    warm(client, TECHNICIAN, TECHNICIAN + "pay/", HELPER, DIE_SETTER, DIE_SETTER + "pay/")
    rewrite(content / "roles" / "press-technician.md", "summary: ", "summary: Edited in the file. ")
    load(content)
    assert cache_status(client, DIE_SETTER) == "hit"
    assert cache_status(client, DIE_SETTER + "pay/") == "hit"
    assert cache_status(client, TECHNICIAN) == "miss"
    assert "Edited in the file." in client.get(TECHNICIAN).text
    assert cache_status(client, TECHNICIAN + "pay/") == "miss"
    assert cache_status(client, HELPER) == "miss"  # it shows the technician's ladder
    assert CacheTag.numbers(["*"]).get("*", 0) < ContentVersion.current()  # not everything


def stamped_since(before, slug):
    tag = f"role:{Role.objects.get(slug=slug).pk}"
    return CacheTag.numbers([tag])[tag] > before


def test_a_load_does_not_stamp_the_roles_a_changed_role_still_links_to(content):
    before = ContentVersion.current()
    rewrite(content / "roles" / "press-technician.md", "summary: ", "summary: Edited. ")
    load(content)
    assert stamped_since(before, "press-technician")
    # Its related career and comparison still link to the helper: the helper's own
    # pages show the technician's records, whose tag moved, and nothing else changed.
    assert not stamped_since(before, "press-helper")


def test_a_load_stamps_a_role_a_link_to_it_appeared_on_or_went_from(content):
    technician = content / "roles" / "press-technician.md"
    before = ContentVersion.current()
    rewrite(
        technician,
        "- title: Press Helper\n  role: press-helper\n  note:",
        "- title: Press Helper\n  note:",
    )
    rewrite(
        technician,
        "- title: Press Helper\n  role: press-helper\n  summary:",
        "- title: Press Helper\n  summary:",
    )
    load(content)
    assert stamped_since(before, "press-helper")
    middle = ContentVersion.current()
    rewrite(
        technician,
        "- title: Press Helper\n  note:",
        "- title: Press Helper\n  role: press-helper\n  note:",
    )
    load(content)
    assert stamped_since(middle, "press-helper")


def test_a_load_that_links_a_tool_to_a_role_makes_the_tools_page_stale(content, client):
    warm(client, "/tools/forklift/", "/tools/wrench-set/", DIE_SETTER)
    technician = content / "roles" / "press-technician.md"
    rewrite(technician, "tools:\n", "tools:\n- tool: forklift\n")
    load(content)
    assert cache_status(client, "/tools/forklift/") == "miss"
    assert "Press Technician" in client.get("/tools/forklift/").text
    assert cache_status(client, DIE_SETTER) == "hit"


def test_a_load_that_unlinks_a_tool_makes_the_tools_page_stale(content, client):
    warm(client, "/tools/wrench-set/", DIE_SETTER)
    technician = content / "roles" / "press-technician.md"
    rewrite(technician, "- tool: wrench-set\n", "")
    load(content)
    assert cache_status(client, "/tools/wrench-set/") == "miss"
    assert cache_status(client, DIE_SETTER) == "hit"


def test_a_load_that_creates_a_role_makes_every_page_stale(content, client):
    warm(client, TECHNICIAN, DIE_SETTER)
    new_role = content / "roles" / "die-helper.md"
    text = (content / "roles" / "die-setter.md").read_text(encoding="utf-8")
    new_role.write_text(
        text.replace("slug: die-setter", "slug: die-helper").replace(
            "title: Die Setter", "title: Die Helper"
        ),
        encoding="utf-8",
    )
    load(content)
    assert CacheTag.numbers(["*"])["*"] == ContentVersion.current()
    assert cache_status(client, TECHNICIAN) == "miss"
    assert cache_status(client, DIE_SETTER) == "miss"


def test_a_one_role_load_reindexes_that_role_only(content, monkeypatch):
    rendered = []
    role_entries = passages.role_entries

    def noting_role_entries(role):
        rendered.append(role.slug)
        return role_entries(role)

    monkeypatch.setattr(passages, "role_entries", noting_role_entries)
    rewrite(content / "roles" / "press-technician.md", "summary: ", "summary: Zanzibarish. ")
    load(content)
    assert "press-technician" in rendered
    assert "die-setter" not in rendered
    technician = Role.objects.get(slug="press-technician")
    edited = SearchEntry.objects.filter(role_pk=technician.pk, body__contains="Zanzibarish")
    assert edited.exists()


def test_a_load_that_fails_stamps_nothing(content, client):
    warm(client, TECHNICIAN)
    before = ContentVersion.current()
    rewrite(content / "roles" / "press-technician.md", "summary: ", "summary: Edited. ")
    rewrite(content / "roles" / "die-setter.md", "title: Die Setter", "title:")
    with pytest.raises(CommandError, match="problem"):
        load(content)
    assert ContentVersion.current() == before
    assert cache_status(client, TECHNICIAN) == "hit"


# --- the tags of rows inserted in bulk --------------------------------------------


def created_tags(rows):
    tags = set()
    for row in rows:
        tags |= page_tags.changed_tags(row, created=True, items_written_too=True)
    return tags


@pytest.mark.parametrize(
    "model", [*ITEM_MODELS, Citation, RungFit], ids=lambda model: model.__name__
)
def test_rows_inserted_in_bulk_change_what_their_saves_would(loaded, model):
    rows = list(model.objects.all())
    assert rows, f"the fixture content has no {model.__name__}"
    inserted = page_tags.with_kinds(page_tags.inserted_rows_tags(model, rows))
    assert inserted == created_tags(rows)


@pytest.mark.parametrize("name", ["tools", "skills", "certifications"])
def test_rung_links_inserted_in_bulk_change_what_setting_them_would(loaded, name):
    rungs = list(LadderRung.objects.prefetch_related(name))
    through = getattr(LadderRung, name).through
    links = list(through.objects.filter(ladderrung__in=rungs))
    assert links
    inserted = page_tags.inserted_rows_tags(LadderRung, rungs) | page_tags.inserted_rows_tags(
        through, links
    )
    target = LadderRung._meta.get_field(name).related_model
    expected = set()
    for rung in rungs:
        pks = {record.pk for record in getattr(rung, name).all()}
        expected |= page_tags.m2m_tags(rung, target, pks)
    assert page_tags.with_kinds(inserted) == expected


def test_a_role_row_inserted_in_bulk_changes_everything():
    assert page_tags.inserted_rows_tags(Role, [Role(slug="new")]) == {"*"}
    assert page_tags.inserted_rows_tags(Role, []) == set()
