"""What a page says, as schema.org JSON-LD for search engines and link previews.

Pure functions returning dicts. Every figure is the one the page shows, rounded
the way the page rounds it, and a figure the page does not show is never
added. A role is described as an Occupation: it is a career profile, not a
vacancy, so JobPosting would be false. Each property sits on the type
schema.org defines it for, so a validator reads all of it.
"""

from .formatting import json_number, role_pay_range
from .models import OccupationCode

CONTEXT = "https://schema.org"
DURATIONS = {"year": "P1Y", "month": "P1M", "hour": "PT1H"}  # ISO 8601
UNIT_TEXTS = {"year": "YEAR", "month": "MONTH", "hour": "HOUR"}  # Google's salary units
# The key facts are the site's U.S. figures (other countries' pay is its own list),
# and U.S. dollars are how a figure says so.
COUNTRY_BY_CURRENCY = {"USD": "US"}
ONET_SUMMARY = "https://www.onetonline.org/link/summary/{code}"
# Google's credential categories, matched by the first one a typical-education text names.
EDUCATION_CATEGORIES = [
    ("high school", "high school"),
    ("ged", "high school"),
    ("associate", "associate degree"),
    ("bachelor", "bachelor degree"),
    ("master", "postgraduate degree"),
    ("doctor", "postgraduate degree"),
    ("certificate", "professional certificate"),
]


def breadcrumb_list(crumbs):
    """crumbs: [(name, absolute URL)], Home first, as the visible trail shows them."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


# --- pay: the summary's median and range -------------------------------------


def percentile_source(role):
    """The distribution whose P10, P50 and P90 the key-facts range and median are, if any.

    Only then may the range be called percentiles: a source's "low to high" is
    not its 10th to 90th.
    """
    if role.median_pay is None or role.pay_low is None or role.pay_high_open_ended:
        return None
    series = (role.pay_source_id, role.pay_currency, role.pay_period)
    if series != (role.median_pay_source_id, role.median_pay_currency, role.median_pay_period):
        return None
    figures = (role.pay_low, role.median_pay, role.pay_high)
    return next(
        (
            dist
            for dist in role.paydistribution_set.all()
            if (dist.source_id, dist.currency, dist.period) == series
            and (dist.p10, dist.p50, dist.p90) == figures
        ),
        None,
    )


def median_amount(role, dist=None):
    amount = {
        "@type": "MonetaryAmountDistribution",
        "name": "Median pay",
        "currency": role.median_pay_currency,
        "duration": DURATIONS.get(role.median_pay_period),
        "median": json_number(role.median_pay),
    }
    if dist is not None:
        amount["name"] = "Median pay, with the 10th and 90th percentiles"
        amount["percentile10"] = json_number(dist.p10)
        amount["percentile90"] = json_number(dist.p90)
    return without_blanks(amount)


def range_amount(role):
    """A source's low and high, not percentiles: a MonetaryAmount whose value is the span.

    MonetaryAmount has no duration; the span's unitText says what it is paid per.
    """
    span = {"@type": "QuantitativeValue", "minValue": json_number(role.pay_low)}
    # An open top ("$70,000+") has no maxValue to state.
    if role.pay_high is not None and not role.pay_high_open_ended:
        span["maxValue"] = json_number(role.pay_high)
    span["unitText"] = UNIT_TEXTS.get(role.pay_period)
    value = without_blanks(span)
    shown = " ".join(filter(None, [role_pay_range(role), role.pay_note]))
    return {
        "@type": "MonetaryAmount",
        "name": "Pay range",
        "currency": role.pay_currency,
        "value": value,
        "description": shown,  # as the page writes it, an open top's "+" included
    }


def estimated_salary(role):
    """The summary's median and range, each stated once, as the source gives them."""
    dist = percentile_source(role)
    amounts = []
    if role.median_pay is not None:
        amounts.append(median_amount(role, dist))
    if role.pay_low is not None and dist is None:
        amounts.append(range_amount(role))
    return amounts


def pay_country(role):
    """The country the summary's pay figures are for, when every one of them says."""
    currencies = {
        currency
        for figure, currency in [
            (role.median_pay, role.median_pay_currency),
            (role.pay_low, role.pay_currency),
        ]
        if figure is not None
    }
    countries = {COUNTRY_BY_CURRENCY.get(currency) for currency in currencies}
    if len(countries) != 1 or None in countries:
        return None
    return {"@type": "Country", "name": countries.pop()}


# --- the occupation ---------------------------------------------------------


def education_requirements(text):
    lowered = text.lower()
    named = [(lowered.find(word), category) for word, category in EDUCATION_CATEGORIES]
    named = sorted((index, category) for index, category in named if index >= 0)
    found = {"@type": "EducationalOccupationalCredential", "description": text}
    if named:
        found["credentialCategory"] = named[0][1]
    return found


def same_as(codes):
    """O*NET's own page for an O*NET-SOC occupation that lists this title: the same job."""
    return [
        ONET_SUMMARY.format(code=code.code)
        for code in codes
        if code.system == OccupationCode.System.ONET and code.match == OccupationCode.Match.EXACT
    ]


def web_page(url, last_reviewed):
    page = {"@type": "WebPage", "@id": url}
    if last_reviewed:
        page["lastReviewed"] = last_reviewed.isoformat()
    return page


def occupation(role, url, page_url):
    """An Occupation for a role from the role page's queryset (everything prefetched).

    url is the role's summary, the occupation's own address; page_url is the page
    it is on. It states what the summary shows: the median, the range and the
    education, with the role's codes to say which occupation it is.
    """
    codes = list(role.occupationcode_set.all())
    found = {
        "@context": CONTEXT,
        "@type": "Occupation",
        "name": role.title,
        "description": role.summary,
        "url": url,
        "mainEntityOfPage": web_page(page_url, role.last_reviewed),
        "alternateName": list(role.alternative_titles),
        # Google reads the O*NET-SOC taxonomy's codes as text; SOC codes are its six-digit part.
        "occupationalCategory": [code.code for code in codes],
        "sameAs": same_as(codes),
        "estimatedSalary": estimated_salary(role),
        "occupationLocation": pay_country(role),
    }
    if role.typical_education:
        found["educationRequirements"] = education_requirements(role.typical_education)
    return without_blanks(found)


def without_blanks(found):
    """A property with nothing to say is left out, not stated empty."""
    return {key: value for key, value in found.items() if value not in ([], "", None)}
