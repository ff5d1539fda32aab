"""How many of bench/search_queries.yaml's queries the search answers in its top three.

Run on a database loaded with content/ (load_content content):
    DATABASE_URL=... .venv/bin/python bench/search_quality.py [--show-misses]
It prints the share answered and, for each miss, what came first instead.
"""

import argparse
import os
import sys
from pathlib import Path

import django
import yaml

REPO = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).resolve().parent / "search_queries.yaml"
TOP = 3


def load_queries():
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


def answered(results, answers):
    return any(result.url.startswith(tuple(answers)) for result in results[:TOP])


def measure(find):
    """(answered, total, misses) for every query in the set."""
    queries, misses = load_queries(), []
    for item in queries:
        results = find(item["query"]).results
        if not answered(results, item["answers"]):
            misses.append((item["query"], [result.url for result in results[:TOP]]))
    return len(queries) - len(misses), len(queries), misses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true")
    options = parser.parse_args()
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    django.setup()
    from django.db import connection

    from roles.search import find

    hits, total, misses = measure(find)
    share = f"{hits}/{total} queries answered in the top {TOP} ({hits / total:.0%})"
    print(f"{connection.vendor}: {share}")
    if options.show_misses:
        for query, urls in misses:
            print(f"  miss: {query!r} -> {urls}")


if __name__ == "__main__":
    main()
