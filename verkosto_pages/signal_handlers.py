"""Keep the search index in step with what the public pages show.

Wagtail indexes a page when its row is saved, which on publishing happens
before the page's member rows are written: the index would hold the old
member list until the next save. Publishing indexes the page again once
everything is saved; a renamed organisation or person reindexes the pages
that list it, so search finds a body by its members' current names.
"""

from django.db.models.signals import post_save
from wagtail.models import Page
from wagtail.search import index
from wagtail.signals import page_published

from .editorial.usage import ROW_USES, pages_naming


def reindex_published_page(sender, instance, **kwargs):
    index.insert_or_update_object(instance)


def reindex_pages_listing(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:  # a new entry is on no page yet
        return
    for page in Page.objects.filter(pk__in=pages_naming(instance)).specific():
        index.insert_or_update_object(page)


def connect():
    page_published.connect(reindex_published_page, dispatch_uid="verkosto_reindex_published")
    for model in ROW_USES:
        post_save.connect(reindex_pages_listing, sender=model, dispatch_uid=f"verkosto_reindex_{model.__name__}")
