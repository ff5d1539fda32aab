"""What the role list can be narrowed and ordered by: /roles/?education=…&pay=…&outlook=…&sort=…

Each filter offers a few choices in a job seeker's terms and reads the role's
own figures in SQL, so it narrows the query and not just the page:

- education: the education to enter, at most the level chosen. The figure is
  the source's words, so its level is the lowest credential they name ("High
  school diploma; many employers prefer post-secondary training" needs a
  diploma); words that name none leave the role out of every education choice.
- pay: the median pay as a yearly figure in US dollars (an hourly figure at
  2,080 hours, a monthly one times twelve); other currencies are left out.
- outlook: the projected job growth, by its figure. A growth category is the
  source's own words (templates/includes/role_growth.html), so the choices are
  ranges of the figure, not categories of the site's.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Case, Count, DecimalField, F, Q, Value, When

from .formatting import HOURS_A_YEAR
from .listing import BadListQuery, chosen

PER_PAGE = 24  # a grid of two, three or four cards a row fills evenly
# The sources of the card's figures that Role.objects.for_role_list() does not bring.
CARD_SOURCES = ("median_pay_source", "growth_source")
EDUCATION_RANK = "entry_education_rank"
YEARLY_MEDIAN = "yearly_median_usd"

# Lowest first: the first that the words name is the level needed to start.
EDUCATION_WORDS = [
    (0, ["no formal"]),
    (1, ["high school"]),
    (2, ["postsecondary", "post-secondary", "certificate", "vocational"]),
    (3, ["associate's degree", "associate’s degree", "associate degree"]),
    (4, ["bachelor"]),
    (5, ["master", "doctor", "professional degree"]),
]


def education_rank():
    whens = [When(words_named(words), then=Value(rank)) for rank, words in EDUCATION_WORDS]
    return Case(*whens, default=None)


def words_named(words):
    found = Q()
    for word in words:
        found |= Q(typical_education__icontains=word)
    return found


def yearly_median():
    usd = Q(median_pay_currency="USD")
    yearly = [("year", 1), ("hour", HOURS_A_YEAR), ("month", 12)]
    return Case(
        *(
            When(usd & Q(median_pay_period=period), then=F("median_pay") * times)
            for period, times in yearly
        ),
        default=None,
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def with_figures(roles):
    """Roles with the figures the filters and the sort read (EDUCATION_RANK, YEARLY_MEDIAN)."""
    return roles.annotate(**{EDUCATION_RANK: education_rank(), YEARLY_MEDIAN: yearly_median()})


@dataclass(frozen=True)
class Choice:
    value: str  # in the address
    label: str  # in the form
    condition: Q


@dataclass(frozen=True)
class Filter:
    param: str
    label: str  # the select's label
    hint: str  # what it reads, under the label
    any_label: str  # the choice that filters nothing
    choices: tuple

    def choice(self, value):
        return next((choice for choice in self.choices if choice.value == value), None)


def education_up_to(rank):
    return Q(**{f"{EDUCATION_RANK}__lte": rank})


def between(figure, low=None, high=None):
    """figure known, from low (included) up to high (left out)."""
    found = Q(**{f"{figure}__isnull": False})
    if low is not None:
        found &= Q(**{f"{figure}__gte": low})
    if high is not None:
        found &= Q(**{f"{figure}__lt": high})
    return found


EDUCATION = Filter(
    "education",
    "Education needed",
    "What it takes to start, per the role's source.",
    "Any education",
    (
        Choice("none", "No diploma needed", education_up_to(0)),
        Choice("high-school", "High school diploma or less", education_up_to(1)),
        Choice("certificate", "Post-secondary certificate or less", education_up_to(2)),
        Choice("associate", "Associate's degree or less", education_up_to(3)),
        Choice("bachelor", "Bachelor's degree or less", education_up_to(4)),
    ),
)
PAY = Filter(
    "pay",
    "Median pay",
    "A year, in US dollars; hourly figures at 2,080 hours.",
    "Any pay",
    (
        Choice("under-40k", "Under $40,000", between(YEARLY_MEDIAN, high=40000)),
        Choice("40k-55k", "$40,000 to $54,999", between(YEARLY_MEDIAN, 40000, 55000)),
        Choice("55k-70k", "$55,000 to $69,999", between(YEARLY_MEDIAN, 55000, 70000)),
        Choice("70k-85k", "$70,000 to $84,999", between(YEARLY_MEDIAN, 70000, 85000)),
        Choice("85k-plus", "$85,000 or more", between(YEARLY_MEDIAN, low=85000)),
    ),
)
OUTLOOK = Filter(
    "outlook",
    "Projected job growth",
    "The source's figure for the next ten years or so.",
    "Any outlook",
    (
        Choice("shrinking", "Below 0% (fewer jobs)", between("growth_percent", high=0)),
        Choice("under-5", "0% to 4.9%", between("growth_percent", 0, 5)),
        Choice("5-plus", "5% or more", between("growth_percent", low=5)),
    ),
)
FILTERS = (EDUCATION, PAY, OUTLOOK)


@dataclass(frozen=True)
class Sort:
    value: str
    label: str
    order: tuple


SORT_PARAM = "sort"
SORTS = (
    # The title and then the id break ties, so a page never shares a row with the next.
    Sort("name", "Name, A to Z", ("title", "pk")),
    Sort(
        "pay", "Median pay, highest first", (F(YEARLY_MEDIAN).desc(nulls_last=True), "title", "pk")
    ),
    Sort(
        "outlook",
        "Job growth, highest first",
        (F("growth_percent").desc(nulls_last=True), "title", "pk"),
    ),
)
DEFAULT_SORT = SORTS[0]

# For roles/canonical.py: every parameter but the page, with the value it has when left out.
DEFAULTS = {**{item.param: "" for item in FILTERS}, SORT_PARAM: DEFAULT_SORT.value}


@dataclass(frozen=True)
class FormField:
    """One filter as the form shows it: its choices, the one selected, what was wrong with it."""

    filter: Filter
    selected: str
    problem: str = ""


@dataclass(frozen=True)
class Loosening:
    """Dropping one chosen filter: how many roles match the others, and the address."""

    filter: Filter
    choice: Choice
    matches: int
    url_query: str


@dataclass(frozen=True)
class Applied:
    """One filter in use, as the summary above the results names it, and the list without it."""

    filter: Filter
    choice: Choice
    without_query: str


@dataclass
class RoleListChoice:
    """The filters and the sort an address asks for."""

    chosen: dict  # {param: Choice}, the filters in use only
    sort: Sort

    @property
    def is_filtered(self):
        return bool(self.chosen)

    @property
    def applied_count(self):
        """How many filters narrow the list; the sort narrows nothing, so it is not one."""
        return len(self.chosen)

    @property
    def is_sorted(self):
        """Ordered other than by name, as the summary above the results then says."""
        return self.sort is not DEFAULT_SORT

    def applied(self):
        """Each filter in use, with the address of the list without it (the order kept)."""
        return [
            Applied(FILTERS_BY_PARAM[param], choice, self.query(leave_out=(param,)))
            for param, choice in self.chosen.items()
        ]

    def pairs(self, leave_out=()):
        """The canonical query without the page, and without the filters named in leave_out."""
        pairs = [
            (param, choice.value) for param, choice in self.chosen.items() if param not in leave_out
        ]
        if self.sort is not DEFAULT_SORT:
            pairs.append((SORT_PARAM, self.sort.value))
        return pairs

    def form(self, problems=()):
        """What the form shows: each filter and the sort as chosen, a problem at its field."""
        said = {problem.param: problem.message for problem in problems}
        fields = [
            FormField(item, self.selected(item.param), said.get(item.param, "")) for item in FILTERS
        ]
        return {
            "fields": fields,
            "sorts": SORTS,
            "sort": self.sort.value,
            "sort_problem": said.get(SORT_PARAM, ""),
            # The filters cleared, the order kept.
            "unfiltered_query": urlencode(self.pairs(leave_out=tuple(self.chosen))),
        }

    def selected(self, param):
        choice = self.chosen.get(param)
        return choice.value if choice else ""

    def roles(self, roles):
        """roles narrowed and ordered as chosen, with the figures the cards show."""
        found = with_figures(roles)
        for choice in self.chosen.values():
            found = found.filter(choice.condition)
        return found.order_by(*self.sort.order)

    def loosenings(self, roles):
        """For a choice nothing matches: each filter in use, with what matches without it.

        One query, a count per filter; most matches first.
        """
        counts = with_figures(roles).aggregate(
            **{param: Count("pk", filter=self.others(param)) for param in self.chosen}
        )
        found = [
            Loosening(
                FILTERS_BY_PARAM[param], choice, counts[param], self.query(leave_out=(param,))
            )
            for param, choice in self.chosen.items()
        ]
        return sorted(found, key=lambda loosening: -loosening.matches)

    def others(self, param):
        found = Q(pk__isnull=False)  # matches every role: a Q() would make no filter at all
        for other, choice in self.chosen.items():
            if other != param:
                found &= choice.condition
        return found

    def query(self, leave_out=()):
        return urlencode(self.pairs(leave_out))


FILTERS_BY_PARAM = {item.param: item for item in FILTERS}


def read(query):
    """(RoleListChoice, problems) from a query string; problems are BadListQuerys.

    The choice keeps what was valid, so a 400 still shows the rest of the form as chosen.
    """
    problems, found = [], {}
    for item in FILTERS:
        try:
            value = chosen(query, item.param)
        except BadListQuery as bad:
            problems.append(bad)
            continue
        if value and item.choice(value) is None:
            problems.append(BadListQuery(item.param, unknown(item.label, value)))
        elif value:
            found[item.param] = item.choice(value)
    sort = DEFAULT_SORT
    try:
        value = chosen(query, SORT_PARAM, DEFAULT_SORT.value)
        sort = next(option for option in SORTS if option.value == value)
    except BadListQuery as bad:
        problems.append(bad)
    except StopIteration:
        problems.append(BadListQuery(SORT_PARAM, unknown("Sort by", value)))
    return RoleListChoice(found, sort), problems


def unknown(label, value):
    return f"“{value}” is not one of the choices for {label.lower()}: pick one from the list."
