"""The role editor split into focused screens, one tab each.

A role with every list on one page was a 1.8 MB form that took seconds to
build and to save. Each screen edits the role's own fields or a few of its
lists; the `?screen=` parameter chooses it and stays on the address through
the POST (the form posts to its own address) and the redirect after a save.

A save writes only what its screen shows: the role form has only that
screen's fields, and only that screen's formsets are built, so the other
lists are never posted and never blanked. Every screen carries the edit
stamp, so a stale page is refused on any of them.

Without the parameter the page is the whole editor, as before: History
reverts render it that way and must restore every list.
"""

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib.admin.views.main import ChangeList
from django.http import Http404
from django.urls import reverse

from . import models as m
from .admin_guards import STAMP_FIELD

SCREEN_PARAM = "screen"


@dataclass(frozen=True)
class Screen:
    key: str
    title: str
    # The models of the inline lists this screen edits, in page order.
    lists: tuple = ()
    # The summary screen edits the role's own fields; the others only carry the stamp.
    role_fields: bool = False


# The seven screens, with "skills, tools and certifications" cut in two
# and "FAQs and the rest" in three: as one screen, each was over 300 KB of HTML
# and 0.5 s for the Production Technician (bench/admin_screens.py).
SCREENS = (
    Screen("summary", "Summary and key facts", role_fields=True),
    Screen("prose", "Prose sections", (m.Section,)),
    Screen("duties", "Duties", (m.Responsibility, m.WorkingCondition)),
    Screen("skills", "Skills", (m.RoleSkill,)),
    Screen("tools", "Tools and certifications", (m.RoleTool, m.RoleCertification)),
    Screen("pay", "Pay", (m.SalaryBand, m.PayDistribution, m.GlobalPay)),
    Screen("ladder", "Ladder", (m.LadderRung,)),
    Screen("entry", "Education and entry", (m.EducationOption, m.EntryStep, m.OccupationCode)),
    Screen("careers", "Related careers and comparisons", (m.RelatedCareer, m.Comparison)),
    Screen("more", "FAQs and the rest", (m.FAQ, m.ProCon, m.TopEmployer)),
)
SCREENS_BY_KEY = {screen.key: screen for screen in SCREENS}
SUMMARY = SCREENS[0]
STAMP_ONLY = [(None, {"fields": [STAMP_FIELD]})]


def requested_screen(request):
    """The screen the address asks for; None for the whole editor (no parameter)."""
    key = request.GET.get(SCREEN_PARAM)
    if key is None:
        return None
    if key not in SCREENS_BY_KEY:
        known = ", ".join(SCREENS_BY_KEY)
        raise Http404(f"The role editor has no screen called {key!r}; the screens are: {known}.")
    return SCREENS_BY_KEY[key]


def with_screen(url, screen):
    """The address with ?screen=<key> set, keeping its other parameters."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != SCREEN_PARAM]
    query.append((SCREEN_PARAM, screen.key))
    return urlunsplit(parts._replace(query=urlencode(query)))


class SummaryFirstChangeList(ChangeList):
    """The change list opens a role on its summary screen, not the whole editor."""

    def url_for_result(self, result):
        return with_screen(super().url_for_result(result), SUMMARY)


class ScreenedAdminMixin:
    """For the role's ModelAdmin: fieldsets, inlines and redirects follow the screen."""

    def screen(self, request, obj):
        if obj is None:
            return SUMMARY  # a new role starts with its own fields; lists come after
        return requested_screen(request)

    def get_fieldsets(self, request, obj=None):
        screen = self.screen(request, obj)
        if screen is None or screen.role_fields:
            return super().get_fieldsets(request, obj)
        return STAMP_ONLY

    def get_prepopulated_fields(self, request, obj=None):
        screen = self.screen(request, obj)
        # The slug follows the title only where the title is on the form.
        if screen is None or screen.role_fields:
            return super().get_prepopulated_fields(request, obj)
        return {}

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        screen = self.screen(request, obj)
        if screen is None:
            return inlines
        order = {model: index for index, model in enumerate(screen.lists)}
        shown = [inline for inline in inlines if inline.model in order]
        return sorted(shown, key=lambda inline: order[inline.model])

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            # The instance is this request's own (get_inline_instances makes
            # new ones), so the count in the heading is this role's.
            inline = inline_formset.opts
            rows = inline_formset.formset.initial_form_count()
            inline.verbose_name_plural = f"{inline.verbose_name_plural} ({rows})"
        return inline_formsets

    def get_changelist(self, request, **kwargs):
        return SummaryFirstChangeList

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        screen = self.screen(request, obj)
        match = request.resolver_match
        on_change_page = change and match is not None and match.url_name.endswith("_change")
        if on_change_page and screen is not None:
            change_url = reverse(
                f"{self.admin_site.name}:{match.url_name}", args=[match.kwargs["object_id"]]
            )
            context["editor_screens"] = [
                {"title": tab.title, "url": with_screen(change_url, tab), "current": tab == screen}
                for tab in SCREENS
            ]
            context["editor_screen"] = screen
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        return self.keep_screen(request, obj, super().response_change(request, obj))

    def response_add(self, request, obj, post_url_continue=None):
        return self.keep_screen(request, obj, super().response_add(request, obj, post_url_continue))

    def keep_screen(self, request, obj, response):
        """A redirect back to this role's editor lands on the screen that was saved."""
        location = response.get("Location")
        if location is None:
            return response
        change_path = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[obj.pk],
        )
        if urlsplit(location).path == change_path:
            response["Location"] = with_screen(location, self.screen(request, obj) or SUMMARY)
        return response
