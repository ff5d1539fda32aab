"""Staff see the whole public site as it will be once a role's pending change is published.

The admin's Preview button starts it for the staff member's own session; each
public page they open is then rendered with the pending version in place and
undone at once (roles/staging.py), with a banner saying so. Nobody else sees
it, and nothing is stored: signed-in pages never enter the page cache.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from . import staging
from .public_pages import public_match

SESSION_KEY = "careerguide_pending_preview"


def start_preview(request, role):
    pending = staging.pending_change_of(role.pk)
    if pending is None:
        messages.info(request, f"“{role}” has no pending change: this is its published page.")
        return redirect(role.get_absolute_url())
    request.session[SESSION_KEY] = role.pk
    return redirect(reverse("roles:detail", args=[staging.pending_slug(pending)]))


def stop_preview(request):
    request.session.pop(SESSION_KEY, None)


def shows_content(request):
    """A page built from the content (a cacheable page), not a favicon or a redirect."""
    match = public_match(request)
    return match is not None and getattr(match.func, "page_cacheable", False)


class PendingPreviewMiddleware:
    """After authentication: renders a previewing staff member's public pages with the change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending = self.previewed(request)
        if pending is None:
            return self.get_response(request)
        request.pending_preview = pending
        # Responses reach middleware rendered, so the page is built before the undo.
        return staging.render_with_pending(pending, lambda: self.get_response(request))

    def previewed(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        role_id = request.session.get(SESSION_KEY)
        if role_id is None or not request.user.is_staff or not shows_content(request):
            return None
        pending = staging.pending_change_of(role_id)
        if pending is None:  # published or discarded since: back to the real site
            stop_preview(request)
        return pending
