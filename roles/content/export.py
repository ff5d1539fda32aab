"""Write the database back out as content files, in canonical form."""

from pathlib import Path

from .serialize import (
    catalog_from_db,
    catalog_to_text,
    document_to_text,
    role_to_document,
    roles_for_export,
)

CATALOG_NAME = "catalog.yaml"
ROLES_DIR = "roles"


def export_content(output_dir):
    """Write the catalog and every role to output_dir. Return the paths written."""
    output_dir = Path(output_dir)
    (output_dir / ROLES_DIR).mkdir(parents=True, exist_ok=True)
    written = [_write(output_dir / CATALOG_NAME, catalog_to_text(catalog_from_db()))]
    for role in roles_for_export().order_by("slug"):
        text = document_to_text(role_to_document(role))
        written.append(_write(output_dir / ROLES_DIR / f"{role.slug}.md", text))
    return written


def _write(path, text):
    # Write beside the target, then rename: a crash never leaves half a file.
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    temporary.replace(path)
    return path
