"""The recruiter's choices for a job description: a GET form, so its address is the permalink.

The page, its .txt, .md and .docx downloads and its JobPosting data all read
the same parameters through this form, so what the recruiter sees is what the
files and the posting say.
"""

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django import forms

from ..formatting import money, pay_range

MAX_TEXT = 200

# schema.org's JobPosting employmentType values, in the order job boards list them.
EMPLOYMENT_TYPES = [
    ("FULL_TIME", "Full time"),
    ("PART_TIME", "Part time"),
    ("CONTRACTOR", "Contractor"),
    ("TEMPORARY", "Temporary"),
    ("INTERN", "Internship"),
    ("PER_DIEM", "Per diem"),
    ("VOLUNTEER", "Volunteer"),
    ("OTHER", "Other"),
]
PAY_PERIODS = [("hour", "an hour"), ("year", "a year")]
# The form's fields in the order the permalink names them.
PARAMS = [
    "level",
    "company",
    "location",
    "pay_min",
    "pay_max",
    "pay_period",
    "employment_type",
    "shift",
    "duties",
    "duty",
]
# Says the duty boxes were sent: with it, no `duty` at all means none ticked.
DUTIES_CHOSEN = "chosen"


def duty_key(text):
    """A duty's name in a permalink: short, and gone (never another duty) once it is rewritten."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:8]


def one_line(text):
    # A name or place is one line: newlines would break the .txt and .md layouts.
    return re.sub(r"\s+", " ", text).strip()


class OneLineField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_TEXT, required=False, **kwargs)

    def to_python(self, value):
        return one_line(super().to_python(value))


class DutiesField(forms.MultipleChoiceField):
    """The duty boxes. A permalink may name a duty editors have since rewritten:
    the form leaves it out and says so (clean_duty), rather than refusing the link."""

    def validate(self, value):
        pass


class PayField(forms.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            min_value=0,
            max_digits=10,
            decimal_places=2,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 9}),
            error_messages={
                "invalid": "Enter an amount in numbers, such as 18.50 or 42000.",
                "min_value": "Pay cannot be negative.",
                "max_digits": "That amount is too large.",
                "max_decimal_places": "Give at most two decimal places (cents).",
                "max_whole_digits": "That amount is too large.",
            },
            **kwargs,
        )

    def to_python(self, value):
        # "$42,000" is how people write pay: take the symbol and separators off first.
        if isinstance(value, str):
            value = value.strip().lstrip("$").replace(",", "")
        return super().to_python(value)


@dataclass
class DutyChoice:
    key: str
    text: str  # plain text, for the box's label
    chosen: bool


@dataclass
class Choices:
    """The cleaned choices (empty strings and None where the recruiter left a field blank)."""

    level: str = ""
    company: str = ""
    location: str = ""
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    pay_period: str = "hour"
    employment_type: str = ""
    shift: str = ""
    duties: list | None = None  # chosen duty keys, or None for the level's own pick
    query: str = ""  # these choices as a query string, in PARAMS order
    dropped_duties: int = 0  # chosen in the link, no longer in the profile

    @property
    def employment_type_label(self):
        return dict(EMPLOYMENT_TYPES).get(self.employment_type, "")

    @property
    def has_pay(self):
        return self.pay_min is not None or self.pay_max is not None

    @property
    def is_customised(self):
        employer_details = (self.company, self.location, self.employment_type, self.shift)
        return any(employer_details) or self.has_pay or self.duties is not None


class JobDescriptionForm(forms.Form):
    level = forms.ChoiceField(required=False)
    company = OneLineField(label="Company")
    location = OneLineField(label="Location", help_text="City, state or region, country")
    pay_min = PayField(label="Pay from")
    pay_max = PayField(label="Pay to")
    pay_period = forms.ChoiceField(label="Per", choices=PAY_PERIODS, required=False, initial="hour")
    employment_type = forms.ChoiceField(
        label="Employment type", choices=[("", "Not stated"), *EMPLOYMENT_TYPES], required=False
    )
    shift = OneLineField(label="Shift", help_text="For example: Nights, 10 p.m.–6:30 a.m.")
    duties = forms.CharField(required=False, widget=forms.HiddenInput)
    duty = DutiesField(label="Duties", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, data, levels, duties=(), chosen=()):
        """levels: LevelOption; duties: (key, plain text) offered; chosen: keys ticked at first."""
        super().__init__(data)
        self.fields["level"].choices = [("", "All levels")] + [
            (level.key, level.label) for level in levels
        ]
        keys = ", ".join(level.key for level in levels)
        self.fields["level"].error_messages["invalid_choice"] = (
            f"There is no level “%(value)s”. Levels: {keys} (or none, for the whole role)."
        )
        self.fields["duty"].choices = list(duties)
        self.default_duties = list(chosen)

    def clean_duty(self):
        sent = self.cleaned_data["duty"]
        offered = {key for key, _ in self.fields["duty"].choices}
        self.dropped_duties = len(set(sent) - offered)
        return [key for key in dict.fromkeys(sent) if key in offered]

    def clean(self):
        data = super().clean()
        low, high = data.get("pay_min"), data.get("pay_max")
        if low is not None and high is not None and low > high:
            self.add_error("pay_max", "“Pay to” must be at least “Pay from”.")
        if data.get("duties", "") not in ("", DUTIES_CHOSEN):
            self.add_error(None, "The duties field of this address is not one this page sets.")
        elif data.get("duties") == DUTIES_CHOSEN and not data.get("duty"):
            self.add_error("duty", "Tick at least one duty.")
        return data

    def choices(self):
        """The cleaned Choices; call after is_valid()."""
        data = self.cleaned_data
        duties = data["duty"] if data.get("duties") == DUTIES_CHOSEN else None
        choices = Choices(
            level=data.get("level", ""),
            company=data.get("company", ""),
            location=data.get("location", ""),
            pay_min=data.get("pay_min"),
            pay_max=data.get("pay_max"),
            pay_period=data.get("pay_period") or "hour",
            employment_type=data.get("employment_type", ""),
            shift=data.get("shift", ""),
            duties=duties,
            dropped_duties=getattr(self, "dropped_duties", 0),
        )
        choices.query = query_of(choices)
        return choices

    def duty_choices(self, chosen_keys=None):
        """Every duty box, ticked as this description has it."""
        ticked = set(self.default_duties if chosen_keys is None else chosen_keys)
        return [DutyChoice(key, text, key in ticked) for key, text in self.fields["duty"].choices]


def query_of(choices):
    """The permalink's query string: only what differs from the plain description."""
    pairs = [
        (name, value)
        for name, value in [
            ("level", choices.level),
            ("company", choices.company),
            ("location", choices.location),
            ("pay_min", plain_number(choices.pay_min)),
            ("pay_max", plain_number(choices.pay_max)),
            ("pay_period", choices.pay_period if choices.has_pay else ""),
            ("employment_type", choices.employment_type),
            ("shift", choices.shift),
        ]
        if value
    ]
    if choices.duties is not None:
        pairs.append(("duties", DUTIES_CHOSEN))
        pairs += [("duty", key) for key in sorted(choices.duties)]
    return urlencode(pairs)


def plain_number(value):
    """42000 for Decimal('42000.00'), 18.5 for Decimal('18.50'): the shortest exact form."""
    return "" if value is None else format(value.normalize(), "f")


def pay_text(choices, currency="USD"):
    """The employer's own pay line: '$18–$22 an hour', 'from $40,000 a year'."""
    low, high = choices.pay_min, choices.pay_max
    if low is not None and high is not None:
        amount = pay_range(low, high, currency)
    elif low is not None:
        amount = f"from {money(low, currency)}"
    else:
        amount = f"up to {money(high, currency)}"
    return f"{amount} {dict(PAY_PERIODS)[choices.pay_period]}"


@dataclass
class Errors:
    """What the form refused, for the 400 answers of the downloads and the posting data."""

    by_field: dict = field(default_factory=dict)

    @classmethod
    def of(cls, form):
        return cls(
            {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        )

    def as_text(self):
        lines = []
        for name, messages in self.by_field.items():
            where = "" if name == "__all__" else f"{name}: "
            lines += [f"{where}{message}" for message in messages]
        return "\n".join(lines)
