"""A role profile as open data: its content file's data, with every record it cites spelled out.

The profile part is exactly what roles/<slug>.md holds (content/README.md
documents it); the records it refers to by key are added in full, so a reader
needs nothing else to use it.
"""

from decimal import Decimal

from django.db.models import Prefetch, Q

from .catalog import KINDS
from .content.schema import Catalog
from .content.serialize import role_to_document
from .content.store import CATALOG_MODELS, equivalence_entries
from .formatting import json_number
from .models import Equivalence
from .page_tags import owner_tag, page_depends_on

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
SITE_ATTRIBUTION = "Manufacturing Career Guide"
ONET_ATTRIBUTION = (
    "O*NET OnLine, U.S. Department of Labor, Employment and Training Administration "
    "(USDOL/ETA), used under CC BY 4.0"
)
ONET_CHANGES = (
    "Only O*NET-SOC codes, occupation titles and sample job titles are used; nothing else "
    "from O*NET appears, and what is used is quoted unchanged."
)


def plain(value):
    """Decimals become JSON numbers (47430, 17.06), not strings; the rest is left as it is."""
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def cited_sources(value):
    """Every source key anywhere in the front matter: `source`, `*_source` and `sources`."""
    if isinstance(value, dict):
        found = {
            item
            for name, item in value.items()
            if (name == "source" or name.endswith("_source")) and isinstance(item, str)
        }
        # A citation without a note is its bare key; one with a note is a mapping.
        found |= {entry for entry in value.get("sources", []) if isinstance(entry, str)}
        return found.union(*(cited_sources(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(cited_sources(item) for item in value))
    return set()


def referenced_keys(front):
    """list name -> keys of the catalog records the role and its ladder name."""
    keys = {"sources": cited_sources(front)}
    for kind in KINDS:
        # A role's `tools` list names each by its `tool` key; a rung lists keys in `tools`.
        keys[kind.plural] = {item[kind.name] for item in front[kind.plural]}
        keys[kind.plural] |= {key for rung in front["ladder"] for key in rung[kind.plural]}
    return keys


def catalog_records(keys):
    """The records, each as catalog.yaml writes it: one query per kind, ordered by key."""
    records = {}
    for list_name, model in CATALOG_MODELS.items():
        fields = list(Catalog.model_fields[list_name].annotation.__args__[0].model_fields)
        rows = model.objects.filter(key__in=keys[list_name]).order_by("key").values("pk", *fields)
        records[list_name] = [{name: row[name] or None for name in fields} for row in rows]
        page_depends_on(*(owner_tag(model, row["pk"]) for row in rows))
    return records


def equivalences_touching(keys):
    """The equivalences naming a record the role names, with their public members only.

    A member only drafts use stays hidden, as on every public page; an
    equivalence left with fewer than two members says nothing and is dropped.
    """
    touching = Q()
    for kind in KINDS:
        touching |= Q(**{f"{kind.plural}__key__in": keys[kind.plural]})
    members = [Prefetch(kind.plural, kind.model.objects.public()) for kind in KINDS]
    rows = Equivalence.objects.filter(touching).distinct().prefetch_related(*members)
    entries = [entry.model_dump() for entry in equivalence_entries(rows)]
    public = [entry for entry in entries if sum(len(entry[kind.plural]) for kind in KINDS) >= 2]
    # As catalog.yaml writes them: no empty lists, no empty note.
    return [{name: value for name, value in entry.items() if value} for entry in public]


def role_data(role, urls):
    """role: from Role.objects.for_open_data(); urls: {"url": this data, "page": the role page}."""
    document = role_to_document(role)
    front = plain(document.front.model_dump(mode="python"))
    keys = referenced_keys(front)
    return {
        **urls,
        "updated_at": role.updated_at.isoformat(),
        "license": LICENCE,
        "attribution": {
            "site": SITE_ATTRIBUTION,
            "onet": ONET_ATTRIBUTION,
            "onet_changes": ONET_CHANGES,
        },
        "profile": front,
        "sections": dict(document.sections),
        **catalog_records(keys),
        "equivalences": equivalences_touching(keys),
    }
