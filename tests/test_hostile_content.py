"""Hostile content files: each is refused with FILE:LINE: message, nothing written.

Every input is built in tmp_path and must be rejected before it is expanded,
composed or rendered, so the whole file runs in a few seconds.
"""

import pytest

from roles.content.errors import MAX_MESSAGE_CHARS

from .test_load_errors import assert_reported, entries_at, load_fails

pytestmark = pytest.mark.django_db

FRONT = "slug: hostile\ntitle: Hostile\nsummary: A role file built to break the loader.\n"
BODY = "## Overview\n\nText.\n"


def role_file(tmp_path, front=FRONT, body=BODY, name="hostile.md"):
    path = tmp_path / name
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


def billion_laughs(levels=9):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


CATALOG_CASES = [
    pytest.param(
        billion_laughs(), 1, "YAML anchors and aliases (&name, *name)", id="billion-laughs"
    ),
    pytest.param("sources: &a\n- *a\n", 1, "YAML anchors and aliases", id="recursive-alias"),
    pytest.param("[\n" * 50_000 + "]\n" * 50_000, 21, "nested more than 20 levels", id="deep"),
    pytest.param(
        "sources:\n- key: a\n  title: A\n  key: b\n", 4, "key 'key' is given twice", id="dup"
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), CATALOG_CASES)
def test_hostile_catalog_is_refused(loaded, tmp_path, text, line, message):
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    stderr, _ = load_fails(path)
    assert_reported(stderr, path, line, message)


ALIASED = FRONT + "alternative_titles: &t\n- x\npros: *t\n"
HOSTILE_ROLE_FILES = {
    "alias": (ALIASED, BODY, 5, "YAML anchors and aliases"),
    "duplicate-key": (FRONT + "title: Again\n", BODY, 5, "key 'title' is given twice"),
    "too-large": (FRONT, BODY + ("word " * 100 + "\n") * 2_100, 1, "larger than 1,000,000 bytes"),
    "long-line": (FRONT, BODY + "x" * 10_001 + "\n", 9, "longer than 10,000 characters"),
    "nul": (FRONT.replace("Hostile", "Hos\x00tile"), BODY, 3, "NUL character"),
    "control-character": (FRONT.replace("Hostile", "Hos\x01tile"), BODY, 2, "invalid YAML"),
    "impossible-date": (FRONT + "last_reviewed: 2025-13-45\n", BODY, 2, "month must be in 1..12"),
}  # fmt: skip


@pytest.mark.parametrize(
    "front, body, line, message", HOSTILE_ROLE_FILES.values(), ids=HOSTILE_ROLE_FILES.keys()
)
def test_hostile_role_file_is_refused(loaded, tmp_path, front, body, line, message):
    path = role_file(tmp_path, front, body=body)
    stderr, _ = load_fails(path)
    assert_reported(stderr, path, line, message)


def test_deep_markdown_list(loaded, tmp_path):
    deep = "".join("  " * n + "- item\n" for n in range(600))
    path = role_file(tmp_path, body=BODY + deep)
    stderr, _ = load_fails(path)
    assert entries_at(stderr, path, 25), stderr
    assert "nested more than 16 deep" in stderr


def test_deep_block_quote(loaded, tmp_path):
    path = role_file(tmp_path, body=BODY + "> " * 600 + "x\n")
    stderr, _ = load_fails(path)
    assert_reported(stderr, path, 9, "nested more than 16 deep")


def test_directory_named_like_a_role_file(loaded, tmp_path):
    (tmp_path / "x.md").mkdir()
    role_file(tmp_path)
    stderr, _ = load_fails(tmp_path)
    assert_reported(stderr, tmp_path / "x.md", 1, "cannot read the file")


def test_symlink_loop(loaded, tmp_path):
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    role_file(tmp_path)
    stderr, _ = load_fails(tmp_path)
    assert_reported(stderr, loop, 1, "cannot read the file")


def test_long_message_is_capped(loaded, tmp_path):
    path = role_file(tmp_path, FRONT + "status: " + "x" * 9_000 + "\n")
    stderr, _ = load_fails(path)
    entries = entries_at(stderr, path, 5)
    assert entries, stderr
    assert all(len(entry) < len(str(path)) + 10 + MAX_MESSAGE_CHARS for entry in entries)
    assert entries[0].endswith("\u2026")
