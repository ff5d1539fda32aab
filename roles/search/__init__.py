"""Site search over every public page: roles, their sub-pages and the catalog.

- passages.py: the public pages cut into passages (what is indexed)
- index.py: building the index and keeping it in step with the content
- text.py, synonyms.py, spelling.py, query.py: reading what was typed
- matching.py: which entries match and how well, on every database
- results.py: the answer, grouped by page, with the matched words marked
"""

from .query import MAX_QUERY_LENGTH
from .results import find

__all__ = ["MAX_QUERY_LENGTH", "find"]
