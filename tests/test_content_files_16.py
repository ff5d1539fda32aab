"""Issue 16, the file side: old slugs in the files, deleted roles stay deleted,
every problem in one run, and pending changes left to the admin.

Each test builds what it needs on a scratch copy of the fixture content.
"""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision

from roles.content.errors import ContentErrors
from roles.content.load import load_content
from roles.models import PendingChange, Role, SlugRedirect
from roles.staging import RolledBack, latest_revision_of, revision_copy, store_pending

from .commits import as_if_committed
from .conftest import empty_content_tables
from .test_load_errors import assert_reported, edit, line_of, load_fails, snapshot

TECHNICIAN = "roles/press-technician.md"
DIE_SETTER = "roles/die-setter.md"
HELPER = "roles/press-helper.md"


def run_load(*args):
    """Run load_content; return (stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("load_content", *map(str, args), stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def export_to(folder):
    call_command("export_content", "--output", str(folder), verbosity=0)
    return folder


def add_old_slugs(path, *old_slugs):
    listed = "".join(f"- {old}\n" for old in old_slugs)
    slug_line = next(line for line in path.read_text().split("\n") if line.startswith("slug: "))
    edit(path, f"{slug_line}\n", f"{slug_line}\nold_slugs:\n{listed}")


# --- 1. old slugs ---------------------------------------------------------------


def test_a_fresh_database_loaded_from_exported_files_redirects_old_slugs(loaded, client, tmp_path):
    technician = Role.objects.get(slug="press-technician")
    technician.slug = "stamping-technician"
    technician.save()
    technician.slug = "line-technician"
    technician.save()

    exported = export_to(tmp_path / "exported")
    text = (exported / "roles" / "line-technician.md").read_text()
    assert "old_slugs:\n- press-technician\n- stamping-technician\n" in text
    empty_content_tables()
    assert not SlugRedirect.objects.exists()
    run_load(exported)

    for old in ("press-technician", "stamping-technician"):
        response = client.get(f"/roles/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/roles/line-technician/"
    assert client.get("/roles/line-technician/").status_code == 200


def test_old_slugs_load_and_export_byte_for_byte(db, content_copy, tmp_path):
    add_old_slugs(content_copy / HELPER, "press-feeder", "line-helper")
    run_load(content_copy)

    helper = Role.objects.get(slug="press-helper")
    assert sorted(helper.old_slugs.values_list("old_slug", flat=True)) == [
        "line-helper",
        "press-feeder",
    ]
    exported = export_to(tmp_path / "exported")
    # The exporter sorts them: the canonical file lists them in order.
    assert "old_slugs:\n- line-helper\n- press-feeder\ntitle:" in (exported / HELPER).read_text()


def test_an_old_slug_dropped_from_the_file_stops_redirecting(db, content_copy):
    path = content_copy / HELPER
    add_old_slugs(path, "press-feeder", "line-helper")
    run_load(content_copy)
    edit(path, "- press-feeder\n", "")

    run_load(content_copy)

    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["line-helper"]


@pytest.mark.parametrize(
    ("old_slug", "message"),
    [
        ("press-helper", "old_slugs[0]: 'press-helper' is this role's own slug"),
        ("press-technician", "is the slug of another role, in"),
        ("Press_Helper", "write it in lowercase letters, digits and single hyphens"),
    ],
    ids=["own-slug", "another-files-slug", "malformed"],
)
def test_an_impossible_old_slug_is_reported_at_its_line(db, content_copy, old_slug, message):
    path = content_copy / HELPER
    add_old_slugs(path, old_slug)

    stderr, _ = load_fails(content_copy)

    assert_reported(stderr, path, line_of(path, f"- {old_slug}"), message)


def test_an_old_slug_listed_by_two_files_names_both(db, content_copy):
    add_old_slugs(content_copy / HELPER, "press-operator")
    add_old_slugs(content_copy / TECHNICIAN, "press-operator")

    stderr, _ = load_fails(content_copy)

    helper, technician = content_copy / HELPER, content_copy / TECHNICIAN
    first, second = sorted([helper, technician])
    assert_reported(
        stderr,
        second,
        line_of(second, "- press-operator"),
        f"'press-operator' is also listed at {first}:{line_of(first, '- press-operator')}",
    )


def test_an_old_slug_that_is_a_role_in_the_database_is_refused(loaded, content_copy):
    path = content_copy / HELPER
    add_old_slugs(path, "die-setter")

    # Only the helper's file: die-setter is in the database, not among the files.
    stderr, _ = load_fails(content_copy / "catalog.yaml", path)

    assert_reported(
        stderr, path, line_of(path, "- die-setter"), "is the slug of the role 'Die Setter'"
    )


# --- 2. a role deleted in the admin stays deleted -----------------------------------


def delete_in_admin(admin_client, slug):
    role = Role.objects.get(slug=slug)
    response = admin_client.post(f"/admin/roles/role/{role.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Role.objects.filter(slug=slug).exists()


def test_a_role_deleted_in_the_admin_is_not_loaded_again(admin_client, loaded, content_copy):
    delete_in_admin(admin_client, "die-setter")

    stdout, stderr = run_load(content_copy)

    assert not Role.objects.filter(slug="die-setter").exists()
    assert f"{content_copy / DIE_SETTER}: Die Setter was deleted in the admin" in stderr
    assert "stays deleted" in stderr and "--force" in stderr
    assert "0 created, 0 updated, 2 unchanged, 1 not loaded" in stdout


def test_force_brings_a_deleted_role_back_and_says_so(admin_client, loaded, content_copy):
    delete_in_admin(admin_client, "die-setter")

    stdout, stderr = run_load(content_copy, "--force")

    assert Role.objects.filter(slug="die-setter").exists()
    assert "Die Setter had been deleted in the admin; loaded again with --force" in stderr
    assert "1 created" in stdout
    # In step with the files again: the next plain load holds nothing back.
    assert run_load(content_copy)[1] == ""


def test_a_link_to_a_deleted_role_is_reported(admin_client, loaded, content_copy):
    delete_in_admin(admin_client, "press-helper")

    stderr, _ = load_fails(content_copy)

    technician = content_copy / TECHNICIAN
    assert_reported(
        stderr,
        technician,
        line_of(technician, "role: press-helper"),
        "links to the role 'press-helper', which was deleted in the admin",
    )


def test_export_removes_the_file_of_a_deleted_role(admin_client, loaded, tmp_path, settings):
    settings.CONTENT_DIR = tmp_path / "content"
    call_command("export_content", verbosity=0)
    delete_in_admin(admin_client, "die-setter")
    removed = settings.CONTENT_DIR / DIE_SETTER
    kept_text = removed.read_text()
    new_file = settings.CONTENT_DIR / "roles" / "press-feeder.md"  # never loaded: kept
    new_file.write_text(kept_text.replace("slug: die-setter", "slug: press-feeder"))

    stdout = io.StringIO()
    call_command("export_content", verbosity=2, stdout=stdout)

    assert not removed.exists()
    assert new_file.exists()
    assert f"removed {removed} (the role was renamed or deleted)" in stdout.getvalue()
    # Files and database agree again, so the file put back is a new role to load.
    removed.write_text(kept_text)
    new_file.unlink()
    assert "1 created" in run_load(settings.CONTENT_DIR)[0]


# --- 3. every problem in one run ------------------------------------------------

# Five kinds of mistake in one file, each (old text, new text, text on the
# reported line, what the message says).
MISTAKES = [
    # schema: a date as a regular expression would describe it
    (
        "last_reviewed: '2026-02-14'\n",
        "last_reviewed: 14/02/2026\n",
        "last_reviewed: 14/02/2026",
        "last_reviewed: write the date as YYYY, YYYY-MM or YYYY-MM-DD, got '14/02/2026'",
    ),
    # reference: a tool the catalog does not have
    ("- tool: plc\n", "- tool: plc-trainer\n", "tool: plc-trainer", "unknown tool key"),
    # duplicate position: a ladder rung key given twice
    ("- key: senior\n", "- key: junior\n", "- key: junior", "ladder: key 'junior' is listed more"),
    # a check only a save makes: pay out of order
    ("  min: 38000\n  max: 47000\n", "  min: 52000\n  max: 47000\n", "min: 52000", "out of order"),
    # schema: a number that is not one
    (
        "    count: 9000\n",
        "    count: lots\n",
        "count: lots",
        "expected a plain number, got 'lots'",
    ),
]
JARGON = re.compile(r"\^|\\d|pattern|dictionary|instance of|valid string|\bstr\b|constrained")


def test_a_file_with_many_kinds_of_mistake_reports_them_all_in_one_run(loaded, content_copy):
    path = content_copy / TECHNICIAN
    for old, new, _, _ in MISTAKES:
        edit(path, old, new)
    add_old_slugs(path, "press-helper")  # and an old slug that is another role's slug

    stderr, summary = load_fails(content_copy)

    for _, _, at, message in MISTAKES:
        assert_reported(stderr, path, line_of(path, at), message)
    assert_reported(stderr, path, line_of(path, "- press-helper"), "is the slug of another role")
    assert not JARGON.search(stderr), stderr
    assert summary.endswith("found; the database was not changed.")
    assert Role.objects.get(slug="press-technician").last_reviewed.isoformat() == "2026-02-14"


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [
        ("currency: USD\n", "currency: dollars\n", "currency: dollars", "three-letter code"),
        ("  - source: ", "  - Source: ", "Source: ", "unknown key"),
        ("- tool: plc\n", "- tool: [plc]\n", "tool: [plc]", "expected text, got a list"),
        ("  example: true\n", "  example: often\n", "example: often", "expected true or false"),
        ("- system: SOC 2018\n", "- system: soc\n", "system: soc", "input should be"),
        ("  code: 99-2002\n", "  code: 992-002\n", "code: 992-002", "such as 51-9199"),
        ("  code: 99-2002\n", "  code: 992002\n", "code: 992002", "got the number 992002"),
        (
            "alternative_titles:\n- Stamping Technician\n- Die Technician\n",
            "alternative_titles: Stamping Technician\n",
            "alternative_titles: Stamping",
            "alternative_titles: expected a list",
        ),
    ],
    ids=["currency", "citation-key", "text", "flag", "choice", "soc-code", "number", "list"],
)
def test_messages_are_in_plain_words(db, content_copy, old, new, at, message):
    path = content_copy / TECHNICIAN
    edit(path, old, new)

    stderr, _ = load_fails(content_copy)

    assert_reported(stderr, path, line_of(path, at), message)
    assert not JARGON.search(stderr), stderr


def test_problems_in_several_files_are_all_reported_in_file_order(db, content_copy):
    edit(content_copy / HELPER, "title: Press Helper\n", "title: Press Helper\ncolour: blue\n")
    edit(content_copy / DIE_SETTER, "## Overview\n", "## Overveiw\n")
    edit(content_copy / "catalog.yaml", "  category: material-handling\n", "  category: x\n")

    stderr, summary = load_fails(content_copy)

    lines = stderr.splitlines()
    files = [line.split(":", 1)[0] for line in lines]
    assert files == sorted(files)
    assert {"catalog.yaml", "die-setter.md", "press-helper.md"} <= {
        name.rsplit("/", 1)[-1] for name in files
    }


# --- 4. pending changes -----------------------------------------------------------


@pytest.fixture
def editor_user(db):
    return User.objects.create_user("erin", password="x", is_staff=True)


def pend(role, user):
    return PendingChange.objects.create(
        role=role,
        revision=Revision.objects.create(comment="pending", date_created=timezone.now()),
        author=user,
    )


def test_a_role_with_a_pending_change_is_not_loaded(loaded, content_copy, editor_user):
    technician = Role.objects.get(slug="press-technician")
    pending = pend(technician, editor_user)
    edit(content_copy / TECHNICIAN, "title: Press Technician\n", "title: Press Tech\n")
    edit(content_copy / HELPER, "title: Press Helper\n", "title: Press Aide\n")

    stdout, stderr = run_load(content_copy)

    assert re.search(
        re.escape(f"{content_copy / TECHNICIAN}: Press Tech has a pending change by erin from ")
        + r"\d{4}-\d\d-\d\d \d\d:\d\d"
        + re.escape(
            ", waiting to be published; not loaded. Publish or discard it in the admin, "
            "or load with --force."
        ),
        stderr,
    ), stderr
    technician.refresh_from_db()
    assert technician.title == "Press Technician"
    assert PendingChange.objects.filter(pk=pending.pk).exists()
    assert Role.objects.get(slug="press-helper").title == "Press Aide"  # the rest loads
    assert "1 not loaded" in stdout


def test_force_loads_over_a_pending_change_and_discards_it(loaded, content_copy, editor_user):
    technician = Role.objects.get(slug="press-technician")
    pend(technician, editor_user)
    edit(content_copy / TECHNICIAN, "title: Press Technician\n", "title: Press Tech\n")

    _, stderr = run_load(content_copy, "--force")

    technician.refresh_from_db()
    assert technician.title == "Press Tech"
    assert not PendingChange.objects.exists()
    assert "loaded with --force over the pending change by erin" in stderr
    assert "that pending change was discarded" in stderr


def stage_title(role, title, user):
    """Store a pending change of role's title, as the admin does for an Editor."""
    try:
        with transaction.atomic():
            role.title = title
            with as_if_committed():
                import reversion

                with reversion.create_revision():
                    role.save()
                    reversion.add_to_revision(role)
            raise RolledBack(revision_copy(latest_revision_of(role)))
    except RolledBack as undone:
        return store_pending(Role.objects.get(pk=role.pk), undone.result, user)


def test_export_writes_the_published_version_not_the_pending_one(loaded, tmp_path, editor_user):
    technician = Role.objects.get(slug="press-technician")
    pending = stage_title(technician, "Pending Title", editor_user)
    assert any(
        "Pending Title" in version.serialized_data for version in pending.revision.version_set.all()
    )

    text = (export_to(tmp_path / "out") / TECHNICIAN).read_text()

    assert "title: Press Technician\n" in text
    assert "Pending Title" not in text


def test_a_failed_load_leaves_pending_changes_and_everything_else(
    loaded, content_copy, editor_user
):
    pend(Role.objects.get(slug="press-technician"), editor_user)
    edit(content_copy / HELPER, "title: Press Helper\n", "title: Press Helper\ncolour: blue\n")
    before = snapshot()

    with pytest.raises(ContentErrors):
        load_content([content_copy], force=True)

    assert snapshot() == before
    assert PendingChange.objects.count() == 1


def test_a_file_under_a_slug_renamed_in_the_admin_is_refused(loaded, content_copy):
    technician = Role.objects.get(slug="press-technician")
    technician.slug = "line-technician"
    technician.save()

    stderr, _ = load_fails(content_copy)

    path = content_copy / TECHNICIAN
    assert_reported(
        stderr,
        path,
        line_of(path, "slug: press-technician"),
        "role 'press-technician' was renamed to 'line-technician' in the admin",
    )
    assert not Role.objects.filter(slug="press-technician").exists()


def test_a_value_left_out_for_its_mistake_causes_no_second_complaint(db, content_copy):
    # The rung's requirement is wrong; without it the item would have
    # applies_basis but no applies_at, which is not a mistake of the file.
    path = content_copy / TECHNICIAN
    edit(
        path,
        "  applies_at:\n    junior: preferred\n    senior: required\n",
        "  applies_at:\n    junior: sometimes\n",
    )

    stderr, summary = load_fails(content_copy)

    assert_reported(stderr, path, line_of(path, ": sometimes"), "input should be")
    assert "applies_basis" not in stderr, stderr
    assert summary.startswith("1 problem found")
