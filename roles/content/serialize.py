"""Write schema objects back to text, and read them out of the database.

The text written here is the canonical form of a content file: keys in schema
order, empty and unset values left out, markdown in literal blocks. A file in
canonical form survives load then export byte for byte.
"""

from decimal import Decimal

import yaml

from ..models import Role, Section
from .key_facts import WORK_LIFE_FIELDS, facts_from_role
from .schema import Catalog, FrontMatter, RoleDocument
from .store import CATALOG_MODELS


class CanonicalDumper(yaml.SafeDumper):
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
    return yaml.dump(
        compact(data),
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
    return Catalog.model_validate(lists)


ROLE_PREFETCH = [
    "occupationcode_set__source",
    "responsibility_set__source",
    "roletool_set__tool",
    "roleskill_set__skill",
    "roleskill_set__source",
    "rolecertification_set__certification",
    "educationoption_set__source",
    "entrystep_set__source",
    "salaryband_set__source",
    "salaryband_set__rung",
    "paydistribution_set__source",
    "globalpay_set__source",
    "ladderrung_set__source",
    "ladderrung_set__linked_role",
    "ladderrung_set__skills",
    "ladderrung_set__tools",
    "ladderrung_set__certifications",
    "ladderrung_set__salary_bands__source",
    "procon_set__source",
    "faq_set__source",
    "relatedcareer_set__source",
    "relatedcareer_set__linked_role",
    "comparison_set__source",
    "comparison_set__linked_role",
    "topemployer_set__source",
    "section_set",
]
ROLE_SELECT = [
    "median_pay_source",
    "pay_source",
    "growth_source",
    "annual_openings_source",
    "typical_education_source",
    "work_life_source",
]


def roles_for_export():
    return Role.objects.select_related(*ROLE_SELECT).prefetch_related(*ROLE_PREFETCH)


def _key_facts(role):
    facts = facts_from_role(role)
    for values in facts.values():
        values["source"] = _key(values["source"])
        for key, value in values.items():
            values[key] = _blank_to_none(value)
    return facts


def _sourced(item, **fields):
    """The fields every sourced item shares, after its own."""
    fields["source"] = _key(item.source)
    if hasattr(item, "as_of"):
        fields["as_of"] = _blank_to_none(item.as_of)
    return fields


def _money(item, *names):
    return {name: getattr(item, name) for name in names}


def role_to_document(role):
    """Build the RoleDocument a role's file would hold (role from roles_for_export())."""
    procons = list(role.procon_set.all())
    front = {
        "slug": role.slug,
        "title": role.title,
        "status": role.status,
        "last_reviewed": role.last_reviewed.isoformat() if role.last_reviewed else None,
        "summary": role.summary,
        "alternative_titles": list(role.alternative_titles),
        "occupation_codes": [
            _sourced(
                code,
                system=code.system,
                code=code.code,
                title=code.title,
                match=code.match,
                note=_blank_to_none(code.note),
            )
            for code in role.occupationcode_set.all()
        ],
        "key_facts": _key_facts(role),
        "work_life": {
            key: _blank_to_none(getattr(role, field)) for key, field in WORK_LIFE_FIELDS.items()
        }
        | {"source": _key(role.work_life_source)},
        "responsibilities": [
            _sourced(item, text=item.text, area=_blank_to_none(item.area))
            for item in role.responsibility_set.all()
        ],
        "tools": [
            {"tool": item.tool.key, "note": _blank_to_none(item.note)}
            for item in role.roletool_set.all()
        ],
        "skills": [
            _sourced(
                item,
                skill=item.skill.key,
                tier=_blank_to_none(item.tier),
                share=item.share,
                note=_blank_to_none(item.note),
            )
            for item in role.roleskill_set.all()
        ],
        "certifications": [
            {"certification": item.certification.key, "note": _blank_to_none(item.note)}
            for item in role.rolecertification_set.all()
        ],
        "education_options": [
            _sourced(
                item,
                name=item.name,
                duration=_blank_to_none(item.duration),
                **_money(item, "cost_low", "cost_high"),
                currency=_blank_to_none(item.currency),
                note=_blank_to_none(item.note),
            )
            for item in role.educationoption_set.all()
        ],
        "entry_steps": [
            _sourced(
                item,
                title=item.title,
                text=_blank_to_none(item.text),
                duration=_blank_to_none(item.duration),
            )
            for item in role.entrystep_set.all()
        ],
        "salary_bands": [
            _sourced(
                item,
                level=item.level,
                rung=item.rung.key if item.rung else None,
                **_money(item, "min", "max"),
                max_open_ended=item.max_open_ended,
                **_money(item, "median", "average"),
                currency=item.currency,
                period=item.period,
                region=_blank_to_none(item.region),
            )
            for item in role.salaryband_set.all()
        ],
        "pay_distributions": [
            _sourced(
                item,
                label=item.label,
                currency=item.currency,
                period=item.period,
                region=_blank_to_none(item.region),
                **_money(item, *item.PERCENTILES),
            )
            for item in role.paydistribution_set.all()
        ],
        "global_pay": [
            _sourced(
                item,
                country=item.country,
                currency=item.currency,
                **_money(item, "low", "high", "usd_low", "usd_high"),
                period=item.period,
            )
            for item in role.globalpay_set.all()
        ],
        "ladder": [
            _sourced(
                rung,
                key=rung.key,
                title=rung.title,
                years_min=rung.years_min,
                years_max=rung.years_max,
                role=rung.linked_role.slug if rung.linked_role else None,
                summary=_blank_to_none(rung.summary),
                focus=list(rung.focus),
                skills=sorted(skill.key for skill in rung.skills.all()),
                tools=sorted(tool.key for tool in rung.tools.all()),
                certifications=sorted(cert.key for cert in rung.certifications.all()),
            )
            for rung in role.ladderrung_set.all()
        ],
        "pros": [_sourced(item, text=item.text) for item in procons if item.kind == "pro"],
        "cons": [_sourced(item, text=item.text) for item in procons if item.kind == "con"],
        "faqs": [
            _sourced(item, question=item.question, answer=item.answer)
            for item in role.faq_set.all()
        ],
        "related_careers": [
            _sourced(
                item,
                title=item.title,
                role=item.linked_role.slug if item.linked_role else None,
                note=_blank_to_none(item.note),
            )
            for item in role.relatedcareer_set.all()
        ],
        "comparisons": [
            _sourced(
                item,
                title=item.title,
                role=item.linked_role.slug if item.linked_role else None,
                summary=_blank_to_none(item.summary),
                this_role_skills=list(item.this_role_skills),
                other_role_skills=list(item.other_role_skills),
            )
            for item in role.comparison_set.all()
        ],
        "top_employers": [
            _sourced(item, name=item.name, openings=item.openings)
            for item in role.topemployer_set.all()
        ],
    }
    sections = {section.kind: section.body for section in role.section_set.all()}
    return RoleDocument(front=FrontMatter.model_validate(compact(front)), sections=sections)
