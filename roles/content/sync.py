"""Remember what the files and the database last agreed on.

After every load and export, the digest of each role's canonical text (and
the catalog's) is stored. If the database's digest later differs from the
stored one, somebody changed it in the admin, and loading the files over it
would lose that edit.
"""

import hashlib

from ..models import SyncState

CATALOG_KEY = "catalog"


def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def role_key(role):
    # The primary key survives a rename; the slug does not.
    return f"role:{role.pk}"


def recorded(key):
    return SyncState.objects.filter(key=key).values_list("digest", flat=True).first()


def record(key, text):
    new = digest(text)
    if recorded(key) != new:  # an unchanged state is left alone: loading twice writes nothing
        SyncState.objects.update_or_create(key=key, defaults={"digest": new})


def edited_since_sync(key, current_text):
    """True when the database no longer matches what was last loaded or exported."""
    return recorded(key) != digest(current_text)
