"""What every admin write to content goes through: the content lock, a check that
the record was not changed since the form was opened, and, for History
reverts, the same per-inline permissions as the change form.

Nothing here writes: a refusal leaves every row as it was.
"""

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

from .admin_history import ReviewableHistoryAdmin
from .content.load import LOADED_REVISION_COMMENT
from .content_lock import ContentBusy, content_write, lock_content
from .revert_permissions import forbidden_changes, refusal_message

STAMP_FIELD = "edit_stamp"
# Where a revert keeps the record's stamp from before its own (provisional) writes.
STAMP_BEFORE_REQUEST = "content_stamp_before_request"


class LockedForm(forms.ModelForm):
    """A form whose save holds the content lock from validation to commit.

    The lock is taken in clean(), inside the admin's transaction and before
    any write, so a busy lock is an error on the form and what the editor
    typed is still there.
    """

    def clean(self):
        data = super().clean()
        try:
            lock_content()
        except ContentBusy as busy:
            raise ValidationError(str(busy), code="content_busy") from None
        return data


class StaleEditForm(LockedForm):
    """Refuses a save when the record was changed after the form was opened.

    The form carries the record's updated_at from when it was rendered; if the
    database has another one by the time the save holds the lock, someone
    (another editor, or load_content) wrote in between, and saving would put
    this form's old values over their changes.
    """

    edit_stamp = forms.CharField(widget=forms.HiddenInput, required=False)
    # Set by the admin while it reverts: the revert writes the old row first.
    stamp_before_request = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            opened = self.stamp_before_request or self.instance.updated_at
            self.initial[STAMP_FIELD] = stamp_text(opened)

    def clean(self):
        data = super().clean()  # holds the lock from here: nobody can write in between
        if self.instance.pk:
            now = self.stamp_before_request or record_stamp(type(self.instance), self.instance.pk)
            if data.get(STAMP_FIELD) != stamp_text(now):
                raise ValidationError(changed_since_message(self.instance), code="stale")
        return data


def has_stamp(model):
    try:
        model._meta.get_field("updated_at")
    except FieldDoesNotExist:
        return False
    return True


def record_stamp(model, pk):
    return model._default_manager.filter(pk=pk).values_list("updated_at", flat=True).first()


def stamp_text(value):
    # A pending change's stamp is already text (roles/staging.py).
    if isinstance(value, str):
        return value
    return value.isoformat() if value is not None else ""


def changed_since_message(instance):
    opts = instance._meta
    latest = (
        Version.objects.get_for_object_reference(type(instance), instance.pk)
        .select_related("revision__user")
        .first()
    )
    if latest is None:
        who, when = "someone", record_stamp(type(instance), instance.pk)
    else:
        revision = latest.revision
        if revision.user is not None:
            who = revision.user.get_username()
        elif revision.comment == LOADED_REVISION_COMMENT:
            who = "a content load (load_content)"
        else:
            who = "someone"
        when = revision.date_created
    at = date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else "an unknown time"
    return (
        f"This {opts.verbose_name} was changed since you opened it, by {who} at {at}; "
        "reload the page to see the changes. Nothing was saved."
    )


class ContentAdmin(ReviewableHistoryAdmin):
    """VersionAdmin for content models: every write takes the content lock first.

    Its History compares any two revisions and names only real changes
    (roles/admin_history.py); a restore from there still goes through
    guarded_revert below.
    """

    # Every content model has updated_at, so every form refuses a stale save.
    # An admin with a form of its own must derive it from StaleEditForm.
    form = StaleEditForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # modelform_factory made this class for this request alone.
        form.stamp_before_request = getattr(request, STAMP_BEFORE_REQUEST, None)
        return form

    def delete_view(self, request, object_id, extra_context=None):
        view = partial(super().delete_view, request, object_id, extra_context)
        return self.locked_on_post(request, view)

    def changelist_view(self, request, extra_context=None):
        # Actions (such as "delete selected") are posted to the change list.
        view = partial(super().changelist_view, request, extra_context)
        return self.locked_on_post(request, view)

    def locked_on_post(self, request, view):
        if request.method != "POST":
            return view()
        try:
            with content_write():
                return view()
        except ContentBusy as busy:
            messages.error(request, str(busy))
            return redirect(request.get_full_path())

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id, object_id=unquote(object_id))
        view = partial(super().revision_view, request, object_id, version_id, extra_context)
        return self.guarded_revert(request, version, self.admin_url("history", object_id), view)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version, pk=version_id)
        view = partial(super().recover_view, request, version_id, extra_context)
        return self.guarded_revert(request, version, self.admin_url("recoverlist"), view)

    def guarded_revert(self, request, version, refused_url, view):
        """Run a History revert (or its preview) under the lock and the form's permissions.

        The preview writes too (reversion restores the rows, renders the form,
        then rolls back), so it takes the lock as well: without it, it waited
        on a running load's row locks.
        """
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        with transaction.atomic():
            try:
                lock_content()
            except ContentBusy as busy:
                messages.error(request, str(busy))
                return redirect(refused_url)
            forbidden = forbidden_changes(self, request, version)
            if forbidden and request.method == "POST":
                messages.error(request, refusal_message(forbidden))
                return redirect(refused_url)
            if forbidden:
                # Looking at an old version is harmless; say at once that saving will be refused.
                messages.warning(request, refusal_message(forbidden))
            if has_stamp(version._model):
                stamp = record_stamp(version._model, version.object_id)
                setattr(request, STAMP_BEFORE_REQUEST, stamp)
            return view()

    def admin_url(self, name, *args):
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}", args=args
        )
