from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from roles.content.errors import ContentErrors
from roles.content.load import load_content
from roles.content_lock import ContentBusy


class Command(BaseCommand):
    help = (
        "Create or update roles from content files (default: the content/ folder). "
        "Every file is checked first; on any problem nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            metavar="PATH",
            help="content folders or files (catalog.yaml, roles/<slug>.md)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace roles edited in the admin since the last load or export "
            "(their earlier versions stay in the admin history)",
        )

    def handle(self, *args, paths, verbosity, force, **options):
        paths = paths or [settings.CONTENT_DIR]
        try:
            report = load_content(paths, force=force)
        except ContentErrors as problems:
            for error in problems.errors:
                self.stderr.write(str(error))
            count = len(problems.errors)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found; the database was not changed."
            ) from None
        except ContentBusy as busy:
            raise CommandError(f"{busy} The database was not changed.") from None
        if verbosity >= 1:
            self.stdout.write(
                f"Roles: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged."
            )
        if verbosity >= 2:
            for label in ("created", "updated", "unchanged"):
                for slug in getattr(report, label):
                    self.stdout.write(f"  {label}: {slug}")
