"""What a page says, as schema.org JSON-LD for search engines and link previews.

Pure functions returning dicts. Every figure is the one the page shows, rounded
the way the page rounds it, and a figure the page does not show is never
added. A role is described as an Occupation: it is a career profile, not a
vacancy, so JobPosting would be false.
"""

from .formatting import json_number, plain_text, role_pay_range
from .models import PayPeriod

CONTEXT = "https://schema.org"
DURATIONS = {"year": "P1Y", "month": "P1M", "hour": "PT1H"}  # ISO 8601
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


# --- pay ------------------------------------------------------------------


def median_distribution(name, currency, period, median, percentiles=()):
    amount = {
        "@type": "MonetaryAmountDistribution",
        "name": name,
        "currency": currency,
        "duration": DURATIONS[period],
        "median": json_number(median),
    }
    amount |= {f"percentile{number}": json_number(value) for number, value in percentiles}
    return amount


def from_distribution(dist):
    percentiles = [(10, dist.p10), (25, dist.p25), (75, dist.p75), (90, dist.p90)]
    return median_distribution(dist.label, dist.currency, dist.period, dist.p50, percentiles)


def same_series(dist, source_id, currency, period):
    return (dist.source_id, dist.currency, dist.period) == (source_id, currency, period)


def pay_range_amount(role):
    """The key facts' range. It is a span, not percentiles, so it is a plain MonetaryAmount;
    MonetaryAmount has no duration, so the period is in its name."""
    per = dict(PayPeriod.choices).get(role.pay_period, "")
    amount = {"@type": "MonetaryAmount", "name": f"Pay range, {per}" if per else "Pay range"}
    amount |= {"currency": role.pay_currency, "minValue": json_number(role.pay_low)}
    # An open top ("$70,000+") has no maxValue to state.
    if role.pay_high is not None and not role.pay_high_open_ended:
        amount["maxValue"] = json_number(role.pay_high)
    shown = role_pay_range(role, period=False)
    amount["description"] = " ".join(filter(None, [f"{shown} {per}.", role.pay_note]))
    return amount


def estimated_salary(role):
    """The key facts' median and range, and each P10-P90 distribution, each stated once.

    A key-facts figure that is a distribution's own median or P10-P90 span (same
    source, currency and period) is already in that distribution.
    """
    dists = list(role.paydistribution_set.all())
    amounts = [from_distribution(dist) for dist in dists]
    if role.median_pay is not None and not any(
        same_series(dist, role.median_pay_source_id, role.median_pay_currency,
                    role.median_pay_period) and dist.p50 == role.median_pay
        for dist in dists
    ):  # fmt: skip
        median = median_distribution(
            "Median pay", role.median_pay_currency, role.median_pay_period, role.median_pay
        )
        amounts.insert(0, median)
    if role.pay_low is not None and not any(
        same_series(dist, role.pay_source_id, role.pay_currency, role.pay_period)
        and (dist.p10, dist.p90) == (role.pay_low, role.pay_high)
        and not role.pay_high_open_ended
        for dist in dists
    ):
        amounts.append(pay_range_amount(role))
    return amounts


# --- the occupation ---------------------------------------------------------


def category_code(code):
    return {
        "@type": "CategoryCode",
        "codeValue": code.code,
        "name": code.title,
        "inCodeSet": {"@type": "CategoryCodeSet", "name": code.system},
    }


def credential(certification):
    found = {
        "@type": "EducationalOccupationalCredential",
        "name": certification.name,
        "credentialCategory": "certification",
    }
    if certification.issuer:
        found["recognizedBy"] = {"@type": "Organization", "name": certification.issuer}
    return found


def education_requirements(text):
    lowered = text.lower()
    named = [(lowered.find(word), category) for word, category in EDUCATION_CATEGORIES]
    named = sorted((index, category) for index, category in named if index >= 0)
    found = {"@type": "EducationalOccupationalCredential", "description": text}
    if named:
        found["credentialCategory"] = named[0][1]
    return found


def experience_requirements(rungs):
    """From the first rung that is a level of the role itself, when it says how many years."""
    first = next((rung for rung in rungs if rung.role_level), None)
    if first is None or not first.years_label:
        return None
    return {
        "@type": "OccupationalExperienceRequirements",
        # The page reads a missing first year as 0 ("0–2 years"), and so does this.
        "monthsOfExperience": (first.years_min or 0) * 12,
        "description": f"{first.title}: {first.years_label}",
    }


def occupation(role, url):
    """An Occupation for a role from the role page's queryset (everything prefetched)."""
    found = {
        "@context": CONTEXT,
        "@type": "Occupation",
        "name": role.title,
        "description": role.summary,
        "url": url,
        "alternateName": list(role.alternative_titles),
        "occupationalCategory": [category_code(code) for code in role.occupationcode_set.all()],
        "estimatedSalary": estimated_salary(role),
        "skills": [link.skill.name for link in role.roleskill_set.all()],
        "responsibilities": [plain_text(item.text_html) for item in role.responsibility_set.all()],
        "qualifications": [
            credential(link.certification) for link in role.rolecertification_set.all()
        ],
    }
    if role.typical_education:
        found["educationRequirements"] = education_requirements(role.typical_education)
    experience = experience_requirements(role.ladderrung_set.all())
    if experience:
        found["experienceRequirements"] = experience
    return {key: value for key, value in found.items() if value not in ([], "")}
