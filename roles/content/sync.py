"""Remember what the files and the database last agreed on.

After every load and export, the digest of each role's canonical text (and
the catalog's) is stored. If the database's digest later differs from the
stored one, somebody changed it in the admin, and loading the files over it
would lose that edit.
"""

import hashlib

from django.utils import timezone

from ..models import ContentVersion, Role, SyncState
from ..search.changes import roles_changed_since

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


def record(key, text, version):
    """The files and the database agree on text, as of content version (see in_step())."""
    new = digest(text)
    if recorded(key) != new:  # an unchanged state is left alone: loading twice writes nothing
        SyncState.objects.update_or_create(
            key=key, defaults={"digest": new, "content_version": version}
        )
    else:
        SyncState.objects.filter(key=key).exclude(content_version=version).update(
            content_version=version
        )


def record_all(texts, version):
    """record() for every {key: text}, in a few queries whatever their number."""
    wanted = {key: digest(text) for key, text in texts.items()}
    held = dict(SyncState.objects.filter(key__in=wanted).values_list("key", "digest"))
    SyncState.objects.bulk_create(
        [
            SyncState(key=key, digest=new, content_version=version)
            for key, new in wanted.items()
            if key not in held
        ]
    )
    for key, new in wanted.items():
        if held.get(key, new) != new:  # as update_or_create would, updated_at included
            SyncState.objects.filter(key=key).update(digest=new, updated_at=timezone.now())
    SyncState.objects.filter(key__in=wanted).exclude(content_version=version).update(
        content_version=version
    )


def in_step(roles_and_texts):
    """The roles whose file is what the files and the database last agreed on, unchanged since.

    roles_and_texts: (Role, the canonical text of its file) pairs. For such a
    role the file and the database agree without reading the role's rows:
    the file's digest is the one recorded, and no change has been stamped on
    the role's pages since the content version recorded with it (the cache
    tags, roles/search/changes.py; a change to a tool or source its pages
    show counts too). When the stamps cannot tell which roles changed, no
    role is taken as in step, and each is compared as before.
    """
    keys = {role_key(role): (role, text) for role, text in roles_and_texts}
    states = SyncState.objects.filter(key__in=keys, content_version__isnull=False)
    candidates = {}
    for key, held, version in states.values_list("key", "digest", "content_version"):
        role, text = keys[key]
        if held == digest(text):
            candidates[role.pk] = (role, version)
    if not candidates:
        return []
    since = min(version for _, version in candidates.values())
    changed = set() if ContentVersion.current() == since else roles_changed_since(since)
    if changed is None:
        return []
    return [role for pk, (role, _) in candidates.items() if pk not in changed]


def agreed_digests():
    """{slug: digest} of each role's text as the files and the database last agreed on it."""
    slugs = dict(Role.objects.values_list("pk", "slug"))
    states = SyncState.objects.filter(key__startswith=ROLE_PREFIX).values_list("key", "digest")
    return {slugs[pk]: held for key, held in states if (pk := role_pk(key)) in slugs}


def edited_since_sync(key, current_text):
    """True when the database no longer matches what was last loaded or exported."""
    return recorded(key) != digest(current_text)
