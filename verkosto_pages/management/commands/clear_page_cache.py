"""Make every cached page and API answer a miss, e.g. after a deploy changed the templates."""

from django.core.management.base import BaseCommand

from verkosto_pages import cache


class Command(BaseCommand):
    help = "Empty the server's cache of anonymous pages and API answers."

    def handle(self, *args, **options):
        cache.clear()
        self.stdout.write("Page cache cleared.")
