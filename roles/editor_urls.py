"""django-markdownx's endpoints, guarded.

markdownx ships URLs that anyone may call: its preview renders whatever it is
sent and its upload view stores files. Here the preview is served only to
staff who may change roles, refuses what a save would refuse
(roles/markdown_limits.py), and is rate-limited per editor, since the editor
asks for a preview as they type; uploads are turned off: role content is
versioned as text in content/, so an uploaded image would live outside that
copy and be lost on the next export or fresh install.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseForbidden
from django.urls import path
from django.utils.html import format_html
from django.views import View
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited
from markdownx.views import markdownify_func

from .line_endings import normalize_newlines
from .markdown_limits import markdown_problem

EDIT_PERMISSION = "roles.change_role"
# markdownx asks again after each pause in typing; a minute of steady typing
# stays well under this. The counter lives in the default cache, whose calls
# fail soft (careerguide/redis_cache.py): with Redis down the limit is off.
PREVIEW_RATE = "60/m"


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


def preview_refused(message, status):
    # markdownx puts whatever comes back into the preview pane, errors too.
    return HttpResponse(
        format_html("<p><strong>No preview:</strong> {}</p>", message), status=status
    )


class PreviewView(View):
    """markdownx's MarkdownifyView, with the limits of a save and a rate limit."""

    def post(self, request, *args, **kwargs):
        limited = is_ratelimited(
            request, group="markdown-preview", key="user", rate=PREVIEW_RATE, increment=True
        )
        if limited:
            return preview_refused("too many previews in a minute; wait a moment.", 429)
        # Measured as it will be saved: a browser posts the textarea with CRLF.
        content = normalize_newlines(request.POST.get("content", ""))
        problem = markdown_problem(content)
        if problem:
            return preview_refused(f"{problem}.", 400)
        return HttpResponse(markdownify_func(content))


@require_POST
def uploads_disabled(request):
    return HttpResponseForbidden("Image uploads are turned off: role content is text only.")


urlpatterns = [
    path(
        "markdownify/",
        editors_only(PreviewView.as_view()),
        name="markdownx_markdownify",
    ),
    path("upload/", editors_only(uploads_disabled), name="markdownx_upload"),
]
