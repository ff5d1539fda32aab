"""Write the database back out as content files, in canonical form."""

from pathlib import Path

from ..models import Role, SlugRedirect
from . import sync
from .serialize import catalog_from_db, catalog_to_text, document_to_text, role_to_document

CATALOG_NAME = "catalog.yaml"
ROLES_DIR = "roles"


def export_content(output_dir, record_sync=False):
    """Write the catalog and every role to output_dir. Return (written, removed) paths.

    A role renamed in the admin leaves a file under its old slug; that file is
    removed, or loading it would bring the old role back. With record_sync, the
    files written become the versioned copy that load_content compares against.
    """
    output_dir = Path(output_dir)
    (output_dir / ROLES_DIR).mkdir(parents=True, exist_ok=True)
    catalog_text = catalog_to_text(catalog_from_db())
    written = [_write(output_dir / CATALOG_NAME, catalog_text)]
    texts = {}
    for role in Role.objects.for_export().order_by("slug"):
        texts[role] = document_to_text(role_to_document(role))
        written.append(_write(output_dir / ROLES_DIR / f"{role.slug}.md", texts[role]))
    removed = []
    for old_slug in SlugRedirect.objects.values_list("old_slug", flat=True):
        stale = output_dir / ROLES_DIR / f"{old_slug}.md"
        if stale.exists():
            stale.unlink()
            removed.append(stale)
    if record_sync:
        sync.record(sync.CATALOG_KEY, catalog_text)
        for role, text in texts.items():
            sync.record(sync.role_key(role), text)
    return written, removed


def _write(path, text):
    # Write beside the target, then rename: a crash never leaves half a file.
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    temporary.replace(path)
    return path
