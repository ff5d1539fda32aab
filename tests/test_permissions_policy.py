"""Every response turns off the browser features the site never uses.

The header comes from django-permissions-policy, just inside SecurityMiddleware,
so pages the page cache answers and files WhiteNoise serves carry it too.
"""

import pytest

from roles.models import Role

ROLE_URL = "/roles/press-technician/"
DENIED = ("camera", "microphone", "geolocation", "payment", "usb", "fullscreen", "browsing-topics")


def assert_policy(response):
    features = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    for feature in DENIED:
        assert features[feature] == "()", feature
    # Copying a job description is the one feature the site's own script uses.
    assert features["clipboard-write"] == "(self)"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        (ROLE_URL, 200),
        ("/static/css/site.css", 200),
        ("/static/js/copy-job-description.js", 200),
        ("/roles/no-such-role/", 404),
        ("/admin/login/", 200),
        ("/healthz", 200),
    ],
)
def test_every_kind_of_response_carries_the_policy(client, loaded, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert_policy(response)


def test_a_page_answered_from_the_page_cache_carries_the_policy(client, loaded):
    assert_policy(client.get(ROLE_URL))
    # update() sends no signal, so the cache keeps the page: a fresh render would be a 404.
    Role.objects.filter(slug="press-technician").update(status=Role.Status.DRAFT)
    cached = client.get(ROLE_URL)
    assert cached.status_code == 200
    assert_policy(cached)


def test_a_signed_in_editors_admin_pages_carry_the_policy(admin_client, loaded):
    response = admin_client.get("/admin/roles/role/")
    assert response.status_code == 200
    assert_policy(response)
