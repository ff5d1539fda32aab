"""The one way a view finds the role its URL names.

visible_role() returns the role, or raises: Http404 when there is none the
visitor may see, RoleMoved when the slug is one the role used to have. The
@follows_renames decorator answers RoleMoved with a 301 to the same page at
the role's current slug, so a view only ever handles a role.
"""

from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from ..models import SlugRedirect


class RoleMoved(Exception):
    """The slug asked for is an old one; the role now lives at role.slug."""

    def __init__(self, role):
        super().__init__(role.slug)
        self.role = role


def may_preview_drafts(user):
    return user.is_active and user.is_staff and user.has_perm("roles.view_role")


def visible_role(request, queryset, slug):
    """The role at slug from queryset (one of Role.objects.for_*()), if the visitor may see it.

    The public sees published roles only; editors also see drafts, to preview them.
    """
    preview = may_preview_drafts(request.user)
    if not preview:
        queryset = queryset.published()
    role = queryset.filter(slug=slug).first()
    if role is not None:
        return role
    moved = SlugRedirect.objects.filter(old_slug=slug).select_related("role").first()
    if moved and (moved.role.is_published or preview):
        raise RoleMoved(moved.role)
    raise Http404(f"No role at {slug!r}")


def follows_renames(url_name, keep_query=False):
    """Decorate a view of (request, slug): RoleMoved becomes a 301 to url_name at the new slug.

    keep_query carries the query string over, for pages it changes (?level=senior).
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            try:
                return view(request, slug, *args, **kwargs)
            except RoleMoved as moved:
                url = reverse(url_name, args=[moved.role.slug])
                if keep_query and request.GET:
                    url = f"{url}?{request.GET.urlencode()}"
                return HttpResponsePermanentRedirect(url)

        return wrapper

    return decorate
