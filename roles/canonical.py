"""The one address each page is known by.

Query parameters that change what a page shows are kept, in a fixed order;
every other parameter (tracking tags, typos, a ?page= on a page that has no
pages) names the same page and is dropped. A list shown a page at a time
also drops its defaults, so its first page has one address (roles/listing.py).
Link previews, search engines and the page cache all use this address, so
junk query strings cannot multiply a page.
"""

from urllib.parse import urlencode

from . import role_filters
from .catalog import KINDS
from .job_description.customise import PARAMS as JOB_DESCRIPTION_PARAMS
from .listing import ListParams, canonical_pairs
from .skills_check import PARAMS as SKILLS_CHECK_PARAMS

CONTENT_PARAMS = {
    "roles:search": ["q"],
    "roles:compare": ["roles"],
    "roles:job-description": JOB_DESCRIPTION_PARAMS,
    "roles:job-description-txt": JOB_DESCRIPTION_PARAMS,
    "roles:job-description-md": JOB_DESCRIPTION_PARAMS,
    "roles:job-description-docx": JOB_DESCRIPTION_PARAMS,
    "roles:job-posting": JOB_DESCRIPTION_PARAMS,
    "roles:skills-check": SKILLS_CHECK_PARAMS,
}
# Lists shown a page at a time: their choices (with the defaults they drop), then the page.
LIST_PARAMS = {
    "roles:list": ListParams(role_filters.DEFAULTS),
    **{kind.index_url_name: ListParams() for kind in KINDS},
    # A record's page lists the roles using it, a page at a time.
    **{kind.url_name: ListParams() for kind in KINDS},
    # Django's sitemap view numbers the pages of a section ?p=2 (careerguide/urls.py).
    "sitemap-section": ListParams(page="p"),
}


def canonical_query(view_name, query):
    """The meaningful part of a query string, in a fixed order.

    Repeated values (the skills check's ticked boxes) are sorted and de-duplicated,
    so the same selection made in a different order shares one address.
    """
    if view_name in LIST_PARAMS:
        return urlencode(canonical_pairs(LIST_PARAMS[view_name], query))
    pairs = []
    for param in CONTENT_PARAMS.get(view_name, []):
        values = [value.strip() for value in query.getlist(param)]
        values = [value for value in values if value]
        if len(values) > 1:
            values = sorted(set(values))
        pairs += [(param, value) for value in values]
    # Commas stay literal: a comparison's address is ?roles=a,b everywhere on the site.
    return urlencode(pairs, safe=",")


def canonical_url(request):
    match = request.resolver_match
    query = canonical_query(match.view_name if match else "", request.GET)
    return request.build_absolute_uri(f"{request.path}?{query}" if query else request.path)
