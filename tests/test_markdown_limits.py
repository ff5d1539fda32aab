"""Markdown that would tie up a worker is refused everywhere it can enter, with a message.

Python-Markdown takes minutes over 12,000 `[` (bench/markdown_limits.py
measures it); here every such input must be refused before it is rendered,
by the renderer, the admin preview, the admin form and the content loader.
"""

import re
import shutil
import time

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import caches
from django_ratelimit.core import _get_window

from roles.editor_urls import PREVIEW_RATE
from roles.markdown import render_markdown
from roles.markdown_limits import MAX_MARKDOWN_CHARS, MarkdownTooComplex, markdown_problem
from roles.models import FAQ, Role, Section

from .admin_forms import admin_form_data, change_role
from .redis_server import RedisServer
from .test_hostile_content import FRONT, role_file
from .test_load_errors import assert_reported, load_fails

PREVIEW = "/markdownx/markdownify/"
TWELVE_THOUSAND_BRACKETS = "[" * 12_000
PREVIEWS_PER_MINUTE = int(PREVIEW_RATE.split("/")[0])

PATHOLOGICAL = {
    "12,000 [": (TWELVE_THOUSAND_BRACKETS, "unclosed or deeply nested '['"),
    "brackets then text": ("[" * 200 + "a" * 15_000, "unclosed or deeply nested '['"),
    "images": ("![" * 6_000, "unclosed or deeply nested '['"),
    "nested brackets": ("[" * 1_500 + "]" * 1_500, "unclosed or deeply nested '['"),
    "open link targets": ("[a](" * 3_000, "unclosed or deeply nested '['"),
    "open tags": ("<a " * 5_000, "too many '<' with no closing '>'"),
    "footnote references": ("[^1]: a\n\n" + "[^1] " * 2_000, "more than 100 footnote references"),
    "deep list": ("".join("  " * depth + "- x\n" for depth in range(40)), "nested more than 16"),
    "too long": ("word " * 4_000, "the limit is 16,000 characters"),
    "4,000 headings in one block": ("# a\n" * 4_000, "more than 200 lines in a row"),
}

# What editors write: links, emphasis, lists, a table, code, a quote, HTML-ish text.
ORDINARY = """Press operators **set up** and run [presses](https://example.org/presses "Presses"),
check parts against the *print* and log each [lot](https://example.org/a_(b)) (in the MES).

- First shift: 6:00 to 14:30, with [overtime][ot] on Fridays
  - nested once
    1. nested twice
- Pay goes up with [certifications](https://example.org/certs) & years < 5 or > 10

| Shift | Hours |
|---|---|
| Day | 8 |

> A quote with `code [not a link` and an escaped \\[ bracket.

[ot]: https://example.org/overtime
"""


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # Counters live in the default cache; user ids repeat across rolled-back tests.
    caches["default"].clear()


def make_editor(name):
    user = User.objects.create_user(name, password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_role"))
    return user


@pytest.fixture
def editor(db):
    return make_editor("editor")


def wait_for_a_fresh_window(user, needed=10):
    """Sleep past the user's rate-limit window if it ends within `needed` seconds."""
    # A window named w holds the whole seconds up to w, so it ends at w + 1.
    seconds_left = _get_window(str(user.pk), 60) + 1 - time.time()
    if seconds_left < needed:
        time.sleep(max(seconds_left, 0) + 0.05)


@pytest.mark.parametrize(("text", "message"), PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_markdown_is_refused_before_rendering(text, message):
    assert message in markdown_problem(text)
    with pytest.raises(MarkdownTooComplex, match=re.escape(message)):
        render_markdown(text)


def test_ordinary_markdown_is_within_every_limit():
    assert markdown_problem(ORDINARY) is None
    html = render_markdown(ORDINARY)
    assert '<a href="https://example.org/overtime"' in html
    assert "<table>" in html and "<blockquote>" in html


def test_the_size_limit_is_inclusive():
    assert markdown_problem("x" * MAX_MARKDOWN_CHARS) is None
    assert "16,001 characters long" in markdown_problem("x" * (MAX_MARKDOWN_CHARS + 1))


def test_a_block_may_run_200_lines():
    assert markdown_problem("- item\n" * 200) is None
    assert "more than 200 lines" in markdown_problem("- item\n" * 201)


def test_many_closed_links_are_fine():
    # The bracket budget counts how far the parser scans, not how many links there are.
    many_links = "[a](https://example.org/b) " * (MAX_MARKDOWN_CHARS // 28)
    assert markdown_problem(many_links) is None


# --- the admin preview -------------------------------------------------------


def test_preview_renders_ordinary_markdown(client, editor):
    client.force_login(editor)
    response = client.post(PREVIEW, {"content": ORDINARY.replace("\n", "\r\n")})
    assert response.status_code == 200
    assert "<strong>set up</strong>" in response.content.decode()


def test_preview_refuses_twelve_thousand_brackets_with_a_message(client, editor):
    client.force_login(editor)
    response = client.post(PREVIEW, {"content": TWELVE_THOUSAND_BRACKETS})
    assert response.status_code == 400
    assert "too many unclosed or deeply nested" in response.content.decode()


def test_preview_measures_the_text_as_it_will_be_saved(client, editor):
    # A browser posts CRLF; saved with LF, this is exactly at the limit.
    client.force_login(editor)
    text = ("x" * 99 + "\n") * (MAX_MARKDOWN_CHARS // 100)
    assert len(text.replace("\n", "\r\n")) > MAX_MARKDOWN_CHARS
    response = client.post(PREVIEW, {"content": text.replace("\n", "\r\n")})
    assert response.status_code == 200
    response = client.post(PREVIEW, {"content": text + "x"})
    assert response.status_code == 400
    assert "the limit is 16,000 characters" in response.content.decode()


def test_preview_is_still_for_editors_only(client, db):
    response = client.post(PREVIEW, {"content": "*hi*"})
    assert response.status_code == 302
    client.force_login(User.objects.create_user("viewer", password="pw", is_staff=True))
    assert client.post(PREVIEW, {"content": "*hi*"}).status_code == 403


def test_preview_is_rate_limited_per_editor(client, editor):
    wait_for_a_fresh_window(editor)
    client.force_login(editor)
    statuses = [client.post(PREVIEW, {"content": "*hi*"}).status_code for _ in range(60)]
    assert statuses == [200] * PREVIEWS_PER_MINUTE
    over = client.post(PREVIEW, {"content": "*hi*"})
    assert over.status_code == 429
    assert "too many previews in a minute" in over.content.decode()

    other = make_editor("other-editor")
    wait_for_a_fresh_window(other)
    client.force_login(other)
    assert client.post(PREVIEW, {"content": "*hi*"}).status_code == 200


@pytest.fixture
def redis_default_cache(tmp_path, settings):
    """The default cache on a Redis server of this test's own."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "careerguide.redis_cache.RedisCache", "LOCATION": server.url},
    }
    yield server
    server.stop()


def test_preview_rate_limit_counts_in_redis_and_fails_open_without_it(
    client, editor, redis_default_cache
):
    wait_for_a_fresh_window(editor)
    client.force_login(editor)
    for _ in range(PREVIEWS_PER_MINUTE):
        assert client.post(PREVIEW, {"content": "*hi*"}).status_code == 200
    assert client.post(PREVIEW, {"content": "*hi*"}).status_code == 429
    assert redis_default_cache.keys(0, "*rl:*")

    redis_default_cache.kill()
    # With the counter out of reach an editor may preview; nobody gets a 500.
    statuses = {client.post(PREVIEW, {"content": "*hi*"}).status_code for _ in range(5)}
    assert statuses == {200}


# --- the admin form ------------------------------------------------------------


@pytest.fixture
def technician(loaded):
    return Role.objects.get(slug="press-technician")


def inline_field(response, suffix):
    """The name of the first inline field of the change form that ends with suffix."""
    return next(
        name for name in admin_form_data(response.content.decode()) if name.endswith(suffix)
    )


def test_admin_form_refuses_an_oversized_answer_naming_the_field(admin_client, technician):
    page = admin_client.get(f"/admin/roles/role/{technician.pk}/change/")
    answer = inline_field(page, "-answer")
    before = list(FAQ.objects.filter(role=technician).values("answer"))
    response = change_role(admin_client, technician, **{answer: "x" * (MAX_MARKDOWN_CHARS + 1)})
    assert response.status_code == 200
    assert (
        "Answer: the markdown is 16,001 characters long; the limit is 16,000 characters."
        in response.content.decode()
    )
    assert list(FAQ.objects.filter(role=technician).values("answer")) == before


def test_admin_form_refuses_twelve_thousand_brackets(admin_client, technician):
    page = admin_client.get(f"/admin/roles/role/{technician.pk}/change/")
    body = inline_field(page, "-body")
    before = list(Section.objects.filter(role=technician).values("body"))
    response = change_role(admin_client, technician, **{body: TWELVE_THOUSAND_BRACKETS})
    assert response.status_code == 200
    assert "Body: too many unclosed or deeply nested" in response.content.decode()
    assert list(Section.objects.filter(role=technician).values("body")) == before


# --- the content loader ----------------------------------------------------------


def brackets_on_lines(count=12_000, per_line=100):
    # Split over lines, so the loader's line-length limit is not what refuses it.
    return "\n".join(["[" * per_line] * (count // per_line)) + "\n"


def test_loader_refuses_a_section_of_brackets_with_file_and_line(loaded, tmp_path):
    body = "## Overview\n\nText.\n\n## Work setting\n\n" + brackets_on_lines()
    path = role_file(tmp_path, body=body)
    stderr, _ = load_fails(path)
    # Lines: 1 ---, 2-4 front matter, 5 ---, 6 Overview, 7, 8 Text., 9, 10 Work setting.
    assert_reported(stderr, path, 10, "section '## Work setting': too many unclosed")


def test_loader_refuses_an_oversized_faq_answer_with_file_and_line(loaded, tmp_path):
    line = ("word " * 20).rstrip()
    answer = "".join(f"    {line}\n" for _ in range(165))  # 165 lines of 100 characters
    front = FRONT + f"faqs:\n- question: Why?\n  answer: |\n{answer}"
    path = role_file(tmp_path, front=front)
    stderr, _ = load_fails(path)
    assert_reported(
        stderr, path, 7, "faqs[0].answer: the markdown is 16,499 characters long; the limit"
    )
    assert len(stderr) < 1_000, "the message must not quote the field"


def test_loader_refuses_a_catalog_description_of_open_tags(loaded, tmp_path):
    description = "\n".join(["<a " * 300] * 8)  # 7,200 characters
    indented = description.replace("\n", "\n    ")
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        "tools:\n- key: hammer\n  name: Hammer\n  category: hand-tools\n"
        f"  description: |\n    {indented}\n",
        encoding="utf-8",
    )
    stderr, _ = load_fails(catalog)
    assert_reported(stderr, catalog, 5, "tools[0].description: too many '<' with no closing '>'")
