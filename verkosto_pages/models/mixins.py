"""Abstract bases that page types share, each with the panels for its own fields."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..api import fields as api
from ..blocks import BodyBlock, ResponsibilityBlock
from ..choices import MembershipRole
from ..forms import MembershipPageForm
from ..restrictions import private_q
from .directory import Theme
from .relations import CollaborationLink, Coordinator, Membership

# What a member row needs to show itself, fetched with the row.
MEMBERSHIP_RELATED = ("organisation", "representative", "representative__organisation")
COORDINATOR_RELATED = ("person", "person__organisation")

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


def year_field(verbose_name, help_text=""):
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True, validators=YEAR_VALIDATORS, help_text=help_text
    )


def intro_field(help_text=_("One or two sentences shown under the title and in search results.")):
    return models.TextField(_("introduction"), blank=True, help_text=help_text)


def body_field():
    return StreamField(
        BodyBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_(
            "The main text of the page. Add paragraphs, subheadings, images and documents "
            "with the + button, and drag them into order."
        ),
    )


# Search finds a body by the name of a member organisation or representative.
MEMBERSHIP_SEARCH = index.RelatedFields(
    "memberships",
    [
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.RelatedFields("representative", [index.SearchField("name")]),
    ],
)

# Four themes fit on screen: tick boxes beat a multi-select list.
THEMES_PANEL = FieldPanel("themes", widget=forms.CheckboxSelectMultiple)


def check_year_range(start, end, end_field, message):
    """Raise a form error on ``end_field`` when a range ends before it starts."""
    if start and end and end < start:
        raise ValidationError({end_field: message})


def format_year_range(start, end):
    if start and end:
        return f"{start}–{end}"
    if start:
        return f"{start}–"
    return str(end or "")


def _public_links_attr(relation):
    return f"_public_{relation}"


def public_pages_in_order(page, relation, model=Page, specific=False):
    """The targets of a page-link relation that the public may see, in the rows' order.

    A draft, unpublished or restricted target is left out rather than linked.
    Uses the rows a listing fetched with ``prefetch_public_links`` when there are some.
    ``specific`` loads each target's own fields (one query per page type), for
    when more than the title and address is shown.
    """
    prefetched = getattr(page, _public_links_attr(relation), None)
    if prefetched is not None:
        return [link.target for link in prefetched]
    ids = [link.target_id for link in getattr(page, relation).all()]
    queryset = model.objects.live().public().filter(id__in=ids)
    if model is Page and specific:
        queryset = queryset.specific()
    pages = {page.id: page for page in queryset}
    return [pages[i] for i in ids if i in pages]


def public_link_rows(link_model, model=Page):
    """Rows of a page-link model whose targets the public may see, targets included, in order."""
    # Conditions on the joined target rather than "target in (live, public pages)",
    # which read every page of the site for each link list.
    rows = link_model.objects.filter(target__live=True)
    private = private_q("target__")
    if private is not None:
        rows = rows.exclude(private)
    if model is not Page:
        rows = rows.filter(target__content_type=ContentType.objects.get_for_model(model))
    return rows.select_related("target").order_by("sort_order")


def prefetch_public_links(relation, link_model, model=Page):
    """For listings: the rows of a page-link relation whose targets are public, targets included."""
    return Prefetch(relation, queryset=public_link_rows(link_model, model), to_attr=_public_links_attr(relation))


def related_rows(page, relation, select):
    """The rows of an inline relation, with their related objects in the same query.

    Uses rows prefetched by a listing when there are some, so a listing of many
    pages costs no query per page.
    """
    manager = getattr(page, relation)
    if relation in getattr(page, "_prefetched_objects_cache", {}):
        return list(manager.all())
    return list(manager.all().select_related(*select))


class ListingPrefetchMixin:
    """Page types say what a listing of them must fetch along, so that a listing
    of twenty pages costs as many queries as a listing of one (the API's ``fields=*``).
    """

    @classmethod
    def prefetch_listing(cls, queryset):
        return queryset


class ThemedMixin(ListingPrefetchMixin, models.Model):
    """Pages that belong to one or more of the four themes ("the four winds")."""

    themes = ParentalManyToManyField(
        Theme,
        verbose_name=_("themes"),
        blank=True,
        related_name="%(app_label)s_%(class)s_pages",
        help_text=_("The themes of preventive work this page concerns."),
    )

    class Meta:
        abstract = True

    @classmethod
    def prefetch_listing(cls, queryset):
        return super().prefetch_listing(queryset).prefetch_related("themes")

    @cached_property
    def theme_list(self):
        """The page's themes, read once however many parts of the page show them."""
        return list(self.themes.all())


class MembershipMixin(ListingPrefetchMixin):
    """Reads the page's member list as people read it: by role, chair and convener first."""

    @staticmethod
    def prefetch_members(queryset):
        members = Membership.objects.select_related(*MEMBERSHIP_RELATED)
        return queryset.prefetch_related(Prefetch("memberships", queryset=members))

    @classmethod
    def prefetch_listing(cls, queryset):
        return cls.prefetch_members(super().prefetch_listing(queryset))

    @cached_property
    def member_rows(self):
        return related_rows(self, "memberships", MEMBERSHIP_RELATED)

    def members_by_role(self):
        """Return ``[(role, heading, [membership, …]), …]`` in the order roles are declared."""
        order = {code: position for position, code in enumerate(MembershipRole.values)}
        groups = {}
        for membership in sorted(self.member_rows, key=lambda m: (order.get(m.role, 99), m.sort_order or 0)):
            groups.setdefault(membership.role, []).append(membership)
        return [(role, MembershipRole.list_heading(role), rows) for role, rows in groups.items()]

    def first_with_role(self, role):
        return next((m for m in self.member_rows if m.role == role), None)


class ReviewMixin(models.Model):
    """A body whose page is due for review on a date: its members change every year or two.

    The admin's dashboard and the review report list the pages whose date has
    come or is near (``verkosto_pages.editorial.review``).
    """

    review_due = models.DateField(
        _("review due"),
        null=True,
        blank=True,
        help_text=_(
            "When the body's structure and members should next be checked. The page is "
            "listed on the admin dashboard and in the review report when this date is near "
            "or past; after a review, set the next date."
        ),
    )

    review_panel = FieldPanel("review_due")
    api_fields = [APIField("review_due", writable=True)]
    search_fields = [index.FilterField("review_due")]

    class Meta:
        abstract = True


class NetworkBodyPage(MembershipMixin, ThemedMixin, ReviewMixin, Page):
    """What the coordination group and the safety network have in common.

    Both are standing bodies with members, coordinators, a meeting rhythm and a
    term; editors fill the same fields in the same order on both.
    """

    intro = intro_field()
    body = body_field()
    responsibilities = StreamField(
        [("responsibility", ResponsibilityBlock())],
        verbose_name=_("responsibilities"),
        blank=True,
        help_text=_("What the body is responsible for, one item per row."),
    )
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings per year"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(52)],
        help_text=_("How many times a year the body usually meets, e.g. 4. Leave empty if not agreed."),
    )
    term_start = year_field(
        _("term starts (year)"), _("The year the current membership term began, e.g. 2017.")
    )
    term_end = year_field(
        _("term ends (year)"), _("The year the current term ends, e.g. 2020. Leave empty if open.")
    )
    org_chart_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("org chart image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An uploaded org chart figure, if the body has one."),
    )
    org_chart_caption = models.CharField(
        _("org chart caption"),
        max_length=255,
        blank=True,
        help_text=_("Shown under the figure, e.g. Figure 1: the coordination group 2018."),
    )
    org_chart_updated_on = models.DateField(
        _("members updated on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the member list and figure were last checked. Shown with the member "
            "list as \"updated on … by …\"."
        ),
    )
    org_chart_updated_by = models.CharField(
        _("members updated by"),
        max_length=100,
        blank=True,
        help_text=_("Initials or name of whoever checked them, e.g. SL."),
    )
    base_form_class = MembershipPageForm

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("responsibilities"),
        MultiFieldPanel(
            [
                FieldPanel("meetings_per_year"),
                FieldPanel("term_start"),
                FieldPanel("term_end"),
                ReviewMixin.review_panel,
            ],
            heading=_("Meetings, term and review"),
        ),
        InlinePanel("coordinators", heading=_("Coordinators"), label=_("Coordinator")),
        InlinePanel(
            "memberships",
            heading=_("Members"),
            label=_("Member"),
            help_text=_("Mark the chair with the role Chair; a body has at most one chair."),
        ),
        MultiFieldPanel(
            [FieldPanel("org_chart_updated_on"), FieldPanel("org_chart_updated_by")],
            heading=_("Member list checked"),
        ),
        MultiFieldPanel(
            [FieldPanel("org_chart_image"), FieldPanel("org_chart_caption")],
            heading=_("Org chart figure"),
        ),
        InlinePanel(
            "collaboration_links", heading=_("Works closely with"), label=_("Collaborating body")
        ),
        THEMES_PANEL,
    ]

    # The JSON contract (docs/api.md); API v2 and v3 both read this list.
    api_fields = [
        APIField("intro", writable=True),
        APIField("body"),
        APIField("responsibilities", serializer=api.StringListField()),
        APIField("meetings_per_year", writable=True),
        APIField("term_start", writable=True),
        APIField("term_end", writable=True),
        APIField("coordinators", serializer=api.CoordinatorsField()),
        APIField("members", serializer=api.MembersField()),
        APIField("org_chart", serializer=api.OrgChartField()),
        APIField("collaborates_with", serializer=api.PageReferenceListField(source="collaborating_pages")),
        APIField("themes", serializer=api.ThemesField()),
        *ReviewMixin.api_fields,
        APIField("last_published_at"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("responsibilities"),
        MEMBERSHIP_SEARCH,
        index.RelatedFields("coordinators", [index.RelatedFields("person", [index.SearchField("name")])]),
        *ReviewMixin.search_fields,
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        check_year_range(
            self.term_start,
            self.term_end,
            "term_end",
            _("The term cannot end before it starts."),
        )

    @property
    def term_display(self):
        return format_year_range(self.term_start, self.term_end)

    @classmethod
    def prefetch_listing(cls, queryset):
        coordinators = Coordinator.objects.select_related(*COORDINATOR_RELATED)
        return (
            super()
            .prefetch_listing(queryset)
            .select_related("org_chart_image")
            .prefetch_related(
                Prefetch("coordinators", queryset=coordinators),
                "org_chart_image__renditions",
                prefetch_public_links("collaboration_links", CollaborationLink),
            )
        )

    @cached_property
    def coordinator_rows(self):
        return related_rows(self, "coordinators", COORDINATOR_RELATED)

    @cached_property
    def collaborating_pages(self):
        """Live, public bodies this one works with (a draft or private page is never linked)."""
        return public_pages_in_order(self, "collaboration_links")

    @property
    def chair(self):
        """The chair's representative, from the member list (one place to change it)."""
        membership = self.first_with_role(MembershipRole.CHAIR)
        return membership.representative if membership else None
