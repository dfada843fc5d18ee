from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from verkosto_pages.initial_content.loader import InitialContentLoader


class Command(BaseCommand):
    help = (
        "Build the site tree, the directory and the pages from the network's initial content. "
        "Safe to run again: anything made before is kept as editors left it, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Reset every item to the initial content (pages get a new revision).",
        )

    def handle(self, *args, force=False, **options):
        counts = InitialContentLoader(force=force).run()
        self.stdout.write(
            _("Initial content: %(created)d created, %(updated)d reset, %(kept)d kept as they were.")
            % {"created": counts.created, "updated": counts.updated, "kept": counts.kept}
        )
        for reason in counts.skipped:
            self.stderr.write(self.style.WARNING(_("Skipped %(item)s") % {"item": reason}))
