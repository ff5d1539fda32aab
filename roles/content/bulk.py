"""Write the items of many roles at once: one INSERT per model for a batch of roles.

Row by row (store.save_role_items), each item costs several round trips: its
INSERT, django-reversion's look for its citations, each many-to-many set.
Here every item is still checked with full_clean() through its role's Writer,
so a mistake is reported at its line as before, and is built the same way;
but the rows of a batch of roles go in with one INSERT per model, and each
role's history entry is written by revisions.py. Files with mistakes still
go row by row: a careful Writer must survive what the database refuses.

Lists are written in store.ITEM_LISTS order across the batch, as each role's
saves would be: a salary band is checked against rungs already saved.
"""

from django.db.models import prefetch_related_objects

from .. import caching
from ..models import Citation, Cited, LadderRung, RungFit, Section, SlugRedirect
from . import old_slugs, revisions
from .store import ITEM_LISTS, ITEM_MODELS, editorial_rows, new_item

# Roles per batch: enough to make each INSERT worth it, few enough to keep a
# thousand roles' rows and versions from being held in memory at once.
BATCH_ROLES = 50


class RoleRows:
    """One role's rows, in the order its row-by-row saves would have recorded them."""

    def __init__(self, role, document, writer):
        self.role, self.document, self.writer = role, document, writer
        self.items, self.editorial, self.rungs, self.links = [], [], {}, []
        self.citations, self.fits, self.sections = [], [], []

    def build(self, list_name, model, refs):
        """Check and return the list's items; a rung's many-to-many values are kept for later."""
        built = []
        for index, item in enumerate(getattr(self.document.front, list_name)):
            instance, many = new_item(self.role, model, list_name, index, item, refs, self.rungs)
            if not self.writer.check(instance, (list_name, index), check_unique=False):
                continue
            fill = getattr(instance, "fill_derived", None)
            if fill is not None:
                fill()
            built.append(instance)
            self.links += [(instance, name, values) for name, values in many.items()]
            if issubclass(model, Cited):
                self.editorial.append((instance, item))
        return built

    def take_links(self):
        links, self.links = self.links, []
        return links

    def saved(self, model, instances):
        self.items += instances
        if model is LadderRung:
            self.rungs |= {rung.key: rung for rung in instances}

    def build_editorial(self, refs):
        self.citations, self.fits = editorial_rows(self.editorial, refs, self.rungs)
        return self.citations, self.fits

    def build_sections(self):
        for kind, body in self.document.sections.items():
            section = Section(role=self.role, kind=kind, body=body)
            if self.writer.check(section, (), check_unique=False):
                section.fill_derived()
                self.sections.append(section)
        return self.sections

    def history(self):
        return [*self.items, *self.citations, *self.fits, *self.sections, self.role]


def save_roles_items(changed, refs, had_items, comment):
    """Replace the items of each (role, document, writer) in changed, and record its history.

    had_items: primary keys of roles that existed before this load, whose old
    items are deleted first (a role created by this load has none).
    """
    for start in range(0, len(changed), BATCH_ROLES):
        _save_batch(changed[start : start + BATCH_ROLES], refs, had_items, comment)


def _save_batch(batch, refs, had_items, comment):
    rows = [RoleRows(role, document, writer) for role, document, writer in batch]
    existing = [state.role for state in rows if state.role.pk in had_items]
    if existing:
        for model in ITEM_MODELS:
            model.objects.filter(role__in=existing).delete()
    for list_name, model in ITEM_LISTS:
        built = [(state, state.build(list_name, model, refs)) for state in rows]
        instances = [instance for _, some in built for instance in some]
        model.objects.bulk_create(instances)
        caching.note_written(model, instances)
        for state, some in built:
            state.saved(model, some)
        if model._meta.local_many_to_many:
            _link(model, instances, [link for state in rows for link in state.take_links()])
    citations, fits = [], []
    for state in rows:
        more_citations, more_fits = state.build_editorial(refs)
        citations += more_citations
        fits += more_fits
    sections = [section for state in rows for section in state.build_sections()]
    for model, instances in ((Citation, citations), (RungFit, fits), (Section, sections)):
        model.objects.bulk_create(instances)
        caching.note_written(model, instances)
    _save_old_slugs(rows)
    revisions.record([state.history() for state in rows], comment)


def _link(model, instances, links):
    """Insert the many-to-many rows of saved instances, then read them back.

    Read back in the order a version lists them, so that serialising each
    instance for its history costs no query of its own.
    """
    through_rows = {}
    for instance, name, values in links:
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        rows = through_rows.setdefault(through, {})
        for value in values:  # .set() of a list naming one record twice links it once
            rows[(instance.pk, value.pk)] = through(**{source: instance.pk, target: value.pk})
    for through, rows in through_rows.items():
        through.objects.bulk_create(rows.values())
        caching.note_written(through, rows.values())
    prefetch_related_objects(instances, *(field.name for field in model._meta.local_many_to_many))


def _save_old_slugs(rows):
    """As old_slugs.save_old_slugs, for the roles that have old slugs or had redirects."""
    roles = [state.role for state in rows]
    with_redirects = set(
        SlugRedirect.objects.filter(role__in=roles).values_list("role_id", flat=True)
    )
    for state in rows:
        wanted = state.document.front.old_slugs
        if wanted or state.role.pk in with_redirects:
            old_slugs.save_old_slugs(state.role, wanted)
