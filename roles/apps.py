from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Career roles"

    def ready(self):
        from django.db.models.signals import post_delete

        from .caching import connect_invalidation
        from .models import PendingChange
        from .search import synonyms  # noqa: F401 - registers its system check
        from .staging import drop_pending_revision

        connect_invalidation()
        post_delete.connect(
            drop_pending_revision, sender=PendingChange, dispatch_uid="drop-pending-revision"
        )
