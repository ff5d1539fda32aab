from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Career roles"

    def ready(self):
        from .caching import connect_invalidation

        connect_invalidation()
