"""When each part of the content last changed, for targeted page-cache invalidation.

A cached page records the tags of what it showed (roles/page_tags.py: "role:12",
"tool:5", "role:*" for a list of every role) and the content version it was
rendered at. A write stamps the tags it touches with its transaction's new
content version, in that same transaction, so a page is current exactly when
none of its tags (nor "*", stamped by bulk writes) is newer than the page.
Stamps live in the database, not in Redis: a write made while Redis is down,
or by load_content in another process, still invalidates what it changed.
"""

from django.db import connection, models

# PostgreSQL tells every listening process of each committed stamp (roles/version_watch.py).
NOTIFY_CHANNEL = "careerguide_content_version"
# A NOTIFY payload must stay under 8,000 bytes.
PAYLOAD_LIMIT = 7000
EVERYTHING = "*"


class CacheTag(models.Model):
    name = models.CharField(max_length=100, primary_key=True)
    number = models.PositiveBigIntegerField()

    derived_from_content = True  # a record of a change, not content

    def __str__(self):
        return f"{self.name} changed at content version {self.number}"

    @classmethod
    def stamp(cls, names, number):
        """Mark names as changed at content version number, and announce it at commit."""
        names = sorted(set(names))
        cls.objects.bulk_create(
            [cls(name=name, number=number) for name in names],
            update_conflicts=True,
            unique_fields=["name"],
            update_fields=["number"],
        )
        announce(number, names)

    @classmethod
    def numbers(cls, names):
        """name -> the version it last changed at; 0 for a name never stamped."""
        found = dict(cls.objects.filter(name__in=names).values_list("name", "number"))
        return {name: found.get(name, 0) for name in names}


def announce(number, names):
    """One notification per batch of names, "<number> <name> <name> ...", delivered on commit."""
    if connection.vendor != "postgresql":
        return
    for payload in payloads(number, names):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [NOTIFY_CHANNEL, payload])


def payloads(number, names):
    payload = str(number)
    for name in names:
        if len(payload) + 1 + len(name) > PAYLOAD_LIMIT:
            yield payload
            payload = str(number)
        payload += f" {name}"
    yield payload
