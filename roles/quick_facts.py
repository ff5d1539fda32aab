"""The summary's quick facts: each figure in a few words, its source in a footnote.

A job seeker reads the figures first and the provenance after, so the caveats
(whose label a growth category is, that an hourly figure is our conversion)
go to numbered footnotes instead of sitting inside the figures.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .formatting import (
    HOURS_A_YEAR,
    figure_date,
    full_stop,
    money,
    number,
    pay_range,
    per_hour,
    period_suffix,
    signed_percent,
)


@dataclass
class Footnote:
    source: object  # a Source, or None for a note of ours
    as_of: str = ""
    notes: list = field(default_factory=list)

    @property
    def date(self):
        return figure_date(self.source, self.as_of) if self.source else ""


@dataclass
class QuickFact:
    key: str  # also the icon's name
    label: str
    value: str
    detail: str = ""
    footnote: int = 0  # its number in the footnotes, from 1
    in_words: bool = False  # a fact given as text, not a figure


class QuickFacts:
    """The facts of a role (from Role.objects.for_role_page()) and their footnotes."""

    def __init__(self, role):
        self.facts, self.footnotes = [], []
        for fact in (
            self.median(role),
            self.range(role),
            self.education(role),
            self.training(role),
            self.growth(role),
            self.openings(role),
        ):
            if fact is not None:
                self.facts.append(fact)

    def cite(self, source, as_of="", *notes):
        """The footnote number for source and date, adding notes to it; shared when equal."""
        # Each note a sentence of its own, since a footnote may gather several.
        notes = [full_stop(text) for text in notes if text]
        for number_, note in enumerate(self.footnotes, start=1):
            if note.source == source and note.as_of == as_of:
                note.notes += [text for text in notes if text not in note.notes]
                return number_
        self.footnotes.append(Footnote(source, as_of, notes))
        return len(self.footnotes)

    def median(self, role):
        if role.median_pay is None:
            return None
        amount, currency, period = role.median_pay, role.median_pay_currency, role.median_pay_period
        value = f"{money(amount, currency)}{period_suffix(period)}"
        other = ""
        if period == "year":
            other = f"≈ {money(per_hour(amount), currency)}/hr"
        elif period == "hour":
            other = f"≈ {money(Decimal(amount) * HOURS_A_YEAR, currency)}/yr"
        conversion = (
            "The figure marked ≈ is our conversion at 2,080 working hours a year, not the source's."
            if other
            else ""
        )
        note = self.cite(
            role.median_pay_source, role.median_pay_as_of, role.median_pay_note, conversion
        )
        return QuickFact("median", "Median pay", value, other, note)

    def range(self, role):
        if role.pay_low is None and role.pay_high is None:
            return None
        value = pay_range(
            role.pay_low,
            role.pay_high,
            role.pay_currency,
            role.pay_period,
            role.pay_high_open_ended,
        )
        note = self.cite(role.pay_source, role.pay_as_of, role.pay_note)
        return QuickFact("range", "Typical range", value, footnote=note)

    def education(self, role):
        if not role.typical_education:
            return None
        note = self.cite(role.typical_education_source, role.typical_education_as_of)
        return QuickFact(
            "education", "Education to enter", role.typical_education, footnote=note, in_words=True
        )

    def training(self, role):
        if not role.training:
            return None
        note = self.cite(role.training_source, role.training_as_of)
        return QuickFact(
            "training", "On-the-job training", role.training, footnote=note, in_words=True
        )

    def growth(self, role):
        if role.growth_percent is None:
            return None
        value = signed_percent(role.growth_percent)
        detail = f"over {role.growth_period}" if role.growth_period else ""
        # The label is the source's words, credited to it; the yardstick has its own source.
        label_note = ""
        if role.growth_label:
            publisher = role.growth_source.publisher if role.growth_source else "The source"
            label_note = f"{publisher} calls this “{role.growth_label}”."
        note = self.cite(role.growth_source, role.growth_as_of, label_note)
        if role.growth_context:
            self.cite(role.growth_context_source, role.growth_context_as_of, role.growth_context)
        return QuickFact("growth", "Job outlook", value, detail, note)

    def openings(self, role):
        if role.annual_openings is None:
            return None
        value = (
            f"{'about ' if role.annual_openings_approximate else ''}{number(role.annual_openings)}"
        )
        detail = "a year" + (
            f", projected {role.annual_openings_period}" if role.annual_openings_period else ""
        )
        note = self.cite(role.annual_openings_source, role.annual_openings_as_of)
        return QuickFact("openings", "Openings", value, detail, note)
