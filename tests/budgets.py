"""Query counts every cacheable page shares.

Each anonymous request for a cacheable page first reads the content version
(roles/caching.py): a page-cache hit costs that one query, a miss costs it on
top of the page's own.
"""

CONTENT_VERSION = 1
