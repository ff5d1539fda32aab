"""A large load parses its files in worker processes (roles/content/parse_workers.py).

What the workers send back must be exactly what parsing here gives: the same
documents, the same errors at the same lines, and prose HTML equal to what
render_markdown makes of it. Workers run only inside a command, and a load
whose workers fail still loads, parsing in its own process.
"""

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from roles import workers
from roles.content import parse_workers, sync
from roles.content.serialize import document_to_text
from roles.markdown import render_markdown
from roles.models import Role, Section

from .test_load_speed import content_with_copies


@pytest.fixture
def in_workers(settings):
    """Two workers, for as few as two files."""
    settings.WORKER_PROCESSES = 2
    settings.CONTENT_PARSE_WORKERS_MIN_FILES = 2
    with workers.allowed():
        yield


def role_paths(folder):
    return sorted((folder / "roles").glob("*.md"))


def broken_copy(folder):
    """A copy whose second responsibility has no text, and the line it is on."""
    path = folder / "roles" / "press-helper-copy-1.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("responsibilities:")
    second = [number for number in range(start, len(lines)) if lines[number].startswith("- ")][1]
    lines[second] = "- position: 2"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, second + 1


def test_workers_parse_as_this_process_does(tmp_path, in_workers):
    folder = content_with_copies(tmp_path / "content", 4)
    path, line = broken_copy(folder)
    paths = role_paths(folder)

    in_pool, ahead = parse_workers.read_roles(paths)
    here = [parse_workers.read_role(path) for path in paths]

    assert [errors for _, errors in in_pool] == [errors for _, errors in here]
    assert [(item.data, item.lines.lines) for item, _ in in_pool] == [
        (item.data, item.lines.lines) for item, _ in here
    ]
    problems = dict(zip(paths, (errors for _, errors in in_pool), strict=True))
    assert problems[path] and {error.line for error in problems[path]} == {line}
    bodies = {body for item, _ in here for body in item.data.sections.values()}
    assert ahead.rendered and set(ahead.rendered) == bodies
    assert all(ahead.rendered[body] == render_markdown(body) for body in bodies)
    # The canonical text the next load compares with, for every file but the broken one.
    assert ahead.texts == {
        item.path: document_to_text(item.data) for item, _ in here if item.path != str(path)
    }


def test_outside_a_command_files_are_parsed_here(tmp_path, settings):
    settings.CONTENT_PARSE_WORKERS_MIN_FILES = 2
    settings.WORKER_PROCESSES = 2
    paths = role_paths(content_with_copies(tmp_path / "content", 4))
    assert not parse_workers.worth_it(paths)
    assert parse_workers.read_roles(paths)[1] == ({}, {})  # nothing worked out ahead
    with workers.allowed():
        assert parse_workers.worth_it(paths)
        settings.WORKER_PROCESSES = 1
        assert not parse_workers.worth_it(paths)


PIDS_FILE = "CAREERGUIDE_TEST_PARSE_PIDS"
read_and_render = parse_workers.read_and_render


def noting_the_process(path, agreed=None):
    """read_and_render, writing down which process ran it."""
    with open(os.environ[PIDS_FILE], "a") as pids:
        pids.write(f"{os.getpid()}\n")
    return read_and_render(path, agreed)


def test_a_load_through_workers_saves_what_a_load_without_them_saves(
    db, tmp_path, settings, monkeypatch
):
    folder = content_with_copies(tmp_path / "content", 4)
    settings.CONTENT_PARSE_WORKERS_MIN_FILES = 2
    settings.WORKER_PROCESSES = 2
    monkeypatch.setenv(PIDS_FILE, str(tmp_path / "pids"))
    monkeypatch.setattr(parse_workers, "read_and_render", noting_the_process)
    call_command("load_content", str(folder), verbosity=0)  # the command allows workers

    pids = set((tmp_path / "pids").read_text().split())
    assert pids and str(os.getpid()) not in pids
    assert Role.objects.count() == len(role_paths(folder))
    sections = list(Section.objects.values_list("body", "body_html"))
    assert sections and all(html == render_markdown(body) for body, html in sections)

    # The digests recorded from the workers' texts match the database: a file edited
    # since loads again, not taken for a role edited in the admin.
    edited = folder / "roles" / "press-helper-copy-2.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: New ", 1))
    out = StringIO()
    call_command("load_content", str(folder), verbosity=1, stdout=out)
    assert "0 created, 1 updated" in out.getvalue()


def dies(path, agreed=None):
    """A worker's job that ends its process, as a crash or the OOM killer would."""
    os._exit(1)


def test_a_load_whose_workers_die_parses_here_and_still_reports_each_line(
    db, tmp_path, settings, monkeypatch, caplog
):
    folder = content_with_copies(tmp_path / "content", 4)
    path, line = broken_copy(folder)
    settings.CONTENT_PARSE_WORKERS_MIN_FILES = 2
    settings.WORKER_PROCESSES = 2
    monkeypatch.setattr(parse_workers, "read_and_render", dies)
    stderr = StringIO()
    with pytest.raises(CommandError, match="the database was not changed"):
        call_command("load_content", str(folder), verbosity=0, stderr=stderr)
    assert "the parsing workers failed" in caplog.text
    assert f"{path}:{line}: " in stderr.getvalue()
    assert not Role.objects.exists()


def test_a_file_as_last_agreed_is_parsed_but_its_prose_is_left_unrendered(tmp_path):
    folder = content_with_copies(tmp_path / "content", 2)
    paths = role_paths(folder)
    item, _ = parse_workers.read_role(paths[0])
    text = document_to_text(item.data)
    agreed = {item.data.front.slug: sync.digest(text)}

    as_agreed = parse_workers.read_and_render(paths[0], agreed)
    assert as_agreed[0].data == item.data
    assert as_agreed[2] == {} and as_agreed[3] == text
    changed = parse_workers.read_and_render(paths[0], {item.data.front.slug: sync.digest("old")})
    assert changed[2] and changed[3] == text
