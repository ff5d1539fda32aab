"""The admin refuses what load_content refuses: a role without an Overview, and bad links.

The link check is one function (roles/markdown_links.py, asked through
markdown_limits.markdown_problem), so the admin form, the markdown preview and
the content loader must refuse the same links with the same words.
"""

import re
from html import escape

import pytest

from roles.admin_checks import OVERVIEW_MISSING
from roles.markdown import render_markdown
from roles.markdown_limits import markdown_problem
from roles.models import FAQ, Role, Section

from .admin_forms import admin_form_data
from .test_editor_groups import editor, groups  # noqa: F401 (fixtures)
from .test_hostile_content import FRONT, role_file
from .test_load_errors import assert_reported, load_fails

PREVIEW = "/markdownx/markdownify/"

# Each is refused, whatever the way of writing it.
BAD_LINKS = {
    "plain": ("[x](javascript:alert(1))", "javascript:alert(1)", "would run a script"),
    "mixed case": ("[x](JaVaScRiPt:alert(1))", "JaVaScRiPt:alert(1)", "would run a script"),
    "spaces around": ("[x](  javascript:alert(1) )", "javascript:alert(1)", "would run a script"),
    "entity": ("[x](&#106;avascript:alert(1))", "&#106;avascript:alert(1)", "would run a script"),
    "hex entity": ("[x](&#x6A;avascript:alert(1))", "&#x6A;avascript:alert(1)", "run a script"),
    "tab entity": ("[x](java&#x09;script:alert(1))", "java&#x09;script:alert(1)", "run a script"),
    "reference": ("[x][r]\n\n[r]: javascript:alert(1)", "javascript:alert(1)", "run a script"),
    "raw html": ('<a href="JAVASCRIPT:alert(1)">x</a>', "JAVASCRIPT:alert(1)", "run a script"),
    "vbscript": ("[x](vbscript:msgbox(1))", "vbscript:msgbox(1)", "would run a script"),
    "data": ("[x](data:text/html,hi)", "data:text/html,hi", "a data: link"),
    "data image": ("![x](data:image/png;base64,AAAA)", "data:image/png;base64,AAAA", "data:"),
    "no host": ("[x](http://)", "http://", "has no host name after http://"),
    "space in host": ("[x](http://exa mple.com)", "http://exa mple.com", "contains a space"),
    "no dot in host": ("[x](https://example)", "https://example", "not a well-formed web"),
    "no scheme": ("[x](www.example.com)", "www.example.com", "neither a web address nor"),
    "other host, no scheme": ("[x](//example.com/a)", "//example.com/a", "leaves out https:"),
    "other scheme": ("[x](file:///etc/passwd)", "file:///etc/passwd", "uses file:"),
}

GOOD_LINKS = [
    "[a](https://example.org/a_(b)?q=1&r=2#top)",
    '[a](http://example.org "A title")',
    "<https://example.org/auto>",
    "[a page of this site](/roles/press-technician/)",
    "[further down](#pay)",
    "[write to us](mailto:editors@example.org)",
    "A claim.[^1]\n\n[^1]: The source of it.",
    "`[code](javascript:not-a-link)` is shown as code",
    "No links at all, (just brackets) and 3 < 5.",
]


@pytest.mark.parametrize("text, link, reason", BAD_LINKS.values(), ids=BAD_LINKS)
def test_each_bad_link_is_refused_naming_it(text, link, reason):
    problem = markdown_problem(text)
    assert problem is not None
    assert f'the link "{link}"' in problem
    assert reason in problem


@pytest.mark.parametrize("text", GOOD_LINKS)
def test_web_addresses_site_paths_anchors_and_code_are_allowed(text):
    assert markdown_problem(text) is None


def test_the_line_of_the_bad_link_is_given():
    text = "First paragraph.\n\n- a [fine](https://example.org)\n- a [bad](javascript:x)\n"
    assert 'the link "javascript:x" on line 4 ' in markdown_problem(text)


def test_every_bad_link_is_named_not_only_the_first():
    problem = markdown_problem("[a](javascript:a) and [b](http://) and [c](/fine)")
    assert '"javascript:a"' in problem and '"http://"' in problem and "/fine" not in problem


def test_the_renderer_still_renders_a_bad_link_without_it():
    # Rows written other ways than the admin or the loader are not refused on
    # the public page: the sanitizer drops the link, and the text stays.
    html = render_markdown("[kept text](javascript:alert(1))")
    assert "kept text" in html and "javascript" not in html


# --- the admin -------------------------------------------------------------------


@pytest.fixture
def technician(loaded):
    return Role.objects.get(slug="press-technician")


@pytest.fixture
def editor_client(client, request, loaded):
    """A member of the Editors group, signed in."""
    client.force_login(request.getfixturevalue("editor"))
    return client


def change_page(client, role):
    url = f"/admin/roles/role/{role.pk}/change/"
    return url, admin_form_data(client.get(url).content.decode())


def field_named(data, pattern):
    """The one posted field whose name matches pattern (an inline row's field)."""
    names = [name for name in data if re.fullmatch(pattern, name)]
    assert names, pattern
    return names[0]


def field_block(html, name):
    """The admin's row for one field, from its start to the end of its text box."""
    row = re.search(
        rf'<div class="form-row[^"]*">(?:(?!<div class="form-row).)*?name="{re.escape(name)}"'
        r".*?</textarea>",
        html,
        re.DOTALL,
    )
    assert row, name
    return row.group()


def inline_form(response, prefix, name):
    """The bound form of an inline row, as the admin re-rendered it."""
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    )
    return next(form for form in formset.forms if form.add_prefix("answer") == name)


def test_a_role_without_its_overview_is_refused_and_nothing_is_saved(admin_client, technician):
    url, data = change_page(admin_client, technician)
    overview = next(
        name.removesuffix("-kind")
        for name, value in data.items()
        if name.startswith("section_set-") and name.endswith("-kind") and value == "overview"
    )
    data[f"{overview}-DELETE"] = "on"
    data["summary"] = "A summary the editor typed before the save was refused."

    response = admin_client.post(url, data)

    assert response.status_code == 200
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "section_set"
    )
    assert formset.non_form_errors() == [OVERVIEW_MISSING]
    html = response.content.decode()
    assert OVERVIEW_MISSING.split(":")[0] in html
    assert "A summary the editor typed before the save was refused." in html
    technician.refresh_from_db()
    assert technician.summary != "A summary the editor typed before the save was refused."
    assert technician.section_set.filter(kind=Section.Kind.OVERVIEW).exists()


def test_changing_the_overview_to_another_kind_is_refused_too(admin_client, loaded):
    role = Role.objects.get(slug="die-setter")  # its one section is the Overview
    url, data = change_page(admin_client, role)
    kinds = {
        name: value for name, value in data.items() if re.fullmatch(r"section_set-\d+-kind", name)
    }
    used = set(kinds.values())
    spare = next(kind for kind in Section.Kind.values if kind not in used)
    overview = next(name for name, value in kinds.items() if value == "overview")
    data[overview] = spare

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert OVERVIEW_MISSING.split(":")[0] in response.content.decode()
    assert list(role.section_set.values_list("kind", flat=True)) == [Section.Kind.OVERVIEW]


@pytest.mark.parametrize("case", ["plain", "entity", "tab entity", "no host", "space in host"])
def test_a_faq_answer_with_a_bad_link_is_refused_at_the_field(editor_client, technician, case):
    text, link, reason = BAD_LINKS[case]
    answer_text = f"Ask the lead hand first; see {text} for the rota."
    before = list(FAQ.objects.filter(role=technician).values_list("answer", flat=True))
    url, data = change_page(editor_client, technician)
    answer = field_named(data, r"faq_set-\d+-answer")
    data[answer] = answer_text

    response = editor_client.post(url, data)

    assert response.status_code == 200
    form = inline_form(response, "faq_set", answer)
    [message] = form.errors["answer"]
    assert message.startswith(f'Answer: the link "{link}"') and reason in message
    assert form["answer"].value() == answer_text
    # Shown in the field's own row, above the editor's text, which is kept.
    block = field_block(response.content.decode(), answer)
    assert 'class="errorlist' in block
    assert escape(message) in block
    assert block.index(escape(message)) < block.index(escape(answer_text))
    assert list(FAQ.objects.filter(role=technician).values_list("answer", flat=True)) == before


def test_a_section_with_a_bad_link_is_refused(admin_client, technician):
    url, data = change_page(admin_client, technician)
    body = field_named(data, r"section_set-\d+-body")
    data[body] = "Presses run [all day](http://)."

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "the link &quot;http://&quot; on line 1 has no host name" in response.content.decode()


def test_a_catalog_description_with_a_bad_link_is_refused(admin_client, loaded):
    from roles.models import Tool

    tool = Tool.objects.get(key="plc")
    url = f"/admin/roles/tool/{tool.pk}/change/"
    data = admin_form_data(admin_client.get(url).content.decode(), form_id="tool_form")
    data["description"] = "See [the manual](javascript:alert(1))."

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Description: the link &quot;javascript:alert(1)&quot;" in response.content.decode()
    tool.refresh_from_db()
    assert "javascript" not in tool.description


# --- the preview and the loader ---------------------------------------------------


def test_the_preview_refuses_a_bad_link_naming_it(editor_client):
    response = editor_client.post(PREVIEW, {"content": "Read [this](JaVaScRiPt:alert(1))."})
    assert response.status_code == 400
    assert "No preview:" in response.content.decode()
    assert "the link &quot;JaVaScRiPt:alert(1)&quot; on line 1 would run a script" in (
        response.content.decode()
    )


def test_the_preview_renders_good_links(editor_client):
    response = editor_client.post(PREVIEW, {"content": "\n\n".join(GOOD_LINKS)})
    assert response.status_code == 200
    assert 'href="/roles/press-technician/"' in response.content.decode()


def test_load_content_refuses_a_bad_link_in_a_section_with_file_and_line(loaded, tmp_path):
    path = role_file(tmp_path, body="## Overview\n\nText.\n\nSee [x](javascript:alert(1)).\n")
    stderr, _ = load_fails(path)
    # Line 6 of the file is the heading; the link is on line 3 of the section's text.
    assert_reported(stderr, path, 6, 'the link "javascript:alert(1)" on line 3 would run')


def test_load_content_refuses_a_bad_link_in_front_matter_with_file_and_line(loaded, tmp_path):
    front = FRONT + "faqs:\n  - question: Who?\n    answer: See [x](http://exa mple.com).\n"
    path = role_file(tmp_path, front=front)
    stderr, _ = load_fails(path)
    assert_reported(stderr, path, 7, 'the link "http://exa mple.com" on line 1 contains a space')
