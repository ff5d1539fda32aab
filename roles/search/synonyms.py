"""The editors' synonym groups (content/search/synonyms.yaml), read and checked.

A group is a list of terms a searcher may use for one thing; a term is a word
or a short phrase. The file is read when it changes, not per search. A broken
file is reported by `manage.py check` (file and line) and in the log, and the
search carries on without synonyms: worse answers, never an error page.
"""

import logging
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register

from ..content.errors import ContentError
from ..content.parse import decode, load_yaml
from .text import stem, words

logger = logging.getLogger(__name__)

TERM = re.compile(r"^[a-z0-9]+(?:[ '-][a-z0-9]+)*$")
MAX_TERM_WORDS = 4


def synonyms_path():
    return Path(settings.SEARCH_SYNONYMS_FILE)


class Synonyms:
    """Groups of terms, each term a tuple of words."""

    def __init__(self, groups):
        self.groups = tuple(groups)
        self.by_term = {term: group for group in self.groups for term in group}
        # "advancement" belongs where "advance" is: one-word terms by their stem too.
        self.by_stem = {}
        for group in self.groups:
            for term in group:
                if len(term) == 1:
                    self.by_stem.setdefault(stem(term[0]), (term, group))

    def group_of(self, term):
        """The group holding this term (a tuple of words), or None."""
        return self.by_term.get(term)

    def term_like(self, word):
        """The one-word term spelled `word`, or sharing its stem, or None."""
        if (word,) in self.by_term:
            return (word,)
        found = self.by_stem.get(stem(word))
        return found[0] if found else None

    def longest_term_at(self, tokens, start):
        """The longest term of any group that the tokens spell from `start`, or None."""
        for length in range(min(MAX_TERM_WORDS, len(tokens) - start), 0, -1):
            term = tuple(tokens[start : start + length])
            if term in self.by_term:
                return term
        return None


NO_SYNONYMS = Synonyms(())


def parse(path, raw):
    """(Synonyms, errors) for the bytes of a synonyms file."""
    text, errors = decode(str(path), raw)
    if errors:
        return NO_SYNONYMS, errors
    data, lines, errors = load_yaml(str(path), text)
    if errors:
        return NO_SYNONYMS, errors
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        return NO_SYNONYMS, [ContentError(str(path), 1, "expected `groups:`, a list of lists")]
    groups, seen = [], {}
    for index, group in enumerate(data["groups"]):
        line = lines.line_for(("groups", index))
        problem = group_problem(group)
        if problem:
            errors.append(ContentError(str(path), line, f"groups[{index}]: {problem}"))
            continue
        terms = []
        for term in group:
            key = tuple(words(term))
            if key in seen:
                errors.append(
                    ContentError(
                        str(path),
                        line,
                        f"groups[{index}]: {term!r} is already in the group on line {seen[key]}",
                    )
                )
            seen.setdefault(key, line)
            terms.append(key)
        groups.append(tuple(terms))
    return (NO_SYNONYMS, errors) if errors else (Synonyms(tuple(groups)), [])


def group_problem(group):
    if not isinstance(group, list) or len(group) < 2:
        return "a group is a list of at least two terms"
    for term in group:
        if not isinstance(term, str) or not TERM.match(term):
            return f"{term!r} is not a term: write lower-case words, separated by single spaces"
        if len(term.split()) > MAX_TERM_WORDS:
            return f"{term!r} is longer than {MAX_TERM_WORDS} words"
    return None


@lru_cache(maxsize=4)
def _read(path, modified):
    synonyms, errors = parse(path, Path(path).read_bytes())
    for error in errors:
        logger.error("search synonyms: %s", error)
    return synonyms


def current():
    """The synonyms as the file says now; none if it is missing or broken."""
    path = synonyms_path()
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        return NO_SYNONYMS
    return _read(str(path), modified)


def problems():
    """Every problem in the synonyms file."""
    path = synonyms_path()
    if not path.exists():
        return [ContentError(str(path), None, "the search synonyms file is missing")]
    return parse(path, path.read_bytes())[1]


@register()
def check_synonyms(app_configs=None, **kwargs):
    """`manage.py check` (and every manage.py command) names each mistake with its line."""
    return [Warning(str(problem), id="roles.W001") for problem in problems()]
