"""Model rules, checked twice: by full_clean() and by the database itself."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from roles.models import (
    FAQ,
    PARTIAL_DATE,
    EducationOption,
    GlobalPay,
    LadderRung,
    PayDistribution,
    Responsibility,
    Role,
    RoleSkill,
    SalaryBand,
    Section,
    Skill,
    Source,
)

pytestmark = pytest.mark.django_db

PAY_ORDER = "Pay is out of order: it must be min ≤ median ≤ max."


# --- helpers ------------------------------------------------------------------


@pytest.fixture
def source():
    return Source.objects.create(key="test-source", title="Test data", publisher="Tester")


@pytest.fixture
def role():
    return Role.objects.create(slug="machine-operator", title="Machine Operator", summary="Runs.")


@pytest.fixture
def other_role():
    return Role.objects.create(slug="assembler", title="Assembler", summary="Assembles.")


def clean_errors(instance):
    """full_clean() must fail; return its errors by field."""
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


def assert_database_refuses(instance):
    """A plain save(), which skips clean(), must hit a database constraint."""
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def band(role, source, **figures):
    rung = LadderRung.objects.get_or_create(
        role=role, position=0, key="operator", title="Operator"
    )[0]
    return SalaryBand(role=role, position=0, level="Operator", rung=rung, source=source, **figures)


def distribution(role, source, p10=10, p25=20, p50=30, p75=40, p90=50):
    percentiles = {"p10": p10, "p25": p25, "p50": p50, "p75": p75, "p90": p90}
    return PayDistribution(role=role, position=0, label="All", source=source, **percentiles)


# --- pay in order ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("figures", "field"),
    [
        pytest.param({"min": 50, "max": 40}, "min", id="min-above-max"),
        pytest.param({"min": 50, "median": 45, "max": 60}, "min", id="min-above-median"),
        pytest.param({"min": 30, "median": 50, "max": 40}, "median", id="median-above-max"),
    ],
)
def test_salary_band_pay_out_of_order(role, source, figures, field):
    instance = band(role, source, **figures)

    assert PAY_ORDER in clean_errors(instance)[field]
    assert_database_refuses(instance)


def test_salary_band_in_order_is_valid(role, source):
    instance = band(role, source, min=30, median=35, max=40, average=36)

    instance.full_clean()
    instance.save()

    assert SalaryBand.objects.get().median == Decimal("35")


def test_pay_distribution_percentiles_out_of_order(role, source):
    instance = distribution(role, source, p25=35)  # above P50

    assert "Percentiles are out of order" in clean_errors(instance)["p50"][0]
    distribution(role, source).full_clean()  # the same, in order, is fine


def test_role_pay_low_above_high(role, source):
    role.pay_low, role.pay_high = 60000, 50000
    role.pay_source = source

    assert "above the high end" in clean_errors(role)["pay_low"][0]
    assert_database_refuses(role)


# --- no negative figures ----------------------------------------------------------


def negative_band(role, source):
    return band(role, source, min=-1)


def negative_median(role, source):
    return band(role, source, median=-1)


def negative_percentile(role, source):
    return distribution(role, source, p10=-1)


def negative_global_pay(role, source):
    return GlobalPay(role=role, position=0, country="DE", currency="EUR", source=source, low=-1)


def negative_education_cost(role, source):
    return EducationOption(
        role=role, position=0, name="Course", currency="USD", cost_source=source, cost_low=-1
    )


def negative_role_median(role, source):
    role.median_pay, role.median_pay_source = -1, source
    return role


def negative_skill_share(role, source):
    skill = Skill.objects.create(key="welding", name="Welding", kind="technical")
    return RoleSkill(role=role, position=0, skill=skill, share=-1, share_source=source)


def negative_cases():
    return [
        pytest.param(negative_band, "min", id="salary-band-min"),
        pytest.param(negative_median, "median", id="salary-band-median"),
        pytest.param(negative_percentile, "p10", id="pay-distribution-p10"),
        pytest.param(negative_global_pay, "low", id="global-pay-low"),
        pytest.param(negative_education_cost, "cost_low", id="education-cost-low"),
        pytest.param(negative_role_median, "median_pay", id="role-median-pay"),
        pytest.param(negative_skill_share, "share", id="skill-share"),
    ]


@pytest.mark.parametrize(("make", "field"), negative_cases())
def test_negative_figure_fails_validation(role, source, make, field):
    errors = clean_errors(make(role, source))

    assert "Ensure this value is greater than or equal to 0." in errors[field]


@pytest.mark.parametrize(("make", "field"), negative_cases())
def test_negative_figure_is_refused_by_the_database(role, source, make, field):
    assert_database_refuses(make(role, source))


# --- every figure names its source --------------------------------------------------


def role_median_without_source(role):
    role.median_pay = 40000
    return role, "median_pay_source"


def band_without_source(role):
    return band(role, None, min=30000), "source"


def skill_share_without_source(role):
    skill = Skill.objects.create(key="welding", name="Welding", kind="technical")
    return RoleSkill(role=role, position=0, skill=skill, share=7), "share_source"


@pytest.mark.parametrize(
    "make", [role_median_without_source, band_without_source, skill_share_without_source]
)
def test_figure_without_source_is_invalid(role, source, make):
    instance, field = make(role)

    assert field in clean_errors(instance)

    setattr(instance, field, source)
    instance.full_clean()  # with its source the same record is valid


# --- uniqueness ---------------------------------------------------------------------


def test_role_slug_is_unique(role):
    assert_database_refuses(Role(slug=role.slug, title="Other", summary="Other."))


def test_position_is_unique_within_a_role(role):
    Responsibility.objects.create(role=role, position=0, text="Run the line.")

    assert_database_refuses(Responsibility(role=role, position=0, text="Check parts."))


def test_same_position_in_two_roles_is_fine(role, other_role):
    Responsibility.objects.create(role=role, position=0, text="Run the line.")
    Responsibility.objects.create(role=other_role, position=0, text="Check parts.")

    assert Responsibility.objects.filter(position=0).count() == 2


def test_ladder_rung_key_is_unique_in_a_role(role, other_role):
    LadderRung.objects.create(role=role, position=0, key="junior", title="Junior")
    LadderRung.objects.create(role=other_role, position=0, key="junior", title="Junior")

    assert_database_refuses(LadderRung(role=role, position=1, key="junior", title="Again"))


# --- partial dates ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2023", "2023-05", "2023-12-31"])
def test_partial_date_accepts(value):
    PARTIAL_DATE(value)


@pytest.mark.parametrize("value", ["2023-13", "2023-00", "2023-5", "23", "2023-05-32", "May 2023"])
def test_partial_date_rejects(value):
    with pytest.raises(ValidationError):
        PARTIAL_DATE(value)


def test_partial_date_is_checked_on_the_model(role, source):
    instance = band(role, source, min=30000, as_of="2023-13")

    assert "as_of" in clean_errors(instance)


# --- markdown is rendered on save, and made safe --------------------------------------

UNSAFE_MARKDOWN = """**Bold** text.

<script>alert(1)</script>

<img src="x" onerror="alert(2)">

[a link](javascript:alert(3))
"""


def saved_section(role):
    section = Section.objects.create(role=role, kind=Section.Kind.OVERVIEW, body=UNSAFE_MARKDOWN)
    return Section.objects.get(pk=section.pk).body_html


def saved_faq(role):
    faq = FAQ.objects.create(role=role, position=0, question="Safe?", answer=UNSAFE_MARKDOWN)
    return FAQ.objects.get(pk=faq.pk).answer_html


@pytest.mark.parametrize("saved_html", [saved_section, saved_faq])
def test_markdown_is_rendered_on_save(role, saved_html):
    html = saved_html(role)

    assert "<strong>Bold</strong>" in html
    assert ">a link</a>" in html


@pytest.mark.parametrize("saved_html", [saved_section, saved_faq])
@pytest.mark.parametrize("unsafe", ["<script", "alert(1)", "onerror", "javascript:"])
def test_markdown_html_is_sanitized(role, saved_html, unsafe):
    assert unsafe not in saved_html(role)
