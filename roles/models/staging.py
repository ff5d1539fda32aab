"""A change an Editor saved to a published role, waiting for a Publisher.

The pending version is a django-reversion Revision that was never applied: it
holds every row of the role as the Editor left it (items, citations, rung
fits), with their primary keys, so the change form, the preview and the
publish step all restore exactly the same rows.
"""

from django.conf import settings
from django.db import models
from reversion.models import Revision

from .role import Role


class PendingChange(models.Model):
    # Not a change to what the public sees: saving one must not empty the page cache.
    derived_from_content = True

    role = models.OneToOneField(Role, models.CASCADE, related_name="pending_change")
    revision = models.OneToOneField(Revision, models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "pending change"

    def __str__(self):
        return f"Pending change to {self.role}"
