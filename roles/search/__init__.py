"""Site search over every public page: roles, their sub-pages and the catalog.

- passages.py: the public pages cut into passages (what is indexed)
- index.py: building the index and keeping it in step with the content, a
  few roles at a time (scope.py: which roles; changes.py: what changed;
  rows.py: writing only the passages that changed; vocabulary.py: the words)
- text.py, synonyms.py, spelling.py, query.py: reading what was typed, with
  the index's words kept per build (lexicon.py)
- candidates.py: which entries are worth scoring, from GIN indexes on PostgreSQL
- matching.py: which entries match and how well, on every database
- results.py: the answer, grouped by page, with the matched words marked
"""

from .query import MAX_QUERY_LENGTH
from .results import find

__all__ = ["MAX_QUERY_LENGTH", "find"]
