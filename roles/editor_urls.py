"""django-markdownx's endpoints, guarded.

markdownx ships URLs that anyone may call: its preview renders whatever it is
sent and its upload view stores files. Here the preview is served only to
staff who may change roles, and uploads are turned off: role content is
versioned as text in content/, so an uploaded image would live outside that
copy and be lost on the next export or fresh install.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden
from django.urls import path
from django.views.decorators.http import require_POST
from markdownx.views import MarkdownifyView

EDIT_PERMISSION = "roles.change_role"


def editors_only(view):
    """Anonymous visitors go to the login page; signed-in non-editors get 403."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="admin:login")
        if not (request.user.is_staff and request.user.has_perm(EDIT_PERMISSION)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


@require_POST
def uploads_disabled(request):
    return HttpResponseForbidden("Image uploads are turned off: role content is text only.")


urlpatterns = [
    path(
        "markdownify/",
        editors_only(MarkdownifyView.as_view()),
        name="markdownx_markdownify",
    ),
    path("upload/", editors_only(uploads_disabled), name="markdownx_upload"),
]
