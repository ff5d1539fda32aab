"""A role's pay figures: salary bands, percentile distributions and pay by country."""

from django.core.exceptions import ValidationError
from django.db import models

from . import help_text as h
from .fields import (
    PayPeriod,
    currency_field,
    money_field,
    non_negative,
    not_above,
    pay_period_field,
    positive_in_role,
)
from .ladder import LadderRung
from .role import RoleItem, Sourced


class SalaryBand(RoleItem, Sourced):
    level = models.CharField(max_length=200)
    rung = models.ForeignKey(
        LadderRung, models.SET_NULL, null=True, blank=True, related_name="salary_bands"
    )
    # A source's level that covers several rungs (seed 002's "Lead / Supervisor")
    # runs from rung through this one, rather than being pinned to one of them.
    through_rung = models.ForeignKey(
        LadderRung, models.SET_NULL, null=True, blank=True, related_name="salary_bands_ending"
    )
    min = money_field(help_text=h.LOW)
    max = money_field(help_text=h.HIGH)
    max_open_ended = models.BooleanField(default=False, help_text=h.OPEN_ENDED)
    median = money_field(help_text="The middle figure; it lies between min and max.")
    average = money_field(help_text="The mean, where the source gives one; between min and max.")
    currency = currency_field(default="USD")
    period = pay_period_field(default=PayPeriod.YEAR)
    region = models.CharField(max_length=100, blank=True)

    class Meta(RoleItem.Meta):
        constraints = [
            positive_in_role("salaryband"),
            not_above("min", "max", name="salaryband_min_not_above_max"),
            not_above("min", "median", name="salaryband_min_not_above_median"),
            not_above("median", "max", name="salaryband_median_not_above_max"),
            *non_negative("salaryband", "min", "max", "median", "average"),
        ]

    def __str__(self):
        return str(self.level)

    def clean(self):
        errors = {}
        if all(value is None for value in [self.min, self.median, self.max, self.average]):
            errors["min"] = "Give at least one of min, max, median or average."
        out_of_order = "Pay is out of order: it must be min ≤ median ≤ max."
        if self.min is not None and any(
            value is not None and self.min > value for value in (self.median, self.max)
        ):
            errors["min"] = out_of_order
        elif None not in (self.median, self.max) and self.median > self.max:
            errors["median"] = out_of_order
        if None not in (self.min, self.average, self.max) and not (
            self.min <= self.average <= self.max
        ):
            errors["average"] = "The average lies outside min to max."
        if self.source_id is None:
            errors["source"] = "A salary figure needs a source."
        if self.rung_id is None:
            # A level on no rung cannot join the pay table that lines sources up by rung.
            errors["rung"] = "Map the level to the ladder rung it is paid at."
        elif self.rung.role_id != self.role_id:
            errors["rung"] = "The rung belongs to another role's ladder."
        if self.through_rung_id:
            errors |= self.span_errors()
        if errors:
            raise ValidationError(errors)

    def span_errors(self):
        through = self.through_rung
        if self.rung_id is None:
            return {"through_rung": "Give the rung the level starts at before the one it ends at."}
        if through.role_id != self.role_id:
            return {"through_rung": "The rung belongs to another role's ladder."}
        if through.position <= self.rung.position:
            return {"through_rung": "The level must end at a rung above the one it starts at."}
        return {}


class PayDistribution(RoleItem, Sourced):
    label = models.CharField(max_length=200)
    currency = currency_field(default="USD")
    period = pay_period_field(default=PayPeriod.YEAR)
    region = models.CharField(max_length=100, blank=True)
    p10 = money_field(help_text=h.PERCENTILE)
    p25 = money_field()
    p50 = money_field()
    p75 = money_field()
    p90 = money_field()

    PERCENTILES = ("p10", "p25", "p50", "p75", "p90")

    class Meta(RoleItem.Meta):
        constraints = [
            positive_in_role("paydistribution"),
            *non_negative("paydistribution", "p10", "p25", "p50", "p75", "p90"),
        ]

    def __str__(self):
        return str(self.label)

    def clean(self):
        values = [getattr(self, name) for name in self.PERCENTILES]
        errors = {}
        if any(value is None for value in values):
            errors["p10"] = "A distribution needs all of P10, P25, P50, P75 and P90."
        elif values != sorted(values):
            errors["p50"] = "Percentiles are out of order: P10 ≤ P25 ≤ P50 ≤ P75 ≤ P90."
        if self.source_id is None:
            errors["source"] = "A pay distribution needs a source."
        if errors:
            raise ValidationError(errors)

    @property
    def percentiles(self):
        return [(name.upper(), getattr(self, name)) for name in self.PERCENTILES]


class GlobalPay(RoleItem, Sourced):
    country = models.CharField(max_length=100)
    currency = currency_field()
    low = money_field(help_text=h.LOW)
    high = money_field(help_text=h.HIGH)
    usd_low = money_field(help_text=h.USD_EQUIVALENT)
    usd_high = money_field(help_text=h.USD_EQUIVALENT)
    period = pay_period_field(default=PayPeriod.YEAR)

    class Meta(RoleItem.Meta):
        verbose_name_plural = "global pay"
        constraints = [
            positive_in_role("globalpay"),
            not_above("low", "high", name="globalpay_low_not_above_high"),
            *non_negative("globalpay", "low", "high", "usd_low", "usd_high"),
        ]

    def __str__(self):
        return str(self.country)

    def clean(self):
        errors = {}
        for low, high in (("low", "high"), ("usd_low", "usd_high")):
            low_value, high_value = getattr(self, low), getattr(self, high)
            if None not in (low_value, high_value) and low_value > high_value:
                errors[low] = "The low figure is above the high figure."
        if self.source_id is None:
            errors["source"] = "Pay figures need a source."
        if errors:
            raise ValidationError(errors)
