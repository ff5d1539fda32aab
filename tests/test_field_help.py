"""Every field whose meaning is not plain from its name says what it means, in the admin."""

import pytest
from django.apps import apps
from django.db import models
from django.utils.html import escape

from roles.line_endings import MarkdownField
from roles.models import Citation, PayPeriod, Role, Source

# A citation is edited as a line of its item's "Sources" box, which has its own help.
NOT_EDITED_AS_FIELDS = {Citation}


def roles_fields():
    for model in apps.get_app_config("roles").get_models():
        if model in NOT_EDITED_AS_FIELDS:
            continue
        for field in model._meta.get_fields():
            if field.concrete and not field.auto_created:
                yield f"{model.__name__}.{field.name}", field


FIELDS = dict(roles_fields())


def fields_where(test):
    return [name for name, field in FIELDS.items() if test(field)]


def is_source(field):
    return isinstance(field, models.ForeignKey) and field.related_model is Source


def is_as_of(field):
    return field.name.endswith("as_of")


def is_currency(field):
    return field.name.endswith("currency")


def is_pay_period(field):
    return field.choices is not None and list(field.choices) == list(PayPeriod.choices)


RULES = {
    "source": (is_source, ["Sources", "Type part of its key"]),
    "as of": (is_as_of, ["YYYY, YYYY-MM or YYYY-MM-DD", "not the day you typed it in"]),
    "currency": (is_currency, ["Three capital letters"]),
    "pay period": (is_pay_period, ["a year, a month or an hour"]),
    "markdown": (lambda field: isinstance(field, MarkdownField), ["https://", "(/…)", "refused"]),
}


@pytest.mark.parametrize("rule", RULES)
def test_every_field_of_a_kind_explains_itself(rule):
    test, phrases = RULES[rule]
    names = fields_where(test)
    assert len(names) >= 4, names  # the rule finds the fields it is about
    unexplained = [
        name for name in names if not all(phrase in FIELDS[name].help_text for phrase in phrases)
    ]
    assert unexplained == []


@pytest.mark.parametrize(
    "low, high",
    [
        ("Role.pay_low", "Role.pay_high"),
        ("SalaryBand.min", "SalaryBand.max"),
        ("GlobalPay.low", "GlobalPay.high"),
        ("EducationOption.cost_low", "EducationOption.cost_high"),
    ],
)
def test_each_range_says_its_low_end_may_not_pass_its_high_end(low, high):
    assert "may not be above" in FIELDS[low].help_text
    assert "may not be below" in FIELDS[high].help_text


@pytest.mark.parametrize("name", ["Role.pay_high_open_ended", "SalaryBand.max_open_ended"])
def test_the_open_ended_flag_says_what_it_shows(name):
    assert "with a + after it" in FIELDS[name].help_text


def test_slug_and_status_say_what_they_do():
    slug, status = Role._meta.get_field("slug"), Role._meta.get_field("status")
    assert (
        "/roles/press-setter/" in slug.help_text and "old address keeps working" in slug.help_text
    )
    assert "hidden from the public" in status.help_text and "Publishers" in status.help_text


def test_the_role_editor_shows_the_help(admin_client, loaded):
    role = Role.objects.get(slug="press-technician")
    html = admin_client.get(f"/admin/roles/role/{role.pk}/change/").content.decode()
    for field in ("slug", "status", "pay_as_of"):
        # The admin shows help text as it is, unescaped: none has markup to escape.
        help_text = Role._meta.get_field(field).help_text
        assert escape(help_text) == help_text.replace("'", "&#x27;")
        assert help_text in html.replace("&#x27;", "'"), field


def test_no_help_text_holds_markup():
    # The admin puts help text into the page as HTML: a "<" would start a tag.
    marked = [name for name, field in FIELDS.items() if set("<>&") & set(str(field.help_text))]
    assert marked == []
