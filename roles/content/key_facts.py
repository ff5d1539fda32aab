"""Where each key fact in a role file lives on the Role model.

One table serves the loader, the exporter and error messages, so the three
cannot disagree about which field holds which figure.
"""

# file group -> {file key: Role field}
KEY_FACT_FIELDS = {
    "median_pay": {
        "amount": "median_pay",
        "currency": "median_pay_currency",
        "period": "median_pay_period",
        "note": "median_pay_note",
        "source": "median_pay_source",
        "as_of": "median_pay_as_of",
    },
    "pay_range": {
        "low": "pay_low",
        "high": "pay_high",
        "open_ended": "pay_high_open_ended",
        "currency": "pay_currency",
        "period": "pay_period",
        "note": "pay_note",
        "source": "pay_source",
        "as_of": "pay_as_of",
    },
    "growth": {
        "percent": "growth_percent",
        "label": "growth_label",
        "period": "growth_period",
        "source": "growth_source",
        "as_of": "growth_as_of",
    },
    "growth_context": {
        "text": "growth_context",
        "source": "growth_context_source",
        "as_of": "growth_context_as_of",
    },
    "annual_openings": {
        "count": "annual_openings",
        "approximate": "annual_openings_approximate",
        "period": "annual_openings_period",
        "source": "annual_openings_source",
        "as_of": "annual_openings_as_of",
    },
    "typical_education": {
        "text": "typical_education",
        "source": "typical_education_source",
        "as_of": "typical_education_as_of",
    },
    "training": {
        "text": "training",
        "source": "training_source",
        "as_of": "training_as_of",
    },
}
WORK_LIFE_FIELDS = {
    "stress": "stress_level",
    "balance": "balance_rating",
    "source": "work_life_source",
}

# Role field -> its place in the front matter, for error messages.
FIELD_LOCATIONS = {
    field: ("key_facts", group, key)
    for group, fields in KEY_FACT_FIELDS.items()
    for key, field in fields.items()
} | {field: ("work_life", key) for key, field in WORK_LIFE_FIELDS.items()}

# Every Role field that names the source of a figure.
ROLE_SOURCE_FIELDS = [
    *(fields["source"] for fields in KEY_FACT_FIELDS.values()),
    WORK_LIFE_FIELDS["source"],
]

EMPTY = (None, "", False)


def empty_value(role_field):
    """What a Role field holds when the file leaves its key out."""
    from ..models import Role

    field = Role._meta.get_field(role_field)
    if field.is_relation or field.null:
        return None
    return field.get_default() if field.has_default() else ""


def facts_from_role(role):
    """The key_facts mapping of a role file, with source objects (not keys) as sources."""
    facts = {}
    for group, fields in KEY_FACT_FIELDS.items():
        values = {key: getattr(role, field) for key, field in fields.items()}
        if any(values[key] not in EMPTY for key in values if key not in ("source", "as_of")):
            facts[group] = values
    return facts
