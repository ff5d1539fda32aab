"""Public pages: one cached copy per canonical address, cache headers, GET and HEAD only."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches

from roles.models import ContentVersion, Role

from .budgets import CONTENT_VERSION

ROLE = "/roles/press-technician/"


def stored_keys():
    return [key for key in caches["pages"]._cache if ":page:" in key]


def test_junk_query_strings_share_the_canonical_page(client, loaded, django_assert_num_queries):
    client.get(ROLE)
    for junk in ("?utm_source=x", "?a=1&b=2", "?page=7", "?" + "z" * 500):
        with django_assert_num_queries(CONTENT_VERSION):
            assert client.get(ROLE + junk).status_code == 200
    assert len(stored_keys()) == 1


def test_parameter_order_and_repeats_do_not_make_new_entries(client, loaded):
    client.get("/search/?q=press&utm=1")
    client.get("/search/?utm=2&q=press")
    client.get("/search/?q=+press+")
    assert len(stored_keys()) == 1
    client.get("/roles/press-technician/job-description/?level=senior&x=1")
    client.get("/roles/press-technician/job-description/?x=2&level=senior")
    assert len(stored_keys()) == 2


def test_a_parameter_that_changes_the_page_gets_its_own_entry(client, loaded):
    junior = client.get("/roles/press-technician/job-description.txt?level=junior").text
    senior = client.get("/roles/press-technician/job-description.txt?level=senior").text
    assert junior != senior
    assert len(stored_keys()) == 2


def test_a_made_up_session_cookie_gets_the_cached_page(client, loaded, django_assert_num_queries):
    client.cookies["sessionid"] = "y" * 32
    first = client.get(ROLE)  # rendered for a made-up cookie, and still stored
    assert "public" in first["Cache-Control"] and "sessionid" not in first.cookies
    for fake in ("x" * 32, "x" * 40, "not a session", "0" * 2000):
        client.cookies["sessionid"] = fake
        # The key's missing signature gives it away: no session lookup.
        with django_assert_num_queries(CONTENT_VERSION):
            response = client.get(ROLE)
        assert response.content == first.content
        assert "public" in response["Cache-Control"]


def test_an_expired_session_of_ours_is_checked_and_gets_the_public_page(client, loaded):
    from careerguide.sessions import SessionStore, made_here

    first = client.get(ROLE)
    store = SessionStore()
    store.create()  # a real key, with nobody signed in
    assert made_here(store.session_key)
    client.cookies["sessionid"] = store.session_key
    response = client.get(ROLE)
    assert response.content == first.content and "public" in response["Cache-Control"]


def test_a_signed_in_editor_is_not_served_the_public_copy(client, loaded):
    client.get(ROLE)
    client.force_login(User.objects.create_user("editor", is_staff=True))
    response = client.get(ROLE)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert len(stored_keys()) == 1


def test_a_write_by_another_process_is_served_at_once(client, loaded):
    """load_content from the command line cannot empty this process's memory cache."""
    assert "Changed elsewhere." not in client.get(ROLE).text
    # What another process's save leaves behind: new rows and a new version, no signal here.
    Role.objects.filter(slug="press-technician").update(summary="Changed elsewhere.")
    ContentVersion.bump()
    assert "Changed elsewhere." in client.get(ROLE).text


def test_a_rolled_back_write_leaves_the_version_alone(loaded):
    from django.db import transaction

    before = ContentVersion.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        role = Role.objects.get(slug="press-technician")
        role.summary = "Never committed."
        role.save()
        raise RuntimeError
    assert ContentVersion.current() == before
    role.save()
    assert ContentVersion.current() == before + 1


def test_anonymous_pages_may_be_kept_by_browsers_and_cdns(client, loaded):
    for response in (client.get(ROLE), client.get(ROLE), client.get("/skills-check/")):
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=300, stale-while-revalidate=60"
    not_modified = client.get(ROLE, headers={"If-None-Match": client.get(ROLE)["ETag"]})
    assert not_modified.status_code == 304
    assert "public" in not_modified["Cache-Control"]


def test_errors_are_never_stored(client, loaded):
    for response in (client.get("/roles/no-such-role/"), client.post(ROLE)):
        assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
def test_only_get_and_head_on_public_pages(client, loaded, method):
    response = getattr(client, method)(ROLE)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    if method != "options":
        assert "This page can only be read" in response.text
        assert "Manufacturing Career Guide" in response.text  # the site's own layout
    assert "Senior Press Technician" not in response.text  # not the page itself


def test_head_is_answered(client, loaded):
    assert client.head(ROLE).status_code == 200


def test_the_admin_still_takes_posts(client, loaded):
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text


def test_session_keys_made_here_carry_a_signature_a_client_cannot_make(client, db):
    from careerguide.sessions import made_here

    client.force_login(User.objects.create_user("editor", is_staff=True))
    key = client.cookies["sessionid"].value
    assert made_here(key)
    tampered = key[:-1] + ("0" if key[-1] != "0" else "1")
    assert not made_here(tampered)
    other = "a" if key[27] != "a" else "b"  # a character that really differs
    assert not made_here(key[:27] + other + key[28:])  # the random part changed
