from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Career roles"

    def ready(self):
        from .caching import connect_invalidation
        from .search import synonyms  # noqa: F401 - registers its system check

        connect_invalidation()
