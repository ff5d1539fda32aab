"""schema.org JobPosting data for a recruiter's own posting page, from a customised description.

The site's own pages never carry this markup: a career guide is not hiring.
Google's required properties (title, description, datePosted,
hiringOrganization, jobLocation) need the recruiter's company and location;
without them there is no posting, and MissingForPosting says what to add.
"""

import json
from datetime import timedelta

from django.template.loader import render_to_string

from ..formatting import JSON_SCRIPT_ESCAPES
from .customise import plain_number

# How long a posting stays up unless the recruiter changes it: job boards drop
# postings without an end date after about this long anyway.
VALID_FOR = timedelta(days=30)
UNIT_TEXT = {"hour": "HOUR", "year": "YEAR"}
# A location given without a country, on a site whose figures are for the United States.
DEFAULT_COUNTRY = "US"


class MissingForPosting(Exception):
    def __init__(self, fields):
        self.fields = fields
        names = " and ".join(fields)
        super().__init__(f"A job posting needs the employer's {names}: add {names} to the form.")


def postal_address(location):
    """'Dayton, OH' -> locality and region; a third part is the country, any before them the street.

    "Unit 4, Park Road, Dayton, OH, US" -> street "Unit 4, Park Road", then Dayton, OH, US.
    """
    parts = [part.strip() for part in location.split(",") if part.strip()]
    street, place = parts[:-3], parts[-3:]
    address = {"@type": "PostalAddress"}
    if street:
        address["streetAddress"] = ", ".join(street)
    keys = ["addressLocality", "addressRegion", "addressCountry"]
    address.update(zip(keys, place, strict=False))
    address.setdefault("addressCountry", DEFAULT_COUNTRY)
    return address


def base_salary(choices, currency):
    value = {"@type": "QuantitativeValue", "unitText": UNIT_TEXT[choices.pay_period]}
    if choices.pay_min is not None:
        value["minValue"] = float(plain_number(choices.pay_min))
    if choices.pay_max is not None:
        value["maxValue"] = float(plain_number(choices.pay_max))
    return {"@type": "MonetaryAmount", "currency": currency, "value": value}


def asked_text(lines):
    return "; ".join(f"{line.label}: {line.text}" for line in lines)


def job_posting(description, date_posted):
    """The JobPosting of a description (with company and location chosen) posted on date_posted."""
    choices = description.choices
    missing = [name for name in ("company", "location") if not getattr(choices, name)]
    if missing:
        raise MissingForPosting(missing)
    currency = description.role.pay_currency or "USD"
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": description.title,
        # Google reads HTML here: paragraphs and lists, every value escaped.
        "description": render_to_string("roles/job_posting_description.html", {"jd": description}),
        "datePosted": date_posted.isoformat(),
        "validThrough": (date_posted + VALID_FOR).isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": choices.company},
        "jobLocation": {"@type": "Place", "address": postal_address(choices.location)},
        "industry": "Manufacturing",
        "responsibilities": " ".join(description.duty_texts),
        "directApply": False,
    }
    if choices.has_pay:
        data["baseSalary"] = base_salary(choices, currency)
    if choices.employment_type:
        data["employmentType"] = choices.employment_type
    if choices.shift:
        data["workHours"] = choices.shift
    if description.required:
        data["qualifications"] = asked_text(description.required)
    experience = [line for line in description.required if line.label == "Experience"]
    if experience:
        data["experienceRequirements"] = experience[0].text
    skills = [line for line in description.required if line.label == "Skills"]
    if skills:
        data["skills"] = skills[0].text
    return data


def posting_json(data):
    """Indented JSON that is safe inside a <script> element as it is, as a posting page puts it."""
    return json.dumps(data, indent=2, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
