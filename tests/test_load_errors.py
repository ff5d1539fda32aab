"""Every problem load_content can find: reported as FILE:LINE: message, nothing written.

Each error test breaks a scratch copy of the fixture content (or writes a small file), runs
the command and checks three things: it fails with CommandError, stderr points at
the right file and line and says what is wrong, and the database is exactly as
it was before the run.
"""

import io
import shutil

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from roles.models import Responsibility, Role, Source

from .conftest import empty_content_tables

HELPER = "roles/press-helper.md"
TECHNICIAN = "roles/press-technician.md"
CATALOG = "catalog.yaml"
NOT_CHANGED = "found; the database was not changed."
SECOND_EQUIVALENCE = "  - oil-tester\n  skills:\n  - gauge-calibration\n"  # in CATALOG
# The technician's first salary band, in order and with min above max.
BAND_IN_ORDER = "  min: 38000\n  max: 47000\n"
BAND_MIN_ABOVE_MAX = "  min: 52000\n  max: 47000\n"

# Every test here touches the database. db_state asks for it only at run time,
# which pytest-django does not see when such a test runs on its own.
pytestmark = pytest.mark.django_db


# --- helpers ------------------------------------------------------------------


def snapshot():
    """Every row of every roles table (many-to-many tables included), in pk order."""
    models = apps.get_app_config("roles").get_models(include_auto_created=True)
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def load(*paths):
    """Run load_content and return its stdout."""
    stdout = io.StringIO()
    call_command("load_content", *map(str, paths), stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def load_fails(*paths):
    """Run load_content, which must fail without touching the database.

    Return (stderr, the CommandError's message).
    """
    before = snapshot()
    stderr = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("load_content", *map(str, paths), stdout=io.StringIO(), stderr=stderr)
    assert snapshot() == before, "a failed load changed the database"
    return stderr.getvalue(), str(excinfo.value)


def edit(path, old, new):
    """Replace the first occurrence of old, which must be in the file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle):
    """1-based number of the last line of path that contains needle (str or bytes)."""
    if isinstance(needle, str):
        needle = needle.encode("utf-8")
    numbers = [
        number
        for number, line in enumerate(path.read_bytes().split(b"\n"), start=1)
        if needle in line
    ]
    assert numbers, f"{needle!r} is not in {path}"
    return numbers[-1]


def entries_at(stderr, path, line):
    """The stderr entries reported at path:line (or at path alone when line is None)."""
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    return [entry for entry in stderr.splitlines() if entry.startswith(where)]


def assert_reported(stderr, path, line, message):
    entries = entries_at(stderr, path, line)
    assert any(message in entry for entry in entries), (
        f"expected '{path}:{line}: ...{message}...' in stderr:\n{stderr}"
    )


@pytest.fixture(params=["empty-db", "loaded-db"])
def db_state(request, loaded):
    """Run a test twice: on an empty database and with the fixture content loaded."""
    if request.param == "empty-db":
        empty_content_tables()
    return request.param


# --- one broken edit in a copy of the fixture content ---------------------------

# (file, old text, new text, text on the line the problem must be reported on,
#  what the message must say). The reported line is the last line containing
# that text, found in the edited file.
EDIT_CASES = [
    pytest.param(
        TECHNICIAN,
        "  area: Résumé examples\n  example: true\n",
        "  area: Résumé examples\n  example: sometimes\n",
        "example: sometimes",
        "example: ",
        id="example-flag-not-true-or-false",
    ),
    pytest.param(
        HELPER,
        "title: Press Helper\n",
        "title: Press: Helper\n",
        "title: Press: Helper",
        "invalid YAML: mapping values are not allowed",
        id="invalid-yaml",
    ),
    pytest.param(
        HELPER,
        "title: Press Helper\n",
        "",
        # A missing key has no line of its own: the front matter's first line.
        "slug: press-helper",
        "title: required field is missing",
        id="missing-required-field",
    ),
    pytest.param(
        HELPER,
        "title: Press Helper\n",
        "title: Press Helper\ncolour: blue\n",
        "colour: blue",
        "unknown key 'colour'",
        id="unknown-key",
    ),
    pytest.param(
        TECHNICIAN,
        "  rung: junior\n  min: 38000\n",
        "  rung: junior\n  bonus: 5000\n  min: 38000\n",
        "bonus: 5000",
        "unknown key 'salary_bands[0].bonus'",
        id="unknown-nested-key",
    ),
    pytest.param(
        CATALOG,
        "  category: material-handling\n",
        "  category: conveyance\n",
        "category: conveyance",
        "category: input should be",
        id="catalog-bad-choice",
    ),
    pytest.param(
        HELPER,
        "## Work setting\n",
        "## Hobbies\n",
        "## Hobbies",
        "unknown heading '## Hobbies'",
        id="unknown-heading",
    ),
    pytest.param(
        HELPER,
        "---\n## Overview\n",
        "---\nStray text.\n\n## Overview\n",
        "Stray text.",
        "text before the first '## ' heading",
        id="text-before-first-heading",
    ),
    pytest.param(
        HELPER,
        "## Work setting\n",
        "## Overview\n",
        "## Overview",  # the second one
        "heading '## Overview' appears twice",
        id="duplicate-heading",
    ),
    pytest.param(
        HELPER,
        "## Overview\n",
        "## Market reality\n",
        "## Market reality",  # the first line of the body
        "the '## Overview' section is missing",
        id="missing-overview",
    ),
    pytest.param(
        TECHNICIAN,
        "  min: 38000\n",
        "  min: forty\n",
        "min: forty",
        "salary_bands[0].min: expected a plain number, got 'forty'",
        id="non-numeric-pay",
    ),
    pytest.param(
        TECHNICIAN,
        BAND_IN_ORDER,
        BAND_MIN_ABOVE_MAX,
        "min: 52000",  # the line of the figure that is out of order
        "salary_bands[0].min: Pay is out of order: it must be min ≤ median ≤ max.",
        id="pay-min-above-max",
    ),
    pytest.param(
        TECHNICIAN,
        BAND_IN_ORDER,
        f"{BAND_IN_ORDER}  median: 50000\n",
        "median: 50000",
        "salary_bands[0].median: Pay is out of order",
        id="pay-median-above-max",
    ),
    pytest.param(
        TECHNICIAN,
        "  min: 38000\n",
        "  min: -5\n",
        "min: -5",
        "salary_bands[0].min: input should be greater than or equal to 0",
        id="negative-pay",
    ),
    pytest.param(
        HELPER,
        "  source: helper-handbook\n",
        "  source: no-such-source\n",
        "source: no-such-source",
        "unknown source key 'no-such-source'",
        id="unknown-source",
    ),
    pytest.param(
        TECHNICIAN,
        "    source: press-guild-guide\n    as_of: '2025'\n  annual_openings:",
        "    source: no-such-guide\n    as_of: '2025'\n  annual_openings:",
        "source: no-such-guide",
        "unknown source key 'no-such-guide'",
        id="unknown-growth-context-source",
    ),
    pytest.param(
        TECHNICIAN,
        "    text: The guild's yardstick is the average for all trades over the same years.\n",
        "",
        "growth_context:",
        "key_facts.growth_context.text: required field is missing",
        id="growth-context-without-text",
    ),
    pytest.param(
        HELPER,
        "- tool: forklift\n",
        "- tool: no-such-tool\n",
        "tool: no-such-tool",
        "unknown tool key 'no-such-tool'",
        id="unknown-tool",
    ),
    pytest.param(
        HELPER,
        "- skill: quality-inspection\n",
        "- skill: no-such-skill\n",
        "skill: no-such-skill",
        "unknown skill key 'no-such-skill'",
        id="unknown-skill",
    ),
    pytest.param(
        HELPER,
        "- certification: press-safety-bronze\n",
        "- certification: no-such-cert\n",
        "certification: no-such-cert",
        "unknown certification key 'no-such-cert'",
        id="unknown-certification",
    ),
    pytest.param(
        TECHNICIAN,
        "  rung: junior\n",
        "  rung: no-such-rung\n",
        "rung: no-such-rung",
        "unknown ladder rung key 'no-such-rung'",
        id="unknown-ladder-rung",
    ),
    pytest.param(
        HELPER,
        "  role: press-technician\n",
        "  role: no-such-role\n",
        "role: no-such-role",
        "unknown role key 'no-such-role'",
        id="unknown-role-in-ladder",
    ),
    pytest.param(
        HELPER,
        "- key: technician\n",
        "- key: helper\n",
        "- key: helper",  # the second one
        "ladder: key 'helper' is listed more than once",
        id="duplicate-ladder-key",
    ),
    pytest.param(
        TECHNICIAN,
        "- tool: oil-tester\n",
        "- tool: plc\n",
        "- tool: plc",  # the last one, which replaced oil-tester
        "tools: tool 'plc' is listed more than once",
        id="duplicate-tool",
    ),
    pytest.param(
        CATALOG,
        "- key: plc\n",
        "- key: oil-tester\n",
        "- key: oil-tester",  # the second one
        "tools: key 'oil-tester' is defined twice",
        id="catalog-key-defined-twice",
    ),
    pytest.param(
        CATALOG,
        "  - oil-tester\n  skills:",
        "  - no-such-tester\n  skills:",
        "- no-such-tester",
        "equivalences[1].tools[0]: unknown tool key 'no-such-tester'",
        id="equivalence-with-an-unknown-record",
    ),
    # The second equivalence, left with one record, then naming one record twice.
    *(
        pytest.param(CATALOG, SECOND_EQUIVALENCE, new, "- tools:", message, id=name)
        for new, message, name in (
            ("  - oil-tester\n", "a record is not equivalent to itself", "equivalence-of-one"),
            ("  - oil-tester\n" * 2, "oil-tester listed twice", "equivalence-repeating-a-record"),
        )
    ),
    pytest.param(
        HELPER,
        "slug: press-helper\n",
        "slug: press-loader\n",
        "slug: press-loader",
        "slug 'press-loader' does not match the file name",
        id="slug-not-file-name",
    ),
    pytest.param(
        HELPER,
        "---\n## Overview\n",
        "## Overview\n",
        "---",  # the opening fence, now the only one
        "the front matter is not closed",
        id="front-matter-not-closed",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "at", "message"), EDIT_CASES)
def test_broken_edit_is_reported_and_nothing_changes(
    db_state, content_copy, name, old, new, at, message
):
    path = content_copy / name
    edit(path, old, new)

    stderr, summary = load_fails(content_copy)

    assert_reported(stderr, path, line_of(path, at), message)
    assert summary.endswith(NOT_CHANGED)


# --- whole files written from scratch -----------------------------------------

MINIMAL_ROLE = """---
slug: press-helper
title: Press Helper
summary: Feeds presses.
---
## Overview

Press helpers feed presses.
"""

# (bytes of roles/press-helper.md, text on the reported line or None
#  when no line is reported, what the message must say)
FILE_CASES = [
    pytest.param(b"", None, "the file is empty", id="empty-file"),
    pytest.param(b"\n  \n", None, "the file is empty", id="blank-file"),
    pytest.param(
        b"## Overview\n\nNo front matter.\n",
        "## Overview",
        "expected front matter: the first line must be '---'",
        id="no-front-matter",
    ),
    pytest.param(
        MINIMAL_ROLE.replace("Feeds presses.", "Feeds \xff presses.").encode("latin-1"),
        b"\xff",
        "the file is not valid UTF-8 (byte 0xff",
        id="not-utf-8",
    ),
    pytest.param(
        b"---\n---\n## Overview\n\nText.\n",
        "---",  # the YAML starts after the first fence: line 2, the closing one
        "the YAML is empty",
        id="empty-front-matter",
    ),
    pytest.param(
        b"---\n- slug\n- title\n---\n## Overview\n\nText.\n",
        "- slug",
        "the front matter must be a mapping of keys",
        id="front-matter-not-a-mapping",
    ),
]


@pytest.mark.parametrize(("raw", "at", "message"), FILE_CASES)
def test_broken_file_is_reported_and_nothing_changes(db_state, content_copy, raw, at, message):
    path = content_copy / HELPER
    path.write_bytes(raw)

    stderr, summary = load_fails(content_copy)

    assert_reported(stderr, path, line_of(path, at) if at is not None else None, message)
    assert summary.endswith(NOT_CHANGED)


def test_catalog_that_is_not_a_mapping(db, content_copy):
    path = content_copy / CATALOG
    path.write_text("- sources\n- tools\n", encoding="utf-8")

    stderr, _ = load_fails(path)

    assert_reported(stderr, path, 1, "expected a mapping with sources, tools, skills")


def open_a_bracket(content_copy):
    """Leave a '[' unclosed; return the file and the bracket's line."""
    path = content_copy / HELPER
    edit(path, "title: Press Helper\n", "title: [Press Helper\n")
    return path, line_of(path, "title: [Press Helper")


def test_unclosed_bracket_is_invalid_yaml(db, content_copy):
    path, bracket_line = open_a_bracket(content_copy)

    stderr, _ = load_fails(content_copy)

    # PyYAML notices the problem where it meets the next ':', one line down;
    # the test below asks for the bracket's own line.
    assert any(
        "invalid YAML" in entry
        for line in (bracket_line, bracket_line + 1)
        for entry in entries_at(stderr, path, line)
    ), stderr


def test_unclosed_bracket_names_the_line_it_opened_on(db, content_copy):
    path, bracket_line = open_a_bracket(content_copy)

    stderr, _ = load_fails(content_copy)

    yaml_errors = [entry for entry in stderr.splitlines() if "invalid YAML" in entry]
    assert any(
        entry.startswith(f"{path}:{bracket_line}: ") or f"line {bracket_line}" in entry
        for entry in yaml_errors
    ), stderr


def add_empty_section(content_copy):
    """Add a '## Market reality' heading with nothing under it; return the file."""
    path = content_copy / HELPER
    edit(path, "## Role challenges\n", "## Market reality\n\n## Role challenges\n")
    return path


def test_empty_section_is_an_error(db, content_copy):
    path = add_empty_section(content_copy)

    stderr, _ = load_fails(content_copy)

    # The line is checked by the next test.
    assert any(
        entry.startswith(f"{path}:") and "section '## Market reality' is empty" in entry
        for entry in stderr.splitlines()
    ), stderr


def test_empty_section_is_reported_at_its_heading(db, content_copy):
    path = add_empty_section(content_copy)

    stderr, _ = load_fails(content_copy)

    assert_reported(stderr, path, line_of(path, "## Market reality"), "is empty")


def test_pay_out_of_order_is_one_problem(db, content_copy):
    edit(content_copy / TECHNICIAN, BAND_IN_ORDER, BAND_MIN_ABOVE_MAX)

    stderr, summary = load_fails(content_copy)

    assert summary == f"1 problem {NOT_CHANGED}"
    assert "Constraint" not in stderr


def test_bad_file_does_not_update_an_existing_role(loaded, content_copy):
    path = content_copy / TECHNICIAN
    edit(path, "title: Press Technician\n", "title: Press Technician II\n")
    edit(path, BAND_IN_ORDER, BAND_MIN_ABOVE_MAX)

    stderr, _ = load_fails(content_copy)

    assert_reported(stderr, path, line_of(path, "min: 52000"), "Pay is out of order")
    assert Role.objects.get(slug="press-technician").title == "Press Technician"

    # The same file without the pay problem does update the role, so the check
    # above really exercised a rollback.
    edit(path, BAND_MIN_ABOVE_MAX, BAND_IN_ORDER)
    assert "0 created, 1 updated, 2 unchanged" in load(content_copy)
    assert Role.objects.get(slug="press-technician").title == "Press Technician II"


def test_slug_used_by_two_files_names_both(db_state, content_copy, tmp_path):
    first = content_copy / HELPER
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    second = other_dir / first.name
    shutil.copy(first, second)

    stderr, _ = load_fails(content_copy, other_dir)

    entries = entries_at(stderr, second, line_of(second, "slug: press-helper"))
    assert any(
        "slug 'press-helper' is already used by" in entry and str(first) in entry
        for entry in entries
    ), stderr


def test_nonexistent_path(db_state, tmp_path):
    missing = tmp_path / "no-such-folder"

    stderr, _ = load_fails(missing)

    assert_reported(stderr, missing, None, "no such content file or folder")


def test_folder_without_content_files(db, tmp_path):
    stderr, _ = load_fails(tmp_path)

    assert_reported(stderr, tmp_path, None, "no content files found")


def test_two_catalog_files_in_one_run(db, content_copy, tmp_path):
    second = tmp_path / "other.yaml"
    shutil.copy(content_copy / CATALOG, second)

    stderr, _ = load_fails(content_copy / CATALOG, second)

    assert "give at most one catalog file per run" in stderr
    assert str(second) in stderr


def test_one_run_reports_every_problem(db_state, content_copy):
    path = content_copy / HELPER
    edit(path, "title: Press Helper\n", "title: Press Helper\ncolour: blue\n")
    edit(path, "  average: 34500\n", "  average: lots\n")
    edit(path, "## Work setting\n", "## Hobbies\n")

    # The whole folder: the other role links to this one, which is checked as far
    # as it goes, so those links are not reported as problems of their own.
    stderr, summary = load_fails(content_copy)

    assert_reported(stderr, path, line_of(path, "colour: blue"), "unknown key 'colour'")
    assert_reported(stderr, path, line_of(path, "average: lots"), "expected a plain number")
    assert_reported(stderr, path, line_of(path, "## Hobbies"), "unknown heading")
    assert summary == f"3 problems {NOT_CHANGED}"


# --- loads that succeed ---------------------------------------------------------


def test_loading_twice_changes_nothing(db, content_copy):
    load(content_copy)
    first = snapshot()

    stdout = load(content_copy)

    assert "0 created, 0 updated, 3 unchanged" in stdout
    assert snapshot() == first


def test_item_removed_from_file_is_removed(loaded, content_copy):
    text = "Stack finished parts on pallets by count."
    helper = Role.objects.get(slug="press-helper")
    count = Responsibility.objects.filter(role=helper).count()
    edit(
        content_copy / HELPER,
        f"- text: {text}\n  area: Press work\n  sources:\n  - helper-handbook\n",
        "",
    )

    stdout = load(content_copy)

    assert "0 created, 1 updated, 2 unchanged" in stdout
    assert Responsibility.objects.filter(role=helper).count() == count - 1
    assert not Responsibility.objects.filter(text=text).exists()


def test_catalog_record_removed_from_file_is_removed(db, content_copy):
    entry = "- key: zz-unused\n  title: Unused source\n  publisher: Nobody\n"
    catalog = content_copy / CATALOG
    edit(catalog, "sources:\n", f"sources:\n{entry}")
    load(content_copy)
    assert Source.objects.filter(key="zz-unused").exists()

    edit(catalog, entry, "")
    load(content_copy)

    assert not Source.objects.filter(key="zz-unused").exists()
    assert Source.objects.filter(key="helper-handbook").exists()


def test_catalog_record_removed_while_in_use_is_an_error(loaded, content_copy):
    catalog = content_copy / CATALOG
    edit(catalog, "- key: wrench-set\n", "- key: wrench-kit\n")

    stderr, _ = load_fails(catalog)

    assert_reported(
        stderr,
        catalog,
        catalog.read_text().split("\n").index("tools:") + 1,  # the list, not an equivalence's
        "'wrench-set' was removed from the catalog but is still used by "
        "Press Helper, Press Technician",
    )


def test_catalog_record_used_only_by_a_ladder_rung_is_kept(db, content_copy):
    catalog = content_copy / CATALOG
    gadget = "- key: zz-gadget\n  name: Gadget\n  category: machinery\n"
    edit(catalog, "tools:\n", f"tools:\n{gadget}")
    edit(
        content_copy / HELPER,
        "  tools:\n  - forklift\n",
        "  tools:\n  - forklift\n  - zz-gadget\n",
    )
    load(content_copy)
    edit(catalog, gadget, "")

    stderr, _ = load_fails(catalog)

    assert "'zz-gadget'" in stderr
