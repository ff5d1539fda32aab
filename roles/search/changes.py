"""Which roles changed since the index's content version, from the writes' cache tags.

Every write stamps the cache tags of what it changed with its transaction's
content version (roles/models/cache_tags.py), and a tag keeps the newest
number. So the tags numbered above the version the index was built from name
everything that changed since: when they are all roles, the index can catch
up by re-indexing those roles, whoever made the changes and however many
there were. A version number is only read once its transaction has committed
(its row stays locked until then), so no change below it is still to come.
"""

import logging

from .. import page_tags
from ..models import CacheTag

logger = logging.getLogger(__name__)


def roles_changed_since(version):
    """The primary keys of the roles changed after version, or None if more than roles did."""
    names = CacheTag.objects.filter(number__gt=version).values_list("name", flat=True)
    try:
        return page_tags.changed_role_ids(names)
    except ValueError:  # a tag this reading does not know: take it for any change
        logger.warning("search index: unreadable cache tags since version %s", version)
        return None
