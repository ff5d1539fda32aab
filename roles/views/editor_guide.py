"""The editor's guide: how the admin works, one page, for staff only.

Served through the admin site's admin_view, so it asks for a staff login the
way every admin page does, is never cached, and carries the admin's header,
user links and colour theme.
"""

from django.contrib import admin
from django.template.response import TemplateResponse


def editor_guide(request):
    context = {**admin.site.each_context(request), "title": "Editor's guide"}
    return TemplateResponse(request, "admin/editor_guide.html", context)
