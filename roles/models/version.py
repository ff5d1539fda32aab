"""One number that changes with every content write.

The page cache puts it in every key, so a page rendered before the last write
is never served again, whatever a cache server remembered through an outage,
and whichever process (or command-line load_content) made the write. It is
bumped in the same transaction as the write, so it can never run ahead of or
behind the content it stands for.
"""

from django.db import connection, models
from django.db.models import F
from django.utils import timezone

SINGLETON = 1
# PostgreSQL tells every listening process of each committed bump (roles/version_watch.py).
NOTIFY_CHANNEL = "careerguide_content_version"


class ContentVersion(models.Model):
    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON)
    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=SINGLETON), name="one_row")]

    def __str__(self):
        return f"content version {self.number}"

    @classmethod
    def current(cls):
        return cls.objects.filter(id=SINGLETON).values_list("number", flat=True).first() or 0

    @classmethod
    def bump(cls):
        # The row is made by migration 0004; get_or_create covers a table emptied since.
        updated = cls.objects.filter(id=SINGLETON).update(
            number=F("number") + 1, changed_at=timezone.now()
        )
        if not updated:
            cls.objects.get_or_create(id=SINGLETON, defaults={"number": 1})
        if connection.vendor == "postgresql":
            # Delivered when this transaction commits, and not at all if it rolls back.
            with connection.cursor() as cursor:
                cursor.execute(f"NOTIFY {NOTIFY_CHANNEL}")
