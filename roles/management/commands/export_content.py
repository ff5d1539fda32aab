from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from roles.content.export import export_content


class Command(BaseCommand):
    help = (
        "Write every role and the shared catalog back to content files: the published "
        "content, never a pending change. The file of a role renamed or deleted in the "
        "admin is removed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="DIR",
            help="folder to write to (default: the content/ folder)",
        )

    def handle(self, *args, output, verbosity, **options):
        target = Path(output or settings.CONTENT_DIR).resolve()
        # Only the versioned copy in content/ is what a later load_content is compared with.
        is_content_dir = target == Path(settings.CONTENT_DIR).resolve()
        written, removed = export_content(target, record_sync=is_content_dir)
        if verbosity >= 1:
            self.stdout.write(f"Wrote {len(written)} files, removed {len(removed)}.")
        if verbosity >= 2:
            for path in written:
                self.stdout.write(f"  wrote {path}")
            for path in removed:
                self.stdout.write(f"  removed {path} (the role was renamed or deleted)")
