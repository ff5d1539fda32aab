"""The site search's index: what each public page says, in short passages.

Rebuilt from the content (roles/search/index.py), never edited: the content
is the record, this is derived from it. So writing it is not a content change
(no version bump, no page-cache clear), and it is neither exported nor kept in
the admin's history.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

SINGLETON = 1
# PostgreSQL only: the ids of a query's candidates (migration 0017, roles/search/candidates.py).
CANDIDATES_FUNCTION = "roles_search_candidates"


class SearchEntry(models.Model):
    """One passage of a public page, as a reader finds it there.

    `url` is the passage's deep link (page and #section); results are grouped
    by `page_url`. The *_stems fields hold the same texts as Snowball stems,
    for databases without full-text search; `document` is PostgreSQL's
    weighted vector of them (title A, page name B, context C, body D), and
    `heading` the vector of all but the body. `role_pk` says whose
    pages these are, and `digest` sums up the row, so that a refresh rewrites
    only the rows of the roles that changed, and of those only the passages
    that read differently (roles/search/rows.py).
    """

    # Not a foreign key: nothing in the content points at the index, and a
    # deleted role's entries stay until the refresh after its commit removes them.
    role_pk = models.PositiveBigIntegerField(null=True, db_index=True)  # None: a catalog record
    page_url = models.CharField(max_length=300, db_index=True)
    page_title = models.CharField(max_length=300)  # "Production Technician · Pay"
    label = models.CharField(max_length=200)  # what the page is: "Certification", "... profile"
    url = models.CharField(max_length=400)
    title = models.CharField(max_length=300)  # the passage's heading or question
    page_name = models.CharField(max_length=200)  # the page's own name: "Pay", "How to become one"
    context = models.CharField(max_length=600)  # the role's title and other names
    body = models.TextField()
    position = models.PositiveIntegerField()  # order on its page
    boost = models.FloatField(default=1.0)  # a role's own summary outranks a passage naming it
    title_stems = models.TextField()
    page_stems = models.TextField()
    context_stems = models.TextField()
    body_stems = models.TextField()
    document = SearchVectorField(null=True)
    # What a reader sees before the body (title, page name, context), unweighted:
    # the first tier of roles/search/candidates.py.
    heading = SearchVectorField(null=True)
    digest = models.CharField(max_length=32, default="")  # of all the above: roles/search/rows.py

    derived_from_content = True

    class Meta:
        ordering = ["page_url", "position"]
        verbose_name_plural = "search entries"

    def __str__(self):
        return f"{self.page_title} › {self.title}"


class SearchWord(models.Model):
    """A word the index holds, for "did you mean" (its stem says whether a query word is known)."""

    word = models.CharField(max_length=100, unique=True)
    stem = models.CharField(max_length=100, db_index=True)
    count = models.PositiveIntegerField()

    derived_from_content = True

    def __str__(self):
        return self.word


class SearchIndexState(models.Model):
    """Which content version the index was built from; stale when the content moved on."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON)
    content_version = models.PositiveBigIntegerField(default=0)
    built_at = models.DateTimeField(null=True)
    entries = models.PositiveIntegerField(default=0)

    derived_from_content = True

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=SINGLETON), name="one_search_state")
        ]

    def __str__(self):
        return f"search index of content version {self.content_version}"
