"""An editor changes a responsibility in the admin, previews it, saves, and sees it live."""

from django.contrib.auth.models import User

from roles.models import Role

from .conftest import ARTIFACTS


def test_edit_preview_save_and_see_it_on_the_public_page(page, site):
    User.objects.create_superuser("editor", "editor@example.com", "a-long-test-password")
    role = Role.objects.get(slug="press-helper")

    page.goto(f"{site}/admin/login/?next=/admin/roles/role/{role.pk}/change/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"**/admin/roles/role/{role.pk}/change/")

    page.locator("#responsibility_set-group summary").first.click()
    editor = page.locator("#id_responsibility_set-0-text")
    editor.fill("Run, watch and look after the **new** press line safely.")
    # The markdownx preview asks the server to render what was typed.
    preview = page.locator("#responsibility_set-0 .markdownx-preview strong")
    preview.wait_for()
    assert preview.inner_text() == "new"
    page.locator("#responsibility_set-group").screenshot(
        path=str(ARTIFACTS / "admin-responsibility-preview.png")
    )

    page.click("input[name=_save]")
    page.wait_for_url("**/admin/roles/role/")
    assert "was changed successfully" in page.content()

    page.goto(f"{site}/roles/press-helper/duties/#responsibilities")
    first_duty = page.locator("#responsibilities li").first
    assert first_duty.inner_text() == "Run, watch and look after the new press line safely."
    assert first_duty.locator("strong").inner_text() == "new"
