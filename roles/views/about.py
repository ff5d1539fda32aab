"""/about/data/: how to reuse the profiles as open data, and on what terms."""

import json

from django.shortcuts import render
from django.urls import reverse

from ..caching import cached_page
from ..models import Role
from ..open_data import LICENCE, ONET_ATTRIBUTION, ONET_CHANGES
from ..page_tags import EVERY_ROLE
from .pages import breadcrumbs

# A shortened file, written out by hand so the page costs no more than one
# query; tests check that its keys are the real file's keys.
EXAMPLE = {
    "url": "https://example.org/roles/production-associate.json",
    "page": "https://example.org/roles/production-associate/",
    "updated_at": "2026-11-21T09:30:00+00:00",
    "license": LICENCE,
    "attribution": {"site": "Manufacturing Career Guide", "onet": ONET_ATTRIBUTION},
    "profile": {
        "slug": "production-associate",
        "title": "Production Associate",
        "key_facts": {
            "median_pay": {
                "amount": 35490,
                "currency": "USD",
                "period": "year",
                "source": "bls-oews-2022-519199",
                "as_of": "2022-05",
            }
        },
        "pay_distributions": [
            {
                "label": "Production Workers, All Other (51-9199), hourly",
                "currency": "USD",
                "period": "hour",
                "p10": 13.23,
                "p50": 17.06,
                "p90": 27.01,
                "source": "bls-oews-2022-519199",
                "as_of": "2022-05",
            }
        ],
        "tools": [{"tool": "conveyors", "note": None}],
    },
    "sections": {"overview": "Production Associates keep manufacturing running. …"},
    "sources": [
        {
            "key": "bls-oews-2022-519199",
            "title": "Occupational Employment and Wage Statistics, May 2022, "
            "51-9199 Production Workers, All Other",
            "publisher": "U.S. Bureau of Labor Statistics",
            "url": "https://www.bls.gov/oes/2022/may/oes519199.htm",
            "date": "2022-05",
            "note": "The closest national pay distribution found for general production work.",
        }
    ],
    "tools": [{"key": "conveyors", "name": "Conveyor systems", "category": "material-handling"}],
    "skills": [
        {"key": "machine-operation", "name": "Machine operation and setup", "kind": "technical"}
    ],
    "certifications": [{"key": "osha-10", "name": "OSHA 10-Hour General Industry"}],
    "equivalences": [
        {
            "tools": ["forklifts-pallet-jacks"],
            "skills": ["forklift-operation"],
            "certifications": ["forklift-operator"],
        }
    ],
}


@cached_page(depends_on=[EVERY_ROLE])
def data(request):
    roles = [
        (role, reverse("roles:json", args=[role.slug]))
        for role in Role.objects.published().only("slug", "title")
    ]
    context = {
        "roles": roles,
        "example": json.dumps(EXAMPLE, indent=2, ensure_ascii=False),
        "licence": LICENCE,
        "onet_attribution": ONET_ATTRIBUTION,
        "onet_changes": ONET_CHANGES,
        "breadcrumbs": breadcrumbs(("About the data", reverse("roles:about-data"))),
    }
    return render(request, "roles/about_data.html", context)
