from django.conf import settings
from django.core.management.base import BaseCommand

from roles.content.export import export_content


class Command(BaseCommand):
    help = "Write every role and the shared catalog back to content files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="DIR",
            help="folder to write to (default: the content/ folder)",
        )

    def handle(self, *args, output, verbosity, **options):
        written = export_content(output or settings.CONTENT_DIR)
        if verbosity >= 1:
            self.stdout.write(f"Wrote {len(written)} files.")
        if verbosity >= 2:
            for path in written:
                self.stdout.write(f"  {path}")
