"""What every public page shares, decided before routing, sessions and rendering.

- Only GET and HEAD: any other method gets a 405 in the site's look, before
  CSRF checks or the view run (a POST used to get Django's plain 403).
- Anonymous visitors share one copy of each cacheable page (roles/caching.py).
  A session cookie bypasses that copy only if it is a signed-in session: a
  made-up cookie is told apart by its key's signature, without a query
  (careerguide/sessions.py), and is served the cached page.
- Browsers and CDNs may keep an anonymous 200 for a few minutes and serve it a
  little stale while they fetch a fresh one; errors and signed-in editors'
  pages (which may show drafts) are never stored anywhere.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from careerguide.sessions import made_here

from . import caching
from .views.pages import method_not_allowed

SAFE_METHODS = ("GET", "HEAD")
SHARED_CACHE_CONTROL = {"public": True, "max_age": 300, "stale_while_revalidate": 60}


def public_match(request):
    """The URL match if request is for a public page, else None."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match if getattr(match.func, "public_page", False) else None


def signed_in(request):
    """Whether the request carries the session of a signed-in user."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not made_here(session_key):
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    # load() gives {} for a key that is malformed, unknown or expired.
    return SESSION_KEY in store.load()


class PublicPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = public_match(request)
        if match is None:
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            response = method_not_allowed(request)
            shareable = False
        elif signed_in(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            shareable = False
        else:
            # Rendered as for no cookie at all: otherwise the session middleware
            # would answer the made-up cookie by deleting it, and a response
            # that sets a cookie cannot be shared, so every such request would
            # render the page again.
            request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)
            if getattr(match.func, "page_cacheable", False):
                response = caching.serve(request, match, self.get_response)
            else:
                response = self.get_response(request)
            shareable = response.status_code in (200, 304) and not response.cookies
        if shareable:
            patch_cache_control(response, **SHARED_CACHE_CONTROL)
        else:
            patch_cache_control(response, no_store=True)
        return response
