"""Write the database back out as content files, in canonical form."""

from pathlib import Path

from reversion.models import Version

from ..models import ContentVersion, Role, SlugRedirect
from . import sync
from .serialize import catalog_from_db, catalog_to_text, document_to_text, role_to_document

CATALOG_NAME = "catalog.yaml"
ROLES_DIR = "roles"


def export_content(output_dir, record_sync=False):
    """Write the catalog and every role to output_dir. Return (written, removed) paths.

    A role renamed or deleted in the admin leaves a file under its old slug;
    that file is removed, or loading it would bring the old role back. Files
    of roles the database never had (a new file not loaded yet) are kept.
    With record_sync, the files written become the versioned copy that
    load_content compares against.
    """
    output_dir = Path(output_dir)
    (output_dir / ROLES_DIR).mkdir(parents=True, exist_ok=True)
    # Read first: a change made while the files are written is stamped above it.
    version = ContentVersion.current()
    catalog_text = catalog_to_text(catalog_from_db())
    written = [_write(output_dir / CATALOG_NAME, catalog_text)]
    texts = {}
    for role in Role.objects.for_export().order_by("slug"):
        texts[role] = document_to_text(role_to_document(role))
        written.append(_write(output_dir / ROLES_DIR / f"{role.slug}.md", texts[role]))
    removed = []
    current = {role.slug for role in texts}
    for slug in sorted(slugs_no_longer_used() - current):
        stale = output_dir / ROLES_DIR / f"{slug}.md"
        if stale.exists():
            stale.unlink()
            removed.append(stale)
    if record_sync:
        sync.record(sync.CATALOG_KEY, catalog_text, version)
        for role, text in texts.items():
            sync.record(sync.role_key(role), text, version)
        sync.forget_deleted_roles()  # their files are gone: nothing left to hold back
    return written, removed


def slugs_no_longer_used():
    """Slugs of renamed roles, and the last slugs of roles deleted (as their history says)."""
    renamed = set(SlugRedirect.objects.values_list("old_slug", flat=True))
    deleted = {version.field_dict.get("slug") for version in Version.objects.get_deleted(Role)}
    return renamed | deleted - {None}


def _write(path, text):
    # Write beside the target, then rename: a crash never leaves half a file.
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    temporary.replace(path)
    return path
