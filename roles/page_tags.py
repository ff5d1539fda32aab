"""Cache tags: which parts of the content a page shows, and which parts a write changes.

A tag names one record as a page sees it: "role:12" for a role and everything
it owns (its duties, pay bands, sections ...), "tool:5" for a catalog record,
"source:3" for a source. "role:*" stands for every role at once, for pages
that list them; "*" for everything. While a page renders, every content record
loaded from the database adds its tag (post_init), so nothing a view or a
template tag reads is missed; a page that shows more than COLLAPSE_AFTER records
of one kind is a list of them and depends on the whole kind instead. A view
that reads values without loading records (counts, values_list) names what it
read with page_depends_on().

A write changes its record's tag, the tags of the records it points at (a
role's tool link changes the tool's page too), and the kind's "*" tag. A role
that appears, disappears or moves (created, deleted, published, unpublished,
slug changed) changes "*": links to it can appear or vanish on any page.
"""

import contextvars
from collections import Counter
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from .context_values import set_within
from .models import ContentVersion, Role
from .models.cache_tags import EVERYTHING
from .models.editorial import ItemReference

COLLAPSE_AFTER = 50
EVERY_ROLE = "role:*"
# Every role's title, for a page that offers them all (the compare form's choices).
ROLE_NAMES = "role:names"
EVERY_KIND = tuple(
    f"{kind}:*" for kind in ("role", "source", "tool", "skill", "certification", "equivalence")
)
# A role's place on the site: a change to either can add or remove links anywhere.
ROLE_IDENTITY = ("slug", "status")


def every(kind):
    return f"{kind}:*"


def kind_of(tag):
    return tag.partition(":")[0]


def owner_tag(model, pk, role_id=None):
    """The tag of a record: its role's for anything a role owns, its own for the rest."""
    if model is Role:
        return f"role:{pk}"
    if role_id is not None:
        return f"role:{role_id}"
    return f"{model._meta.model_name}:{pk}"


def shown_tag(instance):
    """The tag a page depends on when it shows instance; None for what its item stands for."""
    if isinstance(instance, ItemReference):
        return None  # a citation or rung fit is shown with its item, which has the tag
    return owner_tag(type(instance), instance.pk, instance.__dict__.get("role_id"))


class Shown:
    """The tags of one page being rendered."""

    def __init__(self, declared=()):
        self.tags = set(declared)
        self.records_per_kind = Counter()

    def add(self, tag):
        if tag in self.tags:
            return
        kind = kind_of(tag)
        self.records_per_kind[kind] += 1
        if self.records_per_kind[kind] > COLLAPSE_AFTER:
            self.tags.add(every(kind))
        else:
            self.tags.add(tag)

    def final(self):
        """The tags to store: a kind's members drop out once the page depends on all of it."""
        whole = {kind_of(tag) for tag in self.tags if tag.endswith(":*")}
        return frozenset(
            tag for tag in self.tags if tag.endswith(":*") or kind_of(tag) not in whole
        )


shown = contextvars.ContextVar("page_tags_shown", default=None)


def collecting(declared=()):
    """Note the tags of every content record loaded in the block (yields what it noted)."""
    return set_within(shown, Shown(declared))


def untracked():
    """Records loaded in the block add no tags: the view names what it shows of them itself."""
    return set_within(shown, None)


def page_depends_on(*tags):
    """For the page being rendered: it shows what tags name, though it loaded no record of it."""
    found = shown.get()
    if found is not None:
        for tag in tags:
            found.add(tag)


def note_loaded(sender, instance, **kwargs):
    if isinstance(instance, Role):
        # What the role was when loaded, to tell at save whether it moved (see changed_tags).
        instance._loaded_identity = tuple(instance.__dict__.get(name) for name in ROLE_IDENTITY)
        instance._loaded_title = instance.__dict__.get("title")
    found = shown.get()
    if found is not None:
        tag = shown_tag(instance)
        if tag is not None:
            found.add(tag)


# --- what a write changes ----------------------------------------------------


def changed_tags(instance, created=False, deleted=False, items_written_too=False):
    """The tags a save or delete of instance changes.

    items_written_too: a citation's or rung fit's item is written in the same
    operation, whose own tag stands for it (saves a query for each).
    """
    if isinstance(instance, Role) and (created or deleted or role_moved(instance)):
        return {EVERYTHING}
    tags = set()
    if isinstance(instance, Role) and instance.title != getattr(instance, "_loaded_title", None):
        tags.add(ROLE_NAMES)
    if not isinstance(instance, ItemReference):
        tags.add(shown_tag(instance))
    elif not items_written_too:
        tags |= item_tags(instance)
    for attname, model in pointed_at(type(instance)):
        target = getattr(instance, attname)
        if target is not None:
            tags.add(owner_tag(model, target))
    return with_kinds(tags)


@cache
def pointed_at(model):
    """(attname, model) of each foreign key of model to a record that is no role's."""
    return tuple(
        (field.attname, field.related_model)
        for field in model._meta.concrete_fields
        if field.many_to_one
        and field.name != "role"
        and is_content(field.related_model)
        and not owned_by_role(field.related_model)
    )


@cache
def links_to_roles(model):
    """The attnames of model's foreign keys to another role, on a row a role owns."""
    if not owned_by_role(model):
        return ()
    return tuple(attname for attname, target in pointed_at(model) if target is Role)


def inserted_rows_tags(model, rows):
    """What changed_tags() says of rows of model created in bulk, which sends no signal.

    Their citations' and rung fits' items are inserted with them, and so is a
    many-to-many row's (model is a through model) record that a role owns:
    what such a row adds is the record at its other end.
    """
    if model is Role:
        return {EVERYTHING} if rows else set()
    tags = set()
    if not model._meta.auto_created and not issubclass(model, ItemReference):
        tags |= {shown_tag(row) for row in rows}
    for attname, target in pointed_at(model):
        pks = {getattr(row, attname) for row in rows} - {None}
        tags |= {owner_tag(target, pk) for pk in pks}
    return tags


def records_tags(model, pks):
    """The tags of the records of model with these primary keys (None: any of them)."""
    if pks is None:
        return {every("role" if owned_by_role(model) else model._meta.model_name)}
    if owned_by_role(model):
        role_ids = model._default_manager.filter(pk__in=pks).values_list("role_id", flat=True)
        return {owner_tag(Role, role_id) for role_id in role_ids}
    return {owner_tag(model, pk) for pk in pks}


def m2m_tags(instance, model, pk_set):
    """The tags a change to instance's many-to-many links with records of model changes."""
    return with_kinds(changed_tags(instance) | records_tags(model, pk_set))


def item_tags(reference):
    model = ContentType.objects.get_for_id(reference.content_type_id).model_class()
    role_ids = model._default_manager.filter(pk=reference.object_id).values_list("role_id")
    # The item is gone when it was deleted with its citations: its own delete has the tag.
    return {owner_tag(Role, role_id) for (role_id,) in role_ids}


def role_moved(role):
    loaded = getattr(role, "_loaded_identity", None)
    now = tuple(getattr(role, name) for name in ROLE_IDENTITY)
    return loaded is None or None in loaded or loaded != now


def with_kinds(tags):
    if EVERYTHING in tags:
        return {EVERYTHING}
    return tags | {every(kind_of(tag)) for tag in tags}


def is_content(model):
    return (
        model._meta.app_label == "roles"
        and model is not ContentVersion  # counts the writes; not one itself
        and not getattr(model, "derived_from_content", False)
    )


def owned_by_role(model):
    return model is not Role and any(field.name == "role" for field in model._meta.concrete_fields)


def content_models():
    return [model for model in apps.get_app_config("roles").get_models() if is_content(model)]


def changed_role_ids(tags):
    """The roles a change touched, or None if it touched no role but something else.

    The catalog records a role's own rows point at ride along with its ids:
    the search index refreshes the catalog's passages with any role's. With
    None the index reads the stamped tags instead (changed_records()), which
    tell a catalog record's own change from a change to everything.
    """
    if EVERYTHING in tags:
        return None
    ids = {
        int(pk)
        for kind, _, pk in (tag.partition(":") for tag in tags)
        if kind == "role" and pk.isdigit()
    }
    return ids or None


# Records that are no role's but that role pages show (a tool's name, a source's
# title): a change to one alters the pages of the roles that point at it, and no others.
SHOWN_ON_ROLE_PAGES = ("source", "tool", "skill", "certification")
# Content no page the search index holds shows: the skills check's equivalences,
# load_content's digests.
NOT_SEARCHED = ("equivalence", "syncstate")


def shown_on_role_pages(model):
    """Whether model is a catalog record that role pages show (a tool, a source)."""
    return model._meta.app_label == "roles" and model._meta.model_name in SHOWN_ON_ROLE_PAGES


def changed_records(stamps):
    """What the tags stamped since some content version say changed, for the search index.

    stamps: {tag: the content version it was last stamped at}. Returns (the ids
    of the roles changed, {kind: ids of its records changed}) for the kinds of
    SHOWN_ON_ROLE_PAGES, or None when that cannot be told apart from everything:
    "*", nothing stamped at all (a change that stamps no tag), or a kind's "*"
    stamped after every one of its members (a write to some of them that did
    not say which: a many-to-many clear). ValueError for a kind it does not know.
    """
    if not stamps or EVERYTHING in stamps:
        return None
    role_ids, records, newest_member = set(), {}, Counter()
    for tag, number in stamps.items():
        kind, _, pk = tag.partition(":")
        if kind in NOT_SEARCHED or tag == ROLE_NAMES or pk == "*":
            continue  # a kind's "*" is read below, against its members
        if not pk.isdigit() or kind not in ("role", *SHOWN_ON_ROLE_PAGES):
            raise ValueError(f"a cache tag of no known kind: {tag!r}")
        newest_member[kind] = max(newest_member[kind], number)
        if kind == "role":
            role_ids.add(int(pk))
        else:
            records.setdefault(kind, set()).add(int(pk))
    for kind in ("role", *SHOWN_ON_ROLE_PAGES):
        if stamps.get(every(kind), 0) > newest_member[kind]:
            return None
    return role_ids, records
