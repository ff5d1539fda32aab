"""Which roles changed since the index's content version, from the writes' cache tags.

Every write stamps the cache tags of what it changed with its transaction's
content version (roles/models/cache_tags.py), and a tag keeps the newest
number. So the tags numbered above the version the index was built from name
everything that changed since, whoever made the changes and however many
there were. A version number is only read once its transaction has committed
(its row stays locked until then), so no change below it is still to come.

Roles' tags name the roles to re-index. A shared record's tag (a tool renamed,
a source retitled) names the roles whose pages show it: those whose rows point
at it (scope.roles_showing()). Only "*", or a change the tags cannot pin down,
leaves the whole index to rebuild.
"""

import logging

from .. import page_tags
from ..models import CacheTag
from .scope import roles_showing

logger = logging.getLogger(__name__)


def roles_changed_since(version):
    """The primary keys of the roles whose pages changed after version; None: any might have."""
    stamps = dict(CacheTag.objects.filter(number__gt=version).values_list("name", "number"))
    try:
        changed = page_tags.changed_records(stamps)
    except ValueError:  # a tag this reading does not know: take it for any change
        logger.warning("search index: unreadable cache tags since version %s", version)
        return None
    if changed is None:
        return None
    role_ids, records = changed
    return role_ids | roles_showing(records)
