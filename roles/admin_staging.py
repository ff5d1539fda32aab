"""The role admin's staged changes: Editors propose, Publishers publish.

- An Editor (no roles.publish_role) who saves a published role, or restores
  one of its old versions from History, makes a pending change; the public
  site keeps the published version (roles/staging.py says how).
- Whoever opens a role that has a pending change edits the pending version,
  so nobody's proposal is lost under a save made from the published one. A
  Publisher's save of it publishes it.
- Publishers publish with POST .../publish/ (the button on the change form);
  anyone who may change the role may discard a pending change.
- Staff preview the pending version as the real site (roles/pending_preview.py).
- New roles start as drafts; only Publishers change a role's status or
  delete a published role.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.urls import path

from . import staging
from .admin_guards import STAMP_BEFORE_REQUEST
from .content_lock import ContentBusy
from .models import PendingChange, Role
from .pending_preview import start_preview, stop_preview

# Set on the request while an Editor's save is made only to be copied and undone.
STAGING_SAVE = "careerguide_staging_save"


def rendered(response):
    """The response with its template rendered now, while the caller's rows are in place."""
    if hasattr(response, "render"):
        response.render()
    return response


class PendingFilter(admin.SimpleListFilter):
    title = "pending change"
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return [("yes", "Waiting to be published"), ("no", "None")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_pending=self.value() == "yes")
        return queryset


class StagedChangesAdmin:
    """Mixed into RoleAdmin before ContentAdmin."""

    def get_queryset(self, request):
        pending = PendingChange.objects.filter(role=OuterRef("pk"))
        return super().get_queryset(request).annotate(has_pending=Exists(pending))

    def get_list_display(self, request):
        return [*super().get_list_display(request), "pending_column"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), PendingFilter]

    @admin.display(description="Pending change", boolean=True, ordering="has_pending")
    def pending_column(self, role):
        return role.has_pending

    # --- who may do what ----------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not staging.may_publish(request.user):
            fields.append("status")
        return fields

    def get_changeform_initial_data(self, request):
        return {"status": Role.Status.DRAFT, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not change and not staging.may_publish(request.user):
            obj.status = Role.Status.DRAFT  # the field is read-only for them: its default is not
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published and not staging.may_publish(request.user):
            return False  # deleting takes it off the site: that is publishing
        return super().has_delete_permission(request, obj)

    def stages_saves(self, request, role):
        return role.is_published and not staging.may_publish(request.user)

    # --- the change form, on the pending version ---------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        role = self.get_object(request, unquote(object_id))
        if role is None:
            return super().change_view(request, object_id, form_url, extra_context)
        pending = staging.pending_change_of(role.pk)
        context = {**(extra_context or {}), **self.staging_context(request, role, pending)}
        view = super().change_view
        return self.on_pending_version(
            request, role, pending, lambda: view(request, object_id, form_url, context)
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        role = self.get_object(request, unquote(object_id))
        if role is None:
            return super().revision_view(request, object_id, version_id, extra_context)
        if not self.stages_saves(request, role):
            pending = staging.pending_change_of(role.pk)
            if pending is not None:
                return self.revert_refused(request, role, pending)
            return super().revision_view(request, object_id, version_id, extra_context)
        view = super().revision_view
        return self.staged(
            request, role, lambda: view(request, object_id, version_id, extra_context)
        )

    def revert_refused(self, request, role, pending):
        """A publisher's restore would be published under a pending change made before it.

        Publishing that change later would quietly undo the restore, and discarding
        it silently would lose an editor's work: the publisher decides first.
        """
        messages.error(
            request,
            f"{role} has a pending change ({staging.describe(pending)}). Publish or discard "
            "it on the role's page before restoring an earlier version.",
        )
        return redirect(self.admin_url("change", role.pk))

    def on_pending_version(self, request, role, pending, view):
        if pending is None:
            if request.method == "POST" and self.stages_saves(request, role):
                return self.staged(request, role, view)
            return view()
        setattr(request, STAMP_BEFORE_REQUEST, staging.stamp_of(pending))
        try:
            if request.method != "POST":
                return staging.render_with_pending(pending, lambda: rendered(view()))
            if self.stages_saves(request, role):
                return self.staged(request, role, view, pending)
            return self.publishing_save(request, role, pending, view)
        except staging.PendingChangeUnusable as unusable:
            messages.error(request, str(unusable))
            return redirect(self.admin_url("changelist"))

    def staged(self, request, role, view, pending=None):
        """Run the save, keep what it recorded as the pending change, undo the save."""
        setattr(request, STAGING_SAVE, True)
        try:
            with transaction.atomic():
                if pending is not None:
                    staging.restore(pending)
                response = view()
                if response.status_code != 302:
                    # The form with its errors, rendered before the undo.
                    raise staging.RolledBack((rendered(response), None))
                copy = staging.revision_copy(staging.latest_revision_of(role))
                raise staging.RolledBack((response, copy))
        except staging.RolledBack as undone:
            response, copy = undone.result
        if copy is None:
            return response
        try:
            staging.store_pending(role, copy, request.user)
        except ContentBusy as busy:
            messages.error(request, str(busy))
            return redirect(request.get_full_path())
        messages.success(
            request,
            f"Your change to “{role}” is saved as a pending change. The public site shows "
            "the published version until a Publisher publishes it.",
        )
        return response

    def publishing_save(self, request, role, pending, view):
        """A Publisher's save of the pending version publishes it, their edits included."""
        previous_slug = role.slug
        try:
            with transaction.atomic():
                staging.restore(pending)
                response = view()
                if response.status_code != 302:
                    raise staging.RolledBack(rendered(response))
                Role.objects.get(pk=role.pk).record_rename(previous_slug)
                pending.revision.delete()
        except staging.RolledBack as undone:
            return undone.result
        return response

    def message_user(self, request, message, *args, **kwargs):
        if getattr(request, STAGING_SAVE, False) and "successfully" in str(message):
            return  # "changed successfully" would say it is live; staged() says what happened
        super().message_user(request, message, *args, **kwargs)

    def staging_context(self, request, role, pending):
        may_publish = staging.may_publish(request.user)
        return {
            "staging": {
                "pending": pending,
                "pending_by": staging.describe(pending) if pending else "",
                "may_publish": may_publish,
                "is_draft": not role.is_published,
                "saves_are_staged": role.is_published and not may_publish,
                "publish_url": self.admin_url("publish", role.pk),
                "discard_url": self.admin_url("discard", role.pk),
                "preview_url": self.admin_url("preview", role.pk),
            }
        }

    # --- publish, discard, preview ------------------------------------------------

    def get_urls(self):
        views = {
            "publish": self.publish_view,
            "discard": self.discard_view,
            "preview": self.preview_view,
            "preview_stop": self.stop_preview_view,  # at .../preview/stop/
        }
        own = [
            path(
                f"<path:object_id>/{name.replace('_', '/')}/",
                self.admin_site.admin_view(view),
                name=self.url_name(name),
            )
            for name, view in views.items()
        ]
        return own + super().get_urls()

    def url_name(self, name):
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_{name}"

    def publish_view(self, request, object_id):
        role = self.role_for_action(request, object_id)
        if not staging.may_publish(request.user):
            raise PermissionDenied
        pending = staging.pending_change_of(role.pk)
        try:
            if pending is not None:
                role = staging.publish(pending, request.user)
                messages.success(request, f"Published the pending change to “{role}”.")
            elif not role.is_published:
                staging.publish_draft(role, request.user)
                messages.success(request, f"Published “{role}”: it is now on the public site.")
            else:
                messages.info(request, f"“{role}” has no pending change to publish.")
        except (ContentBusy, staging.PendingChangeUnusable) as refused:
            messages.error(request, str(refused))
        return redirect(self.admin_url("change", role.pk))

    def discard_view(self, request, object_id):
        role = self.role_for_action(request, object_id)
        if not self.has_change_permission(request, role):
            raise PermissionDenied
        pending = staging.pending_change_of(role.pk)
        if pending is None:
            messages.info(request, f"“{role}” has no pending change.")
        else:
            try:
                staging.discard(pending)
                messages.success(request, f"Discarded the pending change to “{role}”.")
            except ContentBusy as busy:
                messages.error(request, str(busy))
        return redirect(self.admin_url("change", role.pk))

    def preview_view(self, request, object_id):
        role = get_object_or_404(Role, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, role):
            raise PermissionDenied
        return start_preview(request, role)

    def stop_preview_view(self, request, object_id):
        stop_preview(request)
        return redirect(self.admin_url("change", unquote(object_id)))

    def role_for_action(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied  # publishing and discarding change data: POST only
        return get_object_or_404(Role, pk=unquote(object_id))
