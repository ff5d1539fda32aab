"""One number that goes up with every content write.

Each write's transaction takes the next number and stamps it on the cache tags
of what it changed (roles/models/cache_tags.py); a cached page remembers the
number it was rendered at, so it is stale once any of its tags carries a
higher one. The number is taken in the same transaction as the write, so it
can never run ahead of or behind the content it stands for, and its row lock
orders concurrent writers (roles/content_lock.py).
"""

from django.db import models
from django.db.models import F
from django.utils import timezone

from .cache_tags import EVERYTHING, NOTIFY_CHANNEL, CacheTag

SINGLETON = 1

__all__ = ["NOTIFY_CHANNEL", "SINGLETON", "ContentVersion"]


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
    def advance(cls):
        """Take the next number, for this transaction's writes; returns it."""
        # The row is made by migration 0004; get_or_create covers a table emptied since.
        updated = cls.objects.filter(id=SINGLETON).update(
            number=F("number") + 1, changed_at=timezone.now()
        )
        if not updated:
            cls.objects.get_or_create(id=SINGLETON, defaults={"number": 0})
            return cls.advance()
        return cls.current()

    @classmethod
    def bump(cls, tags=(EVERYTHING,)):
        """Record a write to what tags name (by default everything); returns the new number."""
        number = cls.advance()
        CacheTag.stamp(tags, number)
        return number
