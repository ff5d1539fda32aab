"""Load content files into the database: all of them, or nothing.

Every file is read and checked first; only when no file has a problem does
anything get written, inside one transaction. Roles whose file matches the
database exactly are left untouched, so loading twice changes nothing.
"""

import gc
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import reversion
from pydantic import BaseModel

from .. import caching
from ..catalog import KINDS
from ..content_lock import ContentBusy, content_write
from ..markdown import known_renderings
from ..models import ContentVersion, Role, SlugRedirect
from . import held_back, old_slugs, sync
from .bulk import save_roles_items
from .editorial_checks import editorial_errors
from .errors import ContentError, ContentErrors
from .export import CATALOG_NAME, ROLES_DIR
from .parse import ParsedFile, parse_catalog
from .parse_workers import Ahead, read_file, read_roles
from .plain_errors import describe_location
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
    # held_back.Notice for each file held back, or loaded over a pending change or deletion.
    notices: list = field(default_factory=list)


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


def check_references(parsed, catalog, errors, other_slugs=(), held_back=()):
    """Every key a role file uses must name a record that exists.

    Keys are looked up among those the files define as written, so a record
    left out for a mistake of its own is not reported again where it is used.
    other_slugs are the names of role files that failed to parse: links to
    them are not reported again, since their own errors already are.
    held_back are the slugs of deleted roles that are not loaded again.
    """
    refs = References()
    # Reference kinds are model names: a role file's `tool: forklift` names a Tool.
    known = {model._meta.model_name: set(refs.lookup(model)) for model in CATALOG_MODELS.values()}
    if catalog is not None:
        for list_name, model in CATALOG_MODELS.items():
            known[model._meta.model_name] = written_keys(catalog.raw.get(list_name))
    role_slugs = set(refs.roles) | set(other_slugs) | {item.data.front.slug for item in parsed}
    for item in parsed:
        front = item.data.front
        known["role"] = role_slugs - set(held_back)
        known["rung"] = written_keys(item.raw.get("ladder"))
        for location, kind, key in iter_references(front):
            if key in known[kind]:
                continue
            if kind == "role" and key in held_back:
                message = (
                    f"{describe_location(location)} links to the role {key!r}, which was deleted "
                    "in the admin and is not loaded again; remove the link, or load with --force"
                )
            else:
                message = (
                    f"unknown {KIND_LABELS.get(kind, kind)} key {key!r} at "
                    f"{describe_location(location)}; expected a key defined in "
                    f"{DEFINED_IN.get(kind, 'content/catalog.yaml')}"
                )
            errors.append(ContentError(item.path, item.line_for(*location), message))


def written_keys(entries):
    """The `key` of every entry of a list as the file wrote it."""
    if not isinstance(entries, list):
        return set()
    return {
        entry["key"]
        for entry in entries
        if isinstance(entry, dict) and isinstance(entry.get("key"), str)
    }


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
    errors += old_slugs.file_errors(parsed)
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


class Files(NamedTuple):
    catalog: ParsedFile | None
    roles: list  # a ParsedFile for each role file that could be parsed, mistakes and all
    role_paths: list  # every role file found
    catalog_given: bool
    # What the parsing workers worked out ahead: prose HTML, canonical texts (parse_workers.py).
    ahead: Ahead


def read_all(paths):
    """Parse and check every file, as far as each goes. Return (Files, errors).

    A file with mistakes is checked as far as it can be (see partial.py), so
    one run reports them all; Files.roles holds those files too.
    """
    catalog_paths, role_paths, errors = find_files(paths)
    catalog = None
    for path in catalog_paths:
        raw = read_file(path, errors)
        if raw is not None:
            catalog, catalog_errors = parse_catalog(str(path), raw)
            errors += catalog_errors
    parsed = []
    roles, ahead = read_roles(role_paths, agreed=sync.agreed_digests)
    for item, role_errors in roles:
        errors += role_errors
        if item is not None:
            parsed.append(item)
    check_files(parsed, errors)
    if not catalog_paths and not role_paths and not errors:
        errors.append(ContentError(", ".join(map(str, paths)), None, "no content files found"))
    return Files(catalog, parsed, role_paths, bool(catalog_paths), ahead), errors


def load_content(paths, force=False):
    """Load the files at paths. Raise ContentErrors (with nothing written) on any problem.

    A role or catalog edited in the admin since the last load or export is not
    overwritten unless force is true. Nor is a role with a pending change, or
    one deleted in the admin since: those are left out, with a notice in the
    report (see held_back.py).
    """
    with one_collection():
        return _load_content(paths, force)


def _load_content(paths, force):
    files, errors = read_all(paths)
    catalog = files.catalog
    report = LoadReport(catalog_files=[catalog.path] if catalog else [])
    try:
        prose_rendered = known_renderings(files.ahead.rendered)
        # The lock first: an admin save in the middle of a load would be lost or would lose it.
        with content_write():
            with caching.many_changes_at_once(), prose_rendered:
                loaded = check_against_database(files, errors, report, force)
                if errors:
                    raise ContentErrors(sorted_errors(errors))  # rolls back whatever was checked
            # After the load's changes are stamped, with the version they carry.
            record_sync(catalog, loaded, files.ahead.texts)
    except ContentBusy:
        if errors:  # the files' own problems are worth knowing while the database is busy
            raise ContentErrors(sorted_errors(errors)) from None
        raise
    return report


@contextmanager
def one_collection():
    """Python's cyclic garbage collector runs once, at the end, rather than all along.

    The parsed files are millions of objects, all alive until the load ends,
    and every full collection walks all of them: collecting took a third of
    a 100-role load and grew faster than the number of roles. Almost nothing
    a load leaves behind is cyclic (reference counting frees the rest as
    usual), so little waits for the one collection at the end.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect()


def check_against_database(files, errors, report, force):
    """The checks that need the database, then the writes (which check the rest).

    Inside the load's transaction. With errors already found the writes still
    run, to find the problems only a save reveals (pay out of order, a figure
    without a source), and the caller rolls them back. Returns the ParsedFile
    of every role file written or found unchanged.
    """
    catalog, parsed, role_paths, catalog_given, _ = files
    existing = {role.slug: role for role in Role.objects.all()}
    readable = {item.data.front.slug for item in parsed}
    parsed, report.notices, deleted = held_back.hold_back(parsed, existing, force)
    if catalog is not None or not catalog_given:
        # Else the catalog's own errors are reported; references need it to be checked.
        unreadable = {path.stem for path in role_paths} - readable
        check_references(parsed, catalog, errors, unreadable, deleted)
    errors += old_slugs.database_errors(parsed, existing)
    in_step = files_in_step(parsed, existing, files.ahead.texts)
    slugs = [item.data.front.slug for item in parsed if item.data.front.slug not in in_step]
    current_roles = {role.slug: role for role in Role.objects.for_export().filter(slug__in=slugs)}
    current = {slug: role_to_document(role) for slug, role in current_roles.items()}
    if not force:
        whole_catalog = catalog if catalog is not None and catalog.complete else None
        errors += find_admin_edits(whole_catalog, parsed, current_roles, current)
    if catalog is not None and not catalog.complete:
        return []  # roles cannot be checked against a catalog that is only partly there
    written = write(catalog, parsed, current, in_step, report, careful=bool(errors))
    reported = {(error.path, error.line) for error in errors}
    # A save's complaint on a line already reported is the same mistake seen again.
    errors += [error for error in written if (error.path, error.line) not in reported]
    return parsed


def files_in_step(parsed, existing, texts_ahead):
    """Slugs of the role files that hold what the database does already (sync.in_step()).

    Those roles are neither read nor written: at a thousand roles, reading
    every role to compare it with its file was most of a load that changed
    nothing.
    """
    pairs = [
        (existing[item.data.front.slug], texts_ahead.get(item.path) or document_to_text(item.data))
        for item in parsed
        if item.complete and item.data.front.slug in existing
    ]
    return {role.slug for role in sync.in_step(pairs)}


def write(catalog, parsed, current, in_step, report, careful):
    """Save the catalog and every changed role; return the problems the saves found.

    current: {slug: the document the database holds} of the roles not in_step.
    """
    writers = []
    if catalog is not None:
        catalog_writer = Writer(catalog.path, catalog.line_for, careful)
        with loaded_revision():
            save_catalog(catalog.data, catalog_writer)
            save_equivalences(catalog.data, catalog_writer)
        writers.append(catalog_writer)
    refs = References()
    in_database = {role.pk for role in refs.roles.values()}
    changed = []
    for item in parsed:
        slug = item.data.front.slug
        if slug in in_step or current.get(slug) == item.data:
            report.unchanged.append(slug)
            continue
        (report.updated if slug in current else report.created).append(slug)
        writer = Writer(item.path, item.line_for, careful or not item.complete, item.left_out)
        writers.append(writer)
        changed.append((save_role_row(item.data.front, refs, writer), item, writer))
    # A file with mistakes goes row by row, each role in a savepoint that survives
    # what the database refuses; the rest in bulk, with the same checks and history.
    at_once = []
    for role, item, writer in changed:
        if not role.pk:
            continue
        if not writer.careful:
            at_once.append((role, item.data, writer))
            continue
        with loaded_revision(), writer.guarded():
            save_role_items(role, item.data, refs, writer)
            old_slugs.save_old_slugs(role, item.data.front.old_slugs)
            reversion.add_to_revision(role)
    save_roles_items(at_once, refs, in_database, LOADED_REVISION_COMMENT)
    if catalog is not None:
        prune_catalog(catalog.data, catalog_writer)
    return [error for writer in writers for error in writer.errors]


def record_sync(catalog, loaded, texts_ahead):
    """The files and the database agree now: remember it for the next load.

    texts_ahead: {file path: its canonical text}, for the files the workers wrote it for.
    """
    texts = {}
    if catalog is not None:
        texts[sync.CATALOG_KEY] = catalog_to_text(catalog.data)
    roles = Role.objects.in_bulk([item.data.front.slug for item in loaded], field_name="slug")
    for item in loaded:
        text = texts_ahead.get(item.path) or document_to_text(item.data)
        texts[sync.role_key(roles[item.data.front.slug])] = text
    sync.record_all(texts, ContentVersion.current())


def sorted_errors(errors):
    """By file, then line: the order an editor fixes them in."""
    return sorted(errors, key=lambda error: (error.path, error.line or 0))


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


def renamed_in_admin(parsed):
    """Errors for files under a slug the admin renamed away from, whose new file is not here.

    Loading such a file would make a second role out of the renamed one.
    """
    in_files = {item.data.front.slug for item in parsed}
    redirects = {
        redirect.old_slug: redirect.role
        for redirect in SlugRedirect.objects.filter(old_slug__in=in_files).select_related("role")
    }
    errors = []
    for item in parsed:
        role = redirects.get(item.data.front.slug)
        if role is not None and role.slug not in in_files:
            errors.append(
                ContentError(
                    item.path,
                    item.line_for("slug"),
                    f"role {item.data.front.slug!r} was renamed to {role.slug!r} in the admin "
                    "since it was last loaded or exported, and loading this file would make a "
                    f"second role of it; {ADMIN_EDIT_ADVICE}",
                )
            )
    return errors


ADMIN_EDIT_ADVICE = (
    "run `python manage.py export_content` to write the admin's changes to the files "
    "(then review and commit them), or load again with --force to replace them"
)


def find_admin_edits(catalog, parsed, current_roles, current):
    """Errors for every record the files would change after an admin edit."""
    errors = renamed_in_admin(parsed)
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
