"""History you can review: compare any two revisions, and entries that name real changes.

ContentAdmin (roles/admin_guards.py) derives from ReviewableHistoryAdmin, so a
role and every catalog record get:

- on the History page, a "From"/"To" choice on every revision and a link to
  what each save changed; the date still opens the revision page, whose
  restore is guarded by ContentAdmin.guarded_revert; the entries come a page
  at a time (history_per_page, ?p=), as on Django's own History page;
- a comparison page, <id>/history/compare/?from=<version>&to=<version>,
  field by field and row by row (roles/history_diff.py);
- history entries that name only what really differs from the revision
  before: the admin's own message names every field the form marked as
  changed, which includes a textarea posted with CRLF or a renumbered row.

django-reversion-compare was considered and not used: it compares a role's
items only as whole rows by name, and only for relations that have a
related_name (a role's items have none), does not follow an item's citations,
checks no permission on its comparison page, and its templates carry inline
styles that the site's Content-Security-Policy refuses.
"""

import json
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from operator import attrgetter

from django import forms
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.models import Version
from reversion.revisions import get_comment
from reversion.signals import pre_revision_commit

from .history_diff import compare_revisions
from .models import PendingChange

logger = logging.getLogger(__name__)


# --- history entries that name only real changes ----------------------------------


@dataclass
class SaveBeingRecorded:
    """An admin save whose revision is being recorded, and what the admin logged for it."""

    model: type
    object_id: str | None = None
    entry: LogEntry | None = None
    comment: str = ""
    logged: int = 0

    def note(self, obj, entry):
        self.object_id, self.entry, self.comment = str(obj.pk), entry, get_comment()
        self.logged += 1


SAVE_BEING_RECORDED = ContextVar("save_being_recorded", default=None)


def pending_revisions():
    """Revisions held as pending changes: never applied, so no save came after them."""
    return PendingChange.objects.values("revision_id")


def previous_versions(model, object_id):
    """The stored versions of the record's latest applied revision, or None for a new record."""
    latest = (
        Version.objects.get_for_object_reference(model, object_id)
        .exclude(revision_id__in=pending_revisions())
        .select_related("revision")
        .first()
    )
    if latest is None:
        return None
    return latest.revision.version_set.select_related("content_type")


def describe_recorded_save(sender, revision, versions, **kwargs):
    """Name in the revision being saved only what differs from the revision before it."""
    recording = SAVE_BEING_RECORDED.get()
    if recording is None or recording.logged != 1:
        return  # not an admin change of one record (a load, an addition, a list edit)
    previous = previous_versions(recording.model, recording.object_id)
    if previous is None:
        return
    try:
        diff = compare_revisions(recording.model, recording.object_id, previous, versions)
    except Exception:
        # The description is a courtesy: an editor's save must not fail for it.
        logger.exception("Could not work out what the save of %s changed", recording.model)
        return
    message = json.dumps(diff.change_message())
    described = LogEntry(change_message=message).get_change_message()
    if revision.comment == recording.comment:
        revision.comment = described
    else:  # a restore: keep django-reversion's "Reverted to ..." in front
        revision.comment = f"{revision.comment}. {described}"
    LogEntry.objects.filter(pk=recording.entry.pk).update(change_message=message)


pre_revision_commit.connect(describe_recorded_save, dispatch_uid="roles.admin_history")


# --- the History page and the comparison ------------------------------------------


@dataclass
class HistoryEntry:
    version: Version
    revert_url: str
    # The comparison with the revision before this one: what this save changed.
    changes_url: str
    pending: bool
    compare_from: bool = False
    compare_to: bool = False

    @property
    def revision(self):
        return self.version.revision


@dataclass
class ComparedVersion:
    heading: str
    version: Version
    revert_url: str
    pending: bool

    @property
    def revision(self):
        return self.version.revision


class VersionPairForm(forms.Form):
    """The two versions chosen on the History page, by their ids (?from=...&to=...)."""

    def __init__(self, data, versions, verbose_name):
        super().__init__(data)
        self.versions = {str(version.pk): version for version in versions}
        choices = [(key, key) for key in self.versions]
        for name, column in (("from", "From"), ("to", "To")):
            self.fields[name] = forms.ChoiceField(
                choices=choices,
                error_messages={
                    "required": f'Choose a version in the "{column}" column of the history.',
                    "invalid_choice": (
                        f'The "{column}" version (%(value)s) is not in the history of this '
                        f"{verbose_name}; choose one from the list."
                    ),
                },
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") and cleaned.get("from") == cleaned.get("to"):
            raise forms.ValidationError(
                "The same version is chosen twice; choose two different versions to compare."
            )
        return cleaned

    def problems(self):
        return [message for errors in self.errors.values() for message in errors]

    def pair(self):
        """(older, newer) of the two chosen versions, whichever way round they were chosen."""
        chosen = [self.versions[self.cleaned_data[name]] for name in ("from", "to")]
        return tuple(sorted(chosen, key=lambda version: version.pk))


def may_view(user, model):
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        for action in ("view", "change")
    )


class ReviewableHistoryAdmin(VersionAdmin):
    object_history_template = "admin/history_with_compare.html"
    history_compare_template = "admin/history_compare.html"
    # Half Django's 100: each entry here also carries a comment and two choices.
    history_per_page = 50
    # The latest saves on the first page: what an editor opens History to see.
    history_latest_first = True

    # --- recording

    @contextmanager
    def create_revision(self, request):
        token = SAVE_BEING_RECORDED.set(SaveBeingRecorded(self.model))
        try:
            with super().create_revision(request):
                yield
        finally:
            SAVE_BEING_RECORDED.reset(token)

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        recording = SAVE_BEING_RECORDED.get()
        if recording is not None:
            recording.note(obj, entry)
        return entry

    # --- pages

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.history_compare_view),
            name=f"{opts.app_label}_{opts.model_name}_history_compare",
        )
        return [compare, *super().get_urls()]

    def history_url(self, name, *args):
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}",
            args=[quote(arg) for arg in args],
        )

    def record_versions(self, object_id):
        return Version.objects.get_for_object_reference(self.model, object_id).select_related(
            "revision__user"
        )

    def stored_versions(self, object_id):
        """The record's versions, oldest first, with their revisions and authors."""
        return list(self.record_versions(object_id).order_by("pk"))

    def history_view(self, request, object_id, extra_context=None):
        page = self.history_page(request, unquote(object_id))
        context = {
            "history_entries": self.history_entries(object_id, page),
            "history_page": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "pagination_required": page.paginator.num_pages > 1,
            "compare_url": self.history_url("history_compare", object_id),
            **(extra_context or {}),
        }
        # Past VersionAdmin's history_view, which would load every version of the
        # record for an action_list this template never shows; ModelAdmin's still
        # checks the object and the permission and builds the rest of the page.
        return super(VersionAdmin, self).history_view(request, object_id, context)

    def history_page(self, request, object_id):
        """The page of versions asked for by ?p=, a bad number read as Django's admin reads it."""
        order = "-pk" if self.history_latest_first else "pk"  # VersionAdmin's setting
        versions = self.record_versions(object_id).order_by(order)
        paginator = self.get_paginator(request, versions, self.history_per_page)
        return paginator.get_page(request.GET.get(PAGE_VAR))

    def history_entries(self, object_id, page):
        """The page's entries in the order shown; only the page's versions are loaded."""
        versions = sorted(page.object_list, key=attrgetter("pk"))
        pending = set(pending_revisions().values_list("revision_id", flat=True))
        befores = [self.version_before_page(page, versions), *versions[:-1]]
        entries = [
            self.history_entry(object_id, before, version, pending)
            for before, version in zip(befores, versions, strict=False)
        ]
        # The two latest versions are chosen to begin with: "what changed last".
        if self.shows_newest(page) and len(entries) >= 2:
            entries[-2].compare_from = entries[-1].compare_to = True
        if self.history_latest_first:
            entries.reverse()
        return entries

    def history_entry(self, object_id, before, version, pending):
        return HistoryEntry(
            version=version,
            revert_url=self.history_url("revision", object_id, version.pk),
            changes_url=self.compare_link(object_id, before, version) if before else "",
            pending=version.revision_id in pending,
        )

    def version_before_page(self, page, versions):
        """The version just older than the page's oldest: what that save changed from."""
        if not versions or not self.has_older_pages(page):
            return None
        return page.paginator.object_list.filter(pk__lt=versions[0].pk).order_by("-pk").first()

    def shows_newest(self, page):
        return not (page.has_previous() if self.history_latest_first else page.has_next())

    def has_older_pages(self, page):
        return page.has_next() if self.history_latest_first else page.has_previous()

    def compare_link(self, object_id, older, newer):
        return f"{self.history_url('history_compare', object_id)}?from={older.pk}&to={newer.pk}"

    def history_compare_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = self.stored_versions(obj.pk)
        form = VersionPairForm(request.GET, versions, self.opts.verbose_name)
        if not form.is_valid():
            for problem in form.problems():
                messages.error(request, f"Cannot compare: {problem}")
            return redirect(self.history_url("history", object_id))
        older, newer = form.pair()
        diff = compare_revisions(
            self.model,
            obj.pk,
            older.revision.version_set.select_related("content_type"),
            newer.revision.version_set.select_related("content_type"),
        )
        groups = [group for group in diff.groups if may_view(request.user, group.model)]
        hidden = [group.title for group in diff.groups if group not in groups]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare two versions of {obj}",
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "history_url": self.history_url("history", object_id),
            "sides": self.compared_versions(object_id, older, newer),
            "diff": diff,
            "groups": groups,
            "hidden_titles": hidden,
            **self.neighbour_links(object_id, versions, older, newer),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.history_compare_template, context)

    def compared_versions(self, object_id, older, newer):
        pending = set(pending_revisions().values_list("revision_id", flat=True))
        return [
            ComparedVersion(
                heading,
                version,
                self.history_url("revision", object_id, version.pk),
                version.revision_id in pending,
            )
            for heading, version in (("From", older), ("To", newer))
        ]

    def neighbour_links(self, object_id, versions, older, newer):
        """Links to the change that led to the older version, and to the one after the newer."""
        index = {version.pk: position for position, version in enumerate(versions)}
        start, end = index[older.pk], index[newer.pk]
        earlier = self.compare_link(object_id, versions[start - 1], older) if start > 0 else ""
        later = (
            self.compare_link(object_id, newer, versions[end + 1])
            if end + 1 < len(versions)
            else ""
        )
        return {"earlier_change_url": earlier, "later_change_url": later}
