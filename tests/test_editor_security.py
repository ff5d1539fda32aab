"""Nothing an editor types may run as script, and only editors reach the editor endpoints."""

import markdown
import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roles.markdown import MARKDOWN_EXTENSIONS, render_markdown
from roles.markdown_limits import markdown_problem
from roles.models import (
    FAQ,
    Certification,
    Comparison,
    EntryStep,
    ProCon,
    Responsibility,
    Role,
    Skill,
    Tool,
)

from .xss import PAYLOADS, executable_markup

PREVIEW = "/markdownx/markdownify/"
UPLOAD = "/markdownx/upload/"


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_role"))
    return user


@pytest.fixture
def staff_without_permission(db):
    return User.objects.create_user("viewer", password="pw", is_staff=True)


@pytest.fixture
def member_of_public(db):
    return User.objects.create_user("reader", password="pw")


def test_the_payloads_are_dangerous_without_the_sanitizer():
    # Guards against a corpus, or a checker, that would pass anything.
    unsanitized = [
        markdown.markdown(payload, extensions=MARKDOWN_EXTENSIONS) for payload in PAYLOADS
    ]
    caught = [html for html in unsanitized if executable_markup(html)]
    assert len(PAYLOADS) >= 20
    assert len(caught) >= 20


@pytest.mark.parametrize("payload", PAYLOADS)
def test_renderer_strips_every_payload(payload):
    assert executable_markup(render_markdown(payload)) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_preview_endpoint_strips_every_payload(client, editor, payload):
    client.force_login(editor)
    response = client.post(PREVIEW, {"content": payload})
    # A payload whose link a save would refuse is refused here too, with the reason.
    assert response.status_code == (400 if markdown_problem(payload) else 200)
    assert executable_markup(response.content.decode()) == []


def put_payload_everywhere(role, payload):
    """Write one payload into every text field a role page shows."""
    for section in role.section_set.all():
        section.body = payload
        section.save()
    for model, field in [
        (EntryStep, "text"),
        (FAQ, "answer"),
        (Comparison, "summary"),
        (Responsibility, "text"),
        (ProCon, "text"),
    ]:
        for item in model.objects.filter(role=role):
            setattr(item, field, payload)
            item.save()
    role.summary = payload[:200]
    role.alternative_titles = [payload]
    role.save()
    for model in (Tool, Skill, Certification):
        for record in model.objects.filter(role_links__role=role):
            record.description = payload
            record.save()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_reaches_a_public_page(client, loaded, payload):
    role = Role.objects.get(slug="press-technician")
    put_payload_everywhere(role, payload)

    pages = [role.get_absolute_url(), "/tools/plc/", "/skills/fault-finding/",
             "/certifications/servo-technician/", "/tools/", "/search/?q=alert",
             "/compare/?roles=press-helper,press-technician",
             "/roles/press-technician/job-description/?level=senior"]  # fmt: skip
    for url in pages:
        html = client.get(url).content.decode()
        assert executable_markup(html) == [], url
        if "<" in payload:
            assert payload[:200] not in html, url  # never echoed unescaped


@pytest.mark.parametrize("url", [PREVIEW, UPLOAD])
def test_anonymous_visitors_are_sent_to_log_in(client, db, url):
    response = client.post(url, {"content": "<b>x</b>"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", [PREVIEW, UPLOAD])
@pytest.mark.parametrize("user", ["member_of_public", "staff_without_permission"])
def test_users_who_may_not_edit_are_refused(client, request, url, user):
    client.force_login(request.getfixturevalue(user))
    assert client.post(url, {"content": "<b>x</b>"}).status_code == 403


def test_uploads_are_turned_off_even_for_editors(client, editor):
    client.force_login(editor)
    image = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

    response = client.post(UPLOAD, {"image": SimpleUploadedFile("a.png", image, "image/png")})
    assert response.status_code == 403
    assert client.get(UPLOAD).status_code == 405


ADMIN_MODELS = ["role", "source", "tool", "skill", "certification"]


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_admin_pages_render_for_staff(admin_client, loaded, model):
    changelist = admin_client.get(f"/admin/roles/{model}/")
    assert changelist.status_code == 200
    assert admin_client.get(f"/admin/roles/{model}/add/").status_code == 200


def test_role_change_page_has_every_inline_and_the_markdown_editor(admin_client, loaded):
    role = Role.objects.get(slug="press-technician")
    response = admin_client.get(f"/admin/roles/role/{role.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    for prefix in ["section_set", "responsibility_set", "salaryband_set", "ladderrung_set",
                   "entrystep_set", "faq_set", "procon_set"]:  # fmt: skip
        assert f'id="{prefix}-group"' in html, prefix
    assert "markdownx-editor" in html
    assert "View on site" in html


@pytest.mark.parametrize("user", [None, "member_of_public"])
def test_admin_refuses_anonymous_and_non_staff(client, request, db, user):
    if user:
        client.force_login(request.getfixturevalue(user))
    response = client.get("/admin/roles/role/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
