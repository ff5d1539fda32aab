from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from roles import workers
from roles.content.errors import ContentErrors
from roles.content.load import load_content
from roles.content_lock import ContentBusy


class Command(BaseCommand):
    help = (
        "Create or update roles from content files (default: the content/ folder). "
        "Every file is checked, and every problem reported; on any problem nothing is "
        "written. Roles with a pending change, and roles deleted in the admin since the "
        "last load or export, are left as they are unless --force."
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
            "(their earlier versions stay in the admin history), discard pending changes "
            "of the roles loaded, and bring back roles deleted in the admin",
        )

    def handle(self, *args, paths, verbosity, force, **options):
        paths = paths or [settings.CONTENT_DIR]
        try:
            # Parsing, and the search index's refresh after the commit, may use workers.
            with workers.allowed():
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
        # Warnings, whatever the verbosity: a file was not loaded as written.
        for notice in report.notices:
            self.stderr.write(str(notice), self.style.WARNING)
        if verbosity >= 1:
            held = sum(notice.held_back for notice in report.notices)
            self.stdout.write(
                f"Roles: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged"
                + (f", {held} not loaded (see the warnings)." if held else ".")
            )
        if verbosity >= 2:
            for label in ("created", "updated", "unchanged"):
                for slug in getattr(report, label):
                    self.stdout.write(f"  {label}: {slug}")
