"""The editor's comfort in every admin form, on the server side: the linked error
summary of a refused save, markdown lists nested at 2 or 3 spaces, the admin's
name and the editor's guide. The browser side is in
tests/browser/test_editor_comfort_in_chromium.py."""

import lxml.html
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from roles.markdown import render_markdown
from roles.models import Role, Section

from .admin_forms import admin_form_data, change_role
from .commits import as_if_committed

SITE_NAME = "Manufacturing Career Guide"


@pytest.fixture
def technician(loaded):
    return Role.objects.get(slug="press-technician")


def role_url(role):
    return f"/admin/roles/role/{role.pk}/change/"


def open_form(client, role):
    return admin_form_data(client.get(role_url(role)).content.decode())


def refused(client, role, form):
    response = client.post(role_url(role), form)
    assert response.status_code == 200, "the save was not refused"
    return lxml.html.fromstring(response.content.decode())


def summary_items(page):
    """(text, link target) of each line of the error summary."""
    return [
        (" ".join(item.text_content().split()), item.xpath("string(a/@href)"))
        for item in page.cssselect("ul.error-summary li")
    ]


def band_field(form, row, name):
    return f"{band_prefix(form)}-{row}-{name}"


def band_prefix(form):
    return next(name for name in form if name.endswith("-0-min")).removesuffix("-0-min")


# --- the error summary ---------------------------------------------------------------


def test_a_refused_save_lists_each_field_in_error_with_a_link_to_it(admin_client, technician):
    form = open_form(admin_client, technician)
    form["title"] = ""
    form[band_field(form, 2, "min")] = "about forty thousand"

    page = refused(admin_client, technician, form)

    items = summary_items(page)
    assert ("Title: This field is required.", "#id_title") in items
    band = [item for item in items if item[0].startswith("Salary bands, row 3: Min:")]
    assert band == [
        ("Salary bands, row 3: Min: Enter a number.", f"#id_{band_field(form, 2, 'min')}")
    ]
    # Every link lands on an element of the page, and the summary sits above the fields.
    for _, target in items:
        assert page.get_element_by_id(target.removeprefix("#")) is not None
    note = page.cssselect("p.errornote")[0]
    assert note.getnext().get("class") == "error-summary"


def test_the_summary_is_built_by_the_server_so_it_works_without_javascript(
    admin_client, technician
):
    form = open_form(admin_client, technician)
    form["title"] = ""
    response = admin_client.post(role_url(technician), form)
    html = response.content.decode()
    assert '<a href="#id_title"><strong>Title:</strong> This field is required.</a>' in html


def test_a_stale_save_says_so_at_the_top_and_names_no_hidden_field(
    admin_client, client, technician
):
    stale = open_form(admin_client, technician)
    client.force_login(User.objects.create_superuser("other-editor", "o@example.org", "x"))
    assert change_role(client, technician, summary="Saved first.").status_code == 302

    page = refused(admin_client, technician, {**stale, "summary": "Saved second."})

    top = page.cssselect("p.errornote + ul.errorlist.nonfield")[0].text_content()
    assert "This role was changed since you opened it, by other-editor" in top
    # Not an error on the hidden field that carries the stamp, nor in the linked list.
    assert page.cssselect(".field-edit_stamp .errorlist") == []
    assert not [text for text, _ in summary_items(page) if "stamp" in text.lower()]


def test_an_error_on_a_hidden_field_is_told_at_its_row_not_under_its_name(admin_client, technician):
    form = open_form(admin_client, technician)
    row_id = f"{band_prefix(form)}-0-id"
    form[row_id] = "999999999"  # a band that does not exist: an error on the hidden id

    page = refused(admin_client, technician, form)

    row = [item for item in summary_items(page) if item[0].startswith("Salary bands, row 1")]
    assert len(row) == 1
    text, target = row[0]
    assert text.startswith("Salary bands, row 1: Select a valid choice")
    assert "Id:" not in text and "ID:" not in text
    assert target == f"#{band_prefix(form)}-0"
    assert page.get_element_by_id(target.removeprefix("#")) is not None


def test_a_row_marked_for_deletion_is_not_listed(admin_client, technician):
    form = open_form(admin_client, technician)
    form["title"] = ""  # something else refuses the save
    form[band_field(form, 1, "min")] = "not a number"
    form[band_field(form, 1, "DELETE")] = "on"

    items = summary_items(refused(admin_client, technician, form))

    assert ("Title: This field is required.", "#id_title") in items
    assert not [text for text, _ in items if text.startswith("Salary bands")]


def test_a_page_without_errors_has_no_summary(admin_client, technician):
    page = lxml.html.fromstring(admin_client.get(role_url(technician)).content.decode())
    assert page.cssselect("ul.error-summary") == []


# --- markdown lists -------------------------------------------------------------------


def nesting(html):
    """The list tags from the outside in, following each list's first item."""
    element = lxml.html.fragment_fromstring(html, create_parent="div")
    tags = []
    while (lists := element.xpath("./ul | ./ol | ./li/ul | ./li/ol")) and lists:
        element = lists[0]
        tags.append(element.tag)
    return tags


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- a\n  - b", ["ul", "ul"]),
        ("1. a\n   1. b", ["ol", "ol"]),
        ("- a\n  - b\n    - c\n- d", ["ul", "ul", "ul"]),
        ("1. a\n   - b\n     - c\n2. d", ["ol", "ul", "ul"]),
        # Four spaces, as content/ has always been written, nest as before.
        ("- a\n    - b", ["ul", "ul"]),
        ("- a\n    - b\n        - c", ["ul", "ul", "ul"]),
        ("1. a\n    1. b", ["ol", "ol"]),
    ],
)
def test_nested_lists_nest_at_two_three_or_four_spaces(text, expected):
    assert nesting(render_markdown(text)) == expected


def test_a_flat_list_stays_flat():
    html = render_markdown("- a\n- b\n- c")
    assert nesting(html) == ["ul"] and html.count("<li>") == 3


def test_more_text_of_an_item_and_code_keep_their_meaning():
    # A paragraph of a nested item stays in that item.
    two = lxml.html.fragment_fromstring(
        render_markdown("- a\n  - b\n\n    more of b\n\nAfter"), create_parent="div"
    )
    assert two.xpath("string(./ul/li/ul/li/p[2])") == "more of b"
    assert two.xpath("string(./p)") == "After"
    # Four-space text: a paragraph and a code block inside an item, code at the margin.
    assert "<p>more</p>" in render_markdown("- a\n\n    more")
    assert "<li>a<pre><code>code in a" in render_markdown("- a\n\n        code in a").replace(
        "\n", ""
    )
    assert "<pre><code>  - not a list" in render_markdown("Text\n\n      - not a list")
    fenced = render_markdown("```\n- a\n  - b\n```")
    assert "<pre><code>- a\n  - b\n</code></pre>" in fenced


def test_the_preview_and_the_saved_page_nest_a_two_space_list_alike(admin_client, technician):
    text = "Steps:\n\n- Check the die\n  - Top half\n  - Bottom half\n- Start the press"
    preview = admin_client.post("/markdownx/markdownify/", {"content": text})
    assert preview.status_code == 200
    assert nesting(preview.content.decode().split("<p>Steps:</p>")[1]) == ["ul", "ul"]

    # Saved through the admin, as an editor would, and shown on the public page.
    overview = Section.objects.get(role=technician, kind=Section.Kind.OVERVIEW)
    form = open_form(admin_client, technician)
    body = next(name for name in form if name.endswith("-body") and form[name] == overview.body)
    with as_if_committed():
        assert change_role(admin_client, technician, **{body: text}).status_code == 302
    duties = reverse("roles:duties", args=[technician.slug])  # the page with the overview
    page = lxml.html.fromstring(admin_client.get(duties).content)
    inner = page.xpath("//li[starts-with(normalize-space(), 'Check the die')]/ul/li/text()")
    assert inner == ["Top half", "Bottom half"]


# --- the admin's name and the editor's guide ---------------------------------------------

GUIDE = "/admin/guide/"


def test_the_admin_carries_the_site_name_and_links_to_the_guide(admin_client):
    page = lxml.html.fromstring(admin_client.get("/admin/").content.decode())
    assert page.cssselect("#site-name a")[0].text_content().strip() == SITE_NAME
    assert page.findtext(".//title").endswith(f"| {SITE_NAME} admin")
    assert page.cssselect("main h1, #content h1")[0].text_content() == "Edit the guide"
    assert page.cssselect(f'#user-tools a[href="{GUIDE}"]')[0].text_content() == "Editor's guide"


def test_the_guide_covers_each_part_of_the_editors_work(admin_client):
    response = admin_client.get(GUIDE)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    headings = [h.text_content() for h in page.cssselect("#content-main h2")]
    assert headings == [
        "A role's screens",
        "Saving without losing work",
        "Pending changes and publishing",
        "Editors and Publishers",
        "History and comparing versions",
        "Putting rows in order",
        "Sources, dates and rungs",
        "Writing in markdown",
        "The admin and the files in content/",
    ]
    # Each entry of the table of contents goes to a heading of the page.
    for link in page.cssselect("#content-main nav a"):
        assert page.get_element_by_id(link.get("href").removeprefix("#")).tag == "h2"
    text = page.text_content()
    assert "export_content" in text and "load_content" in text and "--force" in text
    assert response["Cache-Control"].count("no-cache") or "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_guide_is_for_staff_only(client):
    assert client.get(GUIDE).url.startswith(f"/admin/login/?next={GUIDE}")
    client.force_login(User.objects.create_user("reader", password="x"))
    assert client.get(GUIDE).url.startswith("/admin/login/")
    client.force_login(User.objects.create_user("staff", password="x", is_staff=True))
    assert client.get(GUIDE).status_code == 200


# --- the summary box -------------------------------------------------------------------


def test_the_summary_is_edited_in_a_box_that_shows_all_of_it(admin_client, technician):
    page = lxml.html.fromstring(
        admin_client.get(role_url(technician), {"screen": "summary"}).content.decode()
    )
    (box,) = page.cssselect("textarea[name=summary]")
    assert box.get("rows") == "3" and box.get("maxlength") == "200"
    assert box.text_content().strip() == technician.summary


def test_a_summary_over_200_characters_is_refused_at_its_field(admin_client, technician):
    form = open_form(admin_client, technician)
    form["summary"] = "x" * 201
    page = refused(admin_client, technician, form)
    assert any("summary" in target for _, target in summary_items(page))
