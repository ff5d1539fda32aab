"""Load content files into the database: all of them, or nothing.

Every file is read and checked first; only when no file has a problem does
anything get written, inside one transaction. Roles whose file matches the
database exactly are left untouched, so loading twice changes nothing.
"""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from pydantic import BaseModel

from .. import caching
from ..catalog import KINDS
from ..content_lock import content_write
from ..models import Role
from . import sync
from .editorial_checks import editorial_errors
from .errors import ContentError, ContentErrors
from .export import CATALOG_NAME, ROLES_DIR
from .parse import MAX_FILE_BYTES, describe_location, parse_catalog, parse_role
from .schema import cited_key
from .serialize import catalog_from_db, catalog_to_text, document_to_text, role_to_document
from .store import (
    CATALOG_MODELS,
    References,
    Writer,
    prune_catalog,
    save_catalog,
    save_equivalences,
    save_role_items,
    save_role_row,
)


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    catalog_files: list = field(default_factory=list)


def find_files(paths):
    """Return (catalog_paths, role_paths, errors) for the paths given on the command line."""
    catalogs, roles, errors = [], [], []
    for given in map(Path, paths):
        if given.is_dir():
            if (given / CATALOG_NAME).is_file():
                catalogs.append(given / CATALOG_NAME)
            role_dir = given / ROLES_DIR if (given / ROLES_DIR).is_dir() else given
            roles += sorted(role_dir.glob("*.md"))
        elif given.is_file() and given.suffix in {".yaml", ".yml"}:
            catalogs.append(given)
        elif given.is_file() and given.suffix == ".md":
            roles.append(given)
        else:
            errors.append(ContentError(str(given), None, "no such content file or folder"))
    roles = [path for path in roles if path.name != "README.md"]
    if len(catalogs) > 1:
        names = ", ".join(map(str, catalogs))
        errors.append(ContentError(names, None, "give at most one catalog file per run"))
    return catalogs, roles, errors


def check_references(parsed, catalog, errors, other_slugs=()):
    """Every key a role file uses must name a record that exists.

    other_slugs are the names of role files that failed to parse: links to
    them are not reported again, since their own errors already are.
    """
    refs = References()
    # Reference kinds are model names: a role file's `tool: forklift` names a Tool.
    known = {model._meta.model_name: set(refs.lookup(model)) for model in CATALOG_MODELS.values()}
    if catalog is not None:
        for list_name, model in CATALOG_MODELS.items():
            known[model._meta.model_name] = {entry.key for entry in getattr(catalog, list_name)}
    role_slugs = set(refs.roles) | set(other_slugs) | {item.data.front.slug for item in parsed}
    for item in parsed:
        front = item.data.front
        known["role"] = role_slugs
        known["rung"] = {rung.key for rung in front.ladder}
        for location, kind, key in iter_references(front):
            if key not in known[kind]:
                errors.append(
                    ContentError(
                        item.path,
                        item.line_for(*location),
                        f"unknown {KIND_LABELS.get(kind, kind)} key {key!r} at "
                        f"{describe_location(location)}; expected a key defined in "
                        f"{DEFINED_IN.get(kind, 'content/catalog.yaml')}",
                    )
                )


KIND_LABELS = {"rung": "ladder rung"}
DEFINED_IN = {"role": "a role file or the database", "rung": "this file's ladder"}


def iter_references(front):
    """Yield (location, kind, key) for every cross-reference in a front matter."""
    for name, value in front:
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _item_references((name, index), item)
        elif isinstance(value, BaseModel):
            for sub_name, sub_value in value:
                if isinstance(sub_value, BaseModel):
                    yield from _item_references((name, sub_name), sub_value)
            yield from _item_references((name,), value)


# Item keys that name another record -> the kind of record: `tool: forklift` in a
# role's tools list, `tools: [forklift]` on a ladder rung.
REFERENCE_KINDS = {
    "source": "source",
    "sources": "source",
    "share_source": "source",
    "cost_source": "source",
    "pay_source": "source",
    "education_source": "source",
    "applies_at": "rung",
    **{kind.name: kind.name for kind in KINDS},
    **{kind.plural: kind.name for kind in KINDS},
    "role": "role",
    "rung": "rung",
    "through_rung": "rung",
}


def _item_references(location, item):
    for name, value in item:
        kind = REFERENCE_KINDS.get(name)
        if kind is None or value is None:
            continue
        if isinstance(value, list):
            for index, key in enumerate(value):
                yield (*location, name, index), kind, cited_key(key)
        elif isinstance(value, dict):
            for key in value:
                yield (*location, name, key), kind, key
        elif isinstance(value, str):
            yield (*location, name), kind, value


# Lists in which one value may appear only once per role.
UNIQUE_IN_LIST = [("ladder", "key"), *((kind.plural, kind.name) for kind in KINDS)]


def check_files(parsed, errors):
    by_slug = {}
    for item in parsed:
        slug = item.data.front.slug
        path = Path(item.path)
        if path.stem != slug:
            errors.append(
                ContentError(
                    item.path,
                    item.line_for("slug"),
                    f"slug {slug!r} does not match the file name; name the file {slug}.md",
                )
            )
        if slug in by_slug:
            errors.append(
                ContentError(
                    item.path,
                    item.line_for("slug"),
                    f"slug {slug!r} is already used by {by_slug[slug].path}",
                )
            )
        else:
            by_slug[slug] = item
        errors += editorial_errors(item)
        for list_name, key_name in UNIQUE_IN_LIST:
            entries = getattr(item.data.front, list_name)
            counts = Counter(getattr(entry, key_name) for entry in entries)
            for index, entry in enumerate(entries):
                if counts[getattr(entry, key_name)] > 1:
                    errors.append(
                        ContentError(
                            item.path,
                            item.line_for(list_name, index, key_name),
                            f"{list_name}: {key_name} {getattr(entry, key_name)!r} is listed "
                            "more than once",
                        )
                    )


def read_file(path, errors):
    """The file's bytes (at most one byte over the size limit), or None with an error."""
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:  # a directory named x.md, a symlink loop, no permission
        errors.append(ContentError(str(path), 1, f"cannot read the file: {exc.strerror}"))
        return None


def read_all(paths):
    """Parse and check every file. Return (catalog, parsed_roles) or raise ContentErrors."""
    catalog_paths, role_paths, errors = find_files(paths)
    catalog = None
    for path in catalog_paths:
        raw = read_file(path, errors)
        if raw is not None:
            catalog, catalog_errors = parse_catalog(str(path), raw)
            errors += catalog_errors
    parsed = []
    for path in role_paths:
        raw = read_file(path, errors)
        if raw is None:
            continue
        item, role_errors = parse_role(str(path), raw)
        errors += role_errors
        if item is not None:
            parsed.append(item)
    check_files(parsed, errors)
    if catalog_paths and catalog is None:
        pass  # the catalog's own errors are reported; references cannot be checked without it
    else:
        unreadable = {path.stem for path in role_paths} - {item.data.front.slug for item in parsed}
        check_references(parsed, catalog.data if catalog else None, errors, unreadable)
    if not catalog_paths and not role_paths and not errors:
        errors.append(ContentError(", ".join(map(str, paths)), None, "no content files found"))
    if errors:
        raise ContentErrors(errors)
    return catalog, parsed


def load_content(paths, force=False):
    """Load the files at paths. Raise ContentErrors (with nothing written) on any problem.

    A role or catalog edited in the admin since the last load or export is not
    overwritten unless force is true.
    """
    catalog, parsed = read_all(paths)
    report = LoadReport(catalog_files=[catalog.path] if catalog else [])
    # The lock first: an admin save in the middle of a load would be lost or would lose it.
    with content_write(), caching.one_clear_for_many_changes():
        slugs = [item.data.front.slug for item in parsed]
        current_roles = {
            role.slug: role for role in Role.objects.for_export().filter(slug__in=slugs)
        }
        current = {slug: role_to_document(role) for slug, role in current_roles.items()}
        if not force:
            conflicts = find_admin_edits(catalog, parsed, current_roles, current)
            if conflicts:
                raise ContentErrors(conflicts)
        writers = []
        if catalog is not None:
            catalog_writer = Writer(catalog.path, catalog.line_for)
            with loaded_revision():
                save_catalog(catalog.data, catalog_writer)
                save_equivalences(catalog.data, catalog_writer)
            writers.append(catalog_writer)
        refs = References()
        changed = []
        for item in parsed:
            slug = item.data.front.slug
            if current.get(slug) == item.data:
                report.unchanged.append(slug)
                continue
            (report.updated if slug in current else report.created).append(slug)
            writer = Writer(item.path, item.line_for)
            writers.append(writer)
            changed.append((save_role_row(item.data.front, refs, writer), item, writer))
        for role, item, writer in changed:
            if role.pk:
                with loaded_revision():
                    save_role_items(role, item.data, refs, writer)
                    reversion.add_to_revision(role)
        if catalog is not None:
            prune_catalog(catalog.data, catalog_writer)
        errors = [error for writer in writers for error in writer.errors]
        if errors:
            raise ContentErrors(errors)  # leaving the atomic block rolls everything back
        if catalog is not None:
            sync.record(sync.CATALOG_KEY, catalog_to_text(catalog.data))
        for item in parsed:
            role = refs.roles[item.data.front.slug]
            sync.record(sync.role_key(role), document_to_text(item.data))
    return report


LOADED_REVISION_COMMENT = "Loaded from content files"


@contextmanager
def loaded_revision():
    """One history entry per role (and one for the catalog), as an admin save makes.

    Not one for the whole load: django-reversion copies a revision's list of
    objects on every addition, so a revision's cost grows with the square of
    the objects in it (1,000 roles took over 20 minutes).
    """
    with reversion.create_revision():
        reversion.set_comment(LOADED_REVISION_COMMENT)
        yield


ADMIN_EDIT_ADVICE = (
    "run `python manage.py export_content` to write the admin's changes to the files "
    "(then review and commit them), or load again with --force to replace them"
)


def find_admin_edits(catalog, parsed, current_roles, current):
    """Errors for every record the files would change after an admin edit."""
    errors = []
    for item in parsed:
        slug = item.data.front.slug
        document = current.get(slug)
        if document is None or document == item.data:
            continue
        if sync.edited_since_sync(sync.role_key(current_roles[slug]), document_to_text(document)):
            errors.append(
                ContentError(
                    item.path,
                    item.line_for("slug"),
                    f"role {slug!r} was changed in the admin since it was last loaded or "
                    f"exported, and loading this file would overwrite that; {ADMIN_EDIT_ADVICE}",
                )
            )
    if catalog is not None:
        in_database = catalog_from_db()
        has_records = any(getattr(in_database, name) for name in type(in_database).model_fields)
        edited = has_records and in_database != catalog.data
        if edited and sync.edited_since_sync(sync.CATALOG_KEY, catalog_to_text(in_database)):
            errors.append(
                ContentError(
                    catalog.path,
                    None,
                    "the catalog (sources, tools, skills or certifications) was changed in "
                    f"the admin since it was last loaded or exported; {ADMIN_EDIT_ADVICE}",
                )
            )
    return errors
