"""Signing in to the admin in the browser, as the browser tests' editors do."""

PASSWORD = "a-long-test-password"


def sign_in(page, site, next_url="/admin/", username="editor", password=PASSWORD):
    """Sign in through the admin's login form and wait for the page it goes on to."""
    page.goto(f"{site}/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{next_url}")
