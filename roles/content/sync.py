"""Remember what the files and the database last agreed on.

After every load and export, the digest of each role's canonical text (and
the catalog's) is stored. If the database's digest later differs from the
stored one, somebody changed it in the admin, and loading the files over it
would lose that edit.
"""

import hashlib

from django.utils import timezone

from ..models import Role, SyncState

CATALOG_KEY = "catalog"


def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


ROLE_PREFIX = "role:"


def role_key(role):
    # The primary key survives a rename; the slug does not.
    return role_key_for_pk(role.pk)


def role_key_for_pk(pk):
    return f"{ROLE_PREFIX}{pk}"


def role_pk(key):
    """The primary key a role's key names, or None for another key (the catalog's)."""
    number = key.removeprefix(ROLE_PREFIX)
    return int(number) if key.startswith(ROLE_PREFIX) and number.isdigit() else None


def forget(key):
    SyncState.objects.filter(key=key).delete()


def deleted_role_pks():
    """Primary keys of roles that were in step with the files and have been deleted since."""
    pks = {role_pk(key) for key in SyncState.objects.values_list("key", flat=True)} - {None}
    return pks - set(Role.objects.filter(pk__in=pks).values_list("pk", flat=True))


def forget_deleted_roles():
    """Drop the states of roles no longer in the database: files and database agree again."""
    SyncState.objects.filter(key__in=[role_key_for_pk(pk) for pk in deleted_role_pks()]).delete()


def recorded(key):
    return SyncState.objects.filter(key=key).values_list("digest", flat=True).first()


def record(key, text):
    new = digest(text)
    if recorded(key) != new:  # an unchanged state is left alone: loading twice writes nothing
        SyncState.objects.update_or_create(key=key, defaults={"digest": new})


def record_all(texts):
    """record() for every {key: text}, in a query or two whatever their number."""
    wanted = {key: digest(text) for key, text in texts.items()}
    held = dict(SyncState.objects.filter(key__in=wanted).values_list("key", "digest"))
    SyncState.objects.bulk_create(
        [SyncState(key=key, digest=new) for key, new in wanted.items() if key not in held]
    )
    for key, new in wanted.items():
        if held.get(key, new) != new:  # as update_or_create would, updated_at included
            SyncState.objects.filter(key=key).update(digest=new, updated_at=timezone.now())


def edited_since_sync(key, current_text):
    """True when the database no longer matches what was last loaded or exported."""
    return recorded(key) != digest(current_text)
