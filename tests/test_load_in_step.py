"""A file that holds what the database holds is neither read back nor written (sync.in_step()).

After a load or an export, each role's digest is recorded with the content
version of the moment. A later load takes a role as in step when its file's
digest is the one recorded and no change was stamped on the role's pages
since: it skips reading the role's rows to compare. Anything else, an admin
edit above all, is compared as before.
"""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles.content import sync
from roles.content.serialize import document_to_text, role_to_document
from roles.models import Responsibility, Role, Tool

from .commits import as_if_committed

ITEM_TABLE = f'"{Responsibility._meta.db_table}"'


def load(folder, **options):
    with as_if_committed():
        call_command("load_content", str(folder), verbosity=0, stderr=io.StringIO(), **options)


def roles_whose_items_were_read(folder):
    """Load folder; return the primary keys of the roles whose responsibilities were read."""
    with CaptureQueriesContext(connection) as queries:
        load(folder)
    read = set()
    for query in queries.captured_queries:
        if query["sql"].startswith("SELECT") and ITEM_TABLE in query["sql"]:
            for listed in ROLE_IDS.findall(query["sql"]):
                read |= {int(pk) for pk in ",".join(listed).split(",") if pk.strip()}
    return read


ROLE_IDS = re.compile(rf'{ITEM_TABLE}\."role_id" (?:IN \(([\d, ]+)\)|= (\d+))')


def edit(record, **fields):
    with as_if_committed():
        for name, value in fields.items():
            setattr(record, name, value)
        record.save()


@pytest.fixture
def content(loaded, content_copy):
    """The fixture content, loaded from the copy: files and database agree."""
    load(content_copy, force=True)
    return content_copy


def file_text(role):
    return document_to_text(role_to_document(Role.objects.for_export().get(pk=role.pk)))


def test_a_load_of_unchanged_files_reads_no_roles_rows(content):
    assert roles_whose_items_were_read(content) == set()


def test_a_load_of_one_changed_file_reads_that_roles_rows_only(content):
    technician = content / "roles" / "press-technician.md"
    technician.write_text(
        technician.read_text(encoding="utf-8").replace("summary: ", "summary: Changed. ", 1),
        encoding="utf-8",
    )
    read = roles_whose_items_were_read(content)
    role = Role.objects.get(slug="press-technician")
    assert "Changed." in role.summary
    assert role.pk in read
    # The search index reads the pages that show the technician (the helper's); the
    # die setter shows nothing of it, and is a draft the index leaves out.
    assert Role.objects.get(slug="die-setter").pk not in read


def test_an_admin_edit_since_the_load_is_still_refused(content):
    technician = Role.objects.get(slug="press-technician")
    edit(technician.responsibility_set.first(), text="Edited in the admin.")
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", str(content), verbosity=0, stderr=stderr)
    assert "role 'press-technician' was changed in the admin" in stderr.getvalue()
    assert technician.responsibility_set.filter(text="Edited in the admin.").exists()


def test_force_still_replaces_an_admin_edit_since_the_load(content):
    technician = Role.objects.get(slug="press-technician")
    edit(technician, summary="Edited in the admin.")
    load(content, force=True)
    technician.refresh_from_db()
    assert technician.summary != "Edited in the admin."


def test_a_role_is_in_step_until_something_it_shows_changes(content):
    technician = Role.objects.get(slug="press-technician")
    helper = Role.objects.get(slug="press-helper")
    pairs = [(technician, file_text(technician)), (helper, file_text(helper))]
    assert set(sync.in_step(pairs)) == {technician, helper}
    # The helper's pages show the technician's ladder; the technician's show nothing of
    # the helper's duties. (An edit to the helper's own row, which points at sources,
    # takes every role citing them out of step, being unable to tell them apart.)
    edit(helper.responsibility_set.first(), text="Edited.")
    assert technician in sync.in_step(pairs)
    assert helper not in sync.in_step(pairs)
    tool = Tool.objects.filter(role_links__role=technician).first()
    edit(tool, name="Renamed tool")
    assert technician not in sync.in_step(pairs)


def test_a_file_that_differs_from_the_digest_is_not_in_step(content):
    technician = Role.objects.get(slug="press-technician")
    assert sync.in_step([(technician, file_text(technician) + "\nMore.\n")]) == []


def test_an_export_records_the_files_as_in_step(content, tmp_path, settings):
    technician = Role.objects.get(slug="press-technician")
    edit(technician, summary="Edited in the admin, then exported.")
    settings.CONTENT_DIR = tmp_path
    call_command("export_content", verbosity=0)
    assert technician in sync.in_step([(technician, file_text(technician))])
    assert roles_whose_items_were_read(tmp_path) == set()
