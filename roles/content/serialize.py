"""Write schema objects back to text, and read them out of the database.

The text written here is the canonical form of a content file: keys in schema
order, empty and unset values left out, markdown in literal blocks. A file in
canonical form survives load then export byte for byte.
"""

from decimal import Decimal

import yaml

from ..models import ProCon, Section
from . import block_yaml
from .key_facts import WORK_LIFE_FIELDS, facts_from_role
from .old_slugs import old_slugs_of
from .schema import Catalog, FrontMatter, RoleDocument, item_schema
from .store import CATALOG_MODELS, ITEM_LISTS, RUNG_FIELDS, equivalence_entries
from .yaml_speed import QuickEmitter


class CanonicalDumper(QuickEmitter, yaml.SafeDumper):
    pass


def _represent_decimal(dumper, value):
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_float(float(value.normalize()))


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


CanonicalDumper.add_representer(Decimal, _represent_decimal)
CanonicalDumper.add_representer(str, _represent_str)


def compact(value):
    """Drop what the file leaves out: None, False, empty lists and mappings."""
    if isinstance(value, dict):
        pairs = ((key, compact(item)) for key, item in value.items())
        return {key: item for key, item in pairs if item not in (None, False, [], {})}
    if isinstance(value, list):
        return [compact(item) for item in value]
    return value


def dump_yaml(data):
    data = compact(data)
    try:
        return block_yaml.dump(data)
    except block_yaml.Unsupported:
        pass
    return yaml.dump(
        data,
        Dumper=CanonicalDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=float("inf"),  # one value per line: easier to edit and to diff
    )


def document_to_text(document):
    front = dump_yaml(document.front.model_dump(mode="python"))
    labels = dict(Section.Kind.choices)
    body = "\n".join(
        f"## {labels[kind]}\n\n{document.sections[kind]}\n"
        for kind in Section.Kind.values
        if kind in document.sections
    )
    return f"---\n{front}---\n{body}"


def catalog_to_text(catalog):
    return dump_yaml(catalog.model_dump(mode="python"))


# --- database to schema ---------------------------------------------------


def _key(source):
    return source.key if source else None


def _blank_to_none(value):
    return value if value not in ("", None) else None


def catalog_from_db():
    lists = {}
    for list_name, model in CATALOG_MODELS.items():
        entry_fields = Catalog.model_fields[list_name].annotation.__args__[0].model_fields
        lists[list_name] = [
            {name: _blank_to_none(getattr(obj, name)) for name in entry_fields}
            for obj in model.objects.order_by("key")
        ]
    return Catalog.model_validate(lists | {"equivalences": equivalence_entries()})


def _key_facts(role):
    facts = facts_from_role(role)
    for values in facts.values():
        values["source"] = _key(values["source"])
        for key, value in values.items():
            values[key] = _blank_to_none(value)
    return facts


def item_to_dict(item, schema):
    """One role item as its file entry: the inverse of store.item_fields."""
    values = {}
    for name in schema.model_fields:
        if name == "role":
            values[name] = item.linked_role.slug if item.linked_role else None
        elif name in RUNG_FIELDS:
            rung = getattr(item, name)
            values[name] = rung.key if rung else None
        elif name == "sources":
            values[name] = [
                {"source": citation.source.key, "note": citation.note}
                if citation.note
                else citation.source.key
                for citation in item.citation_list()
            ]
        elif name == "applies_at":
            values[name] = item.rung_requirements()
        else:
            field = item._meta.get_field(name)
            value = getattr(item, name)
            if field.many_to_many:
                value = sorted(related.key for related in value.all())
            elif field.is_relation:
                value = value.key if value else None
            elif isinstance(value, list):
                value = list(value)
            values[name] = _blank_to_none(value)
    return values


def role_to_document(role):
    """Build the RoleDocument a role's file would hold (role from Role.objects.for_export())."""
    front = {
        "slug": role.slug,
        "old_slugs": old_slugs_of(role),
        "title": role.title,
        "status": role.status,
        "last_reviewed": role.last_reviewed.isoformat() if role.last_reviewed else None,
        "summary": role.summary,
        "alternative_titles": list(role.alternative_titles),
        "key_facts": _key_facts(role),
        "work_life": {
            key: _blank_to_none(getattr(role, field)) for key, field in WORK_LIFE_FIELDS.items()
        }
        | {"source": _key(role.work_life_source)},
    }
    for list_name, model in ITEM_LISTS:
        items = getattr(role, f"{model._meta.model_name}_set").all()
        if model is ProCon:
            items = [item for item in items if item.kind == list_name[:3]]
        schema = item_schema(list_name)
        front[list_name] = [item_to_dict(item, schema) for item in items]
    sections = {section.kind: section.body for section in role.section_set.all()}
    return RoleDocument(front=FrontMatter.model_validate(compact(front)), sections=sections)
