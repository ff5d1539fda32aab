"""A role file's `old_slugs`: the slugs it had before, whose addresses redirect to it.

The admin records an old slug when it renames a role (models.SlugRedirect);
export_content writes them into the file and load_content creates them, so a
database loaded from the files alone redirects old addresses too. An old slug
belongs to one role only and is nobody's current slug, or its address could
not redirect.
"""

from ..models import SlugRedirect
from .errors import ContentError


def _old_slugs(item):
    for index, old_slug in enumerate(item.data.front.old_slugs):
        yield index, old_slug, item.line_for("old_slugs", index)


def file_errors(parsed):
    """Old slugs that clash with a slug or another old slug in the files."""
    current = {item.data.front.slug: item for item in parsed}
    listed = {}  # old slug -> (path, line) where it was first listed
    errors = []
    for item in parsed:
        slug = item.data.front.slug
        for index, old_slug, line in _old_slugs(item):
            where = f"old_slugs[{index}]: {old_slug!r}"
            if old_slug == slug:
                message = f"{where} is this role's own slug; list only slugs it used to have"
            elif old_slug in current:
                message = (
                    f"{where} is the slug of another role, in {current[old_slug].path}; "
                    "an address cannot both show a role and redirect to another"
                )
            elif old_slug in listed:
                first_path, first_line = listed[old_slug]
                message = (
                    f"{where} is also listed at {first_path}:{first_line}; an old address "
                    "can redirect to one role only"
                )
            else:
                listed[old_slug] = (item.path, line)
                continue
            errors.append(ContentError(item.path, line, message))
    return errors


def database_errors(parsed, existing_roles):
    """Old slugs that clash with roles in the database that these files do not describe.

    existing_roles: {slug: Role} of every role in the database.
    """
    in_files = {item.data.front.slug for item in parsed}
    wanted = {old for item in parsed for old in item.data.front.old_slugs}
    redirects = {
        redirect.old_slug: redirect.role
        for redirect in SlugRedirect.objects.filter(old_slug__in=wanted).select_related("role")
    }
    errors = []
    for item in parsed:
        for index, old_slug, line in _old_slugs(item):
            where = f"old_slugs[{index}]: {old_slug!r}"
            other = existing_roles.get(old_slug)
            redirected_to = redirects.get(old_slug)
            if other is not None and old_slug not in in_files:
                message = (
                    f"{where} is the slug of the role {other.title!r} in the database; rename "
                    "or delete that role in the admin first"
                )
            elif redirected_to is not None and redirected_to.slug not in in_files:
                message = (
                    f"{where} already redirects to the role {redirected_to.title!r} "
                    f"({redirected_to.slug}) in the database; remove it from that role's file "
                    "and load both files together"
                )
            else:
                continue
            errors.append(ContentError(item.path, line, message))
    return errors


def save_old_slugs(role, old_slugs):
    """Make exactly old_slugs redirect to role (taking them from roles loaded with it)."""
    role.old_slugs.exclude(old_slug__in=old_slugs).delete()
    for old_slug in old_slugs:
        SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"role": role})


def old_slugs_of(role):
    return sorted(redirect.old_slug for redirect in role.old_slugs.all())
