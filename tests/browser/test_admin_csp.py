"""The role editor runs under the site's Content-Security-Policy without a single blocked rule."""

from django.contrib.auth.models import User

from roles.models import Role


def test_the_role_editor_opens_without_console_errors(page, site):
    User.objects.create_superuser("editor", "editor@example.com", "a-long-test-password")
    role = Role.objects.order_by("slug").first()
    blocked = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and blocked.append(message.text),
    )
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " event => window.violations.push(event.violatedDirective + ' ' + event.blockedURI));"
    )

    page.goto(f"{site}/admin/login/?next=/admin/roles/role/{role.pk}/change/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"**/admin/roles/role/{role.pk}/change/")
    page.wait_for_load_state("networkidle")

    assert page.evaluate("window.violations") == []
    assert blocked == []
    position = page.locator("input.item-position").first
    # The stylesheet, not an inline style, keeps the position inputs narrow.
    assert position.get_attribute("style") is None
    width, font_size = position.evaluate(
        "input => [getComputedStyle(input).width, getComputedStyle(input).fontSize].map(parseFloat)"
    )
    assert width == 4 * font_size
