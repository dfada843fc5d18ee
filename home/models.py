"""The site's front page."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from verkosto_pages.api import fields as api
from verkosto_pages.models.mixins import (
    THEMES_PANEL,
    ThemedMixin,
    prefetch_public_links,
    public_pages_in_order,
)
from verkosto_pages.models.relations import PageLink
from verkosto_pages.routing import route_from


class HomePage(ThemedMixin, Page):
    """The front page: what regional preventive work is, its four themes, and shortcuts."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("What the network does, in a few short paragraphs. Separate paragraphs with an empty line."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        THEMES_PANEL,
        InlinePanel("featured_page_links", heading=_("Featured pages"), label=_("Featured page")),
        InlinePanel(
            "footer_links",
            heading=_("Footer links"),
            label=_("Footer link"),
            help_text=_("Pages linked at the foot of every page, such as the accessibility statement."),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [
        APIField("intro", writable=True),
        APIField("themes", serializer=api.ThemesField()),
        APIField("featured_pages", serializer=api.PageReferenceListField()),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "verkosto_pages.NetworkIndexPage",
        "verkosto_pages.ActivityReportPage",
        "verkosto_pages.ActionPlanPage",
        "verkosto_pages.ContentPage",
    ]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    @classmethod
    def prefetch_listing(cls, queryset):
        links = prefetch_public_links("featured_page_links", FeaturedPage)
        return super().prefetch_listing(queryset).prefetch_related(links)

    def route(self, request, path_components):
        # Every page of the site is routed from here: one query for any depth (routing.py).
        return route_from(self, request, path_components) or super().route(request, path_components)

    @cached_property
    def featured_pages(self):
        """Featured pages the public may see, in the editors' order."""
        return public_pages_in_order(self, "featured_page_links")

    @cached_property
    def featured_cards(self):
        """The featured pages with their own fields, as the cards show their introductions."""
        return public_pages_in_order(self, "featured_page_links", specific=True)


class FeaturedPage(PageLink):
    """A shortcut on the front page to a page people look for most."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_page_links")
    target = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A page to lift onto the front page. Only published pages are shown."),
    )

    class Meta(PageLink.Meta):
        verbose_name = _("featured page")
        verbose_name_plural = _("featured pages")


class FooterLink(PageLink):
    """A link at the foot of every page: the accessibility statement, contact details…

    The law requires the accessibility statement to be easy to find, and the
    footer is where people look for it.
    """

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="footer_links")
    target = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A page to link in the footer. Only published pages are shown."),
    )

    class Meta(PageLink.Meta):
        verbose_name = _("footer link")
        verbose_name_plural = _("footer links")
