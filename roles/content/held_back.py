"""Role files that load_content leaves alone unless --force: the admin has the newer word.

Two cases, each reported and skipped while the rest of the files load:

- the role has a pending change (an Editor's save waiting for a Publisher):
  loading the file would bury that change under the file's version;
- the role was deleted in the admin after the files were last loaded or
  exported: loading the file would bring it back. A deleted role's SyncState
  row (kept by primary key) outlives it until the next export, and its last
  history entry still names its slug.

With --force the file wins: the pending change is discarded and a deleted role
comes back, and the report says so.
"""

from dataclasses import dataclass

from django.utils import timezone
from reversion.models import Version

from ..models import PendingChange, Role
from ..staging import discard
from . import sync


@dataclass(frozen=True)
class Notice:
    """A file loaded differently from what its text alone says, in plain words."""

    path: str
    message: str
    held_back: bool  # False: loaded, with --force, over what the admin had

    def __str__(self):
        return f"{self.path}: {self.message}"


def pending_changes(slugs):
    """{slug: PendingChange} for the roles with these slugs that have one."""
    return {
        pending.role.slug: pending
        for pending in PendingChange.objects.filter(role__slug__in=slugs).select_related(
            "role", "author"
        )
    }


def describe_pending(pending):
    who = pending.author.get_username() if pending.author else "someone"
    when = timezone.localtime(pending.updated_at).strftime("%Y-%m-%d %H:%M")
    return who, when


def deleted_since_sync(slugs):
    """{slug: primary key} of roles deleted in the admin since the last load or export."""
    gone = sync.deleted_role_pks()
    if not gone:
        return {}
    found = {}
    last_versions = Version.objects.get_deleted(Role).filter(object_id__in=[str(pk) for pk in gone])
    for version in last_versions:
        slug = version.field_dict.get("slug")
        if slug in slugs:
            found[slug] = int(version.object_id)
    return found


def hold_back(parsed, existing_slugs, force):
    """Split parsed role files into (to load, notices, slugs of deleted roles kept out).

    Pending changes are discarded if force. existing_slugs are the slugs of
    roles in the database now.
    """
    slugs = {item.data.front.slug for item in parsed}
    pending = pending_changes(slugs)
    deleted = deleted_since_sync(slugs - set(existing_slugs))
    to_load, notices, kept_out = [], [], set()
    for item in parsed:
        slug = item.data.front.slug
        title = item.data.front.title
        if slug in pending:
            who, when = describe_pending(pending[slug])
            if force:
                discard(pending[slug])
                notices.append(
                    Notice(
                        item.path,
                        f"loaded with --force over the pending change by {who} from {when} "
                        f"to {title}; that pending change was discarded.",
                        held_back=False,
                    )
                )
            else:
                notices.append(
                    Notice(
                        item.path,
                        f"{title} has a pending change by {who} from {when}, waiting to be "
                        "published; not loaded. Publish or discard it in the admin, or load "
                        "with --force.",
                        held_back=True,
                    )
                )
                continue
        elif slug in deleted:
            if force:
                sync.forget(sync.role_key_for_pk(deleted[slug]))
                notices.append(
                    Notice(
                        item.path,
                        f"{title} had been deleted in the admin; loaded again with --force.",
                        held_back=False,
                    )
                )
            else:
                notices.append(
                    Notice(
                        item.path,
                        f"{title} was deleted in the admin after the files were last loaded or "
                        "exported; not loaded, so it stays deleted. Run `python manage.py "
                        "export_content` to remove its file, or load with --force to bring "
                        "it back.",
                        held_back=True,
                    )
                )
                kept_out.add(slug)
                continue
        to_load.append(item)
    return to_load, notices, kept_out
