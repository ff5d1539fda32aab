"""Staged changes: an Editor's save of a published role waits for a Publisher.

The admin saves the Editor's form as usual inside a transaction, copies the
revision that save recorded (every row of the role, with its primary key),
and rolls the transaction back: the public site never sees the change. The
copy is stored as a revision of its own with a PendingChange pointing at it.
The change form, the preview and publishing then restore exactly those rows
(django-reversion's revert), so a row the Editor added keeps its id from the
form the Editor saw to the page the Publisher publishes.
"""

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Revision, Version

from . import caching
from .content_lock import content_write
from .models import PendingChange, Role

PUBLISH_PERMISSION = "roles.publish_role"
STAMP_PREFIX = "pending-"
VERSION_FIELDS = ("content_type_id", "object_id", "db", "format", "serialized_data", "object_repr")


class RolledBack(Exception):
    """Raised inside an atomic block to undo it while keeping what it produced."""

    def __init__(self, result):
        super().__init__("rolled back")
        self.result = result


class PendingChangeUnusable(Exception):
    """The pending change names rows that are gone (a tool or source deleted since)."""


def may_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def pending_change_of(role_id):
    return (
        PendingChange.objects.filter(role_id=role_id)
        .select_related("revision", "author", "role")
        .first()
    )


def stamp_of(pending):
    """What an open form remembers of the pending change it shows (see admin_guards)."""
    return f"{STAMP_PREFIX}{pending.revision_id}"


def describe(pending):
    """Who saved the pending change and when: "erin saved on 2 Dec 2026, 4:40 p.m."."""
    who = pending.author.get_username() if pending.author else "someone"
    when = date_format(timezone.localtime(pending.updated_at), "DATETIME_FORMAT")
    return f"{who} saved on {when}"


def pending_slug(pending):
    """The role's address once the change is published (the change may rename it)."""
    role_version = Version.objects.get_for_object(pending.role).filter(revision=pending.revision)
    return role_version.get().field_dict["slug"]


def revision_copy(revision):
    """What a revision holds, as plain values, so it survives a rollback."""
    versions = list(revision.version_set.values(*VERSION_FIELDS))
    return {"comment": revision.comment, "versions": versions}


def latest_revision_of(role):
    version = Version.objects.get_for_object(role).order_by("-pk").select_related("revision")
    return version.first().revision


def store_pending(role, copy, user):
    """Keep copy (from revision_copy) as role's pending change, replacing any earlier one."""
    with content_write():
        old = PendingChange.objects.filter(role=role).values_list("revision_id", flat=True)
        Revision.objects.filter(pk__in=list(old)).delete()  # its PendingChange goes with it
        revision = Revision.objects.create(
            date_created=timezone.now(),
            user=user,
            comment=f"Pending change: {copy['comment']}".strip().rstrip(":"),
        )
        Version.objects.bulk_create(
            Version(revision=revision, **fields) for fields in copy["versions"]
        )
        reserve_ids(copy["versions"])
        return PendingChange.objects.create(role=role, revision=revision, author=user)


def drop_pending_revision(sender, instance, **kwargs):
    """A pending change deleted with its role takes its never-published revision along.

    Publishing and discarding delete the revision themselves. Left behind, it
    would be the deleted role's latest version, and recovering the role would
    bring back the change nobody published.
    """
    Revision.objects.filter(pk=instance.revision_id).delete()


def reserve_ids(versions):
    """Keep the ids of rows the pending change adds from being handed out again.

    The rows were inserted and rolled back. PostgreSQL's sequences never move
    back, but SQLite's AUTOINCREMENT counter is rolled back with them, so
    another insert could take one of those ids, and publishing would then
    overwrite that other row.
    """
    if connection.vendor != "sqlite":
        return
    highest = {}
    for fields in versions:
        model = ContentType.objects.get_for_id(fields["content_type_id"]).model_class()
        if model is None or not str(fields["object_id"]).isdigit():
            continue
        table = model._meta.db_table
        highest[table] = max(highest.get(table, 0), int(fields["object_id"]))
    with connection.cursor() as cursor:
        for table, top in highest.items():
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [top, table]
            )


def restore(pending):
    """Write the pending version over the role's rows (inside the caller's transaction)."""
    try:
        pending.revision.revert(delete=True)
    except Exception as error:  # reversion raises RevertError, IntegrityError, DoesNotExist...
        raise PendingChangeUnusable(
            f"The pending change to {pending.role} can no longer be applied ({error}). "
            "Discard it and make the change again."
        ) from error


def quietly():
    """Rows restored only for a look are no change: no cache clears, no version bump."""
    return caching.looking_only()


def render_with_pending(pending, render):
    """render() run with the pending version in place, then everything undone.

    render must return a finished response (rendered inside the transaction).
    """
    try:
        with transaction.atomic(), quietly():
            restore(pending)
            raise RolledBack(render())
    except RolledBack as undone:
        return undone.result


def publish(pending, user):
    """Make the pending change the published role, with one history entry saying so."""
    with content_write(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"Published the change {describe(pending)}")
        previous_slug = pending.role.slug
        restore(pending)
        role = Role.objects.get(pk=pending.role_id)
        role.record_rename(previous_slug)
        reversion.add_to_revision(role)
        pending.revision.delete()
    return role


def publish_draft(role, user):
    with content_write(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment("Published.")
        role.status = Role.Status.PUBLISHED
        role.save()


def discard(pending):
    with content_write():
        pending.revision.delete()
