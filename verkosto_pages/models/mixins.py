"""Abstract bases that page types share, each with the panels for its own fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock, ResponsibilityBlock
from ..choices import MembershipRole
from .directory import Theme

# What a member row needs to show itself, fetched with the row.
MEMBERSHIP_RELATED = ("organisation", "representative", "representative__organisation")

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


def year_field(verbose_name, help_text=""):
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True, validators=YEAR_VALIDATORS, help_text=help_text
    )


def intro_field(help_text=_("One or two sentences shown under the title and in search results.")):
    return models.TextField(_("introduction"), blank=True, help_text=help_text)


def body_field():
    return StreamField(BodyBlock(), verbose_name=_("body"), blank=True)


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


def public_pages_in_order(links, model=Page):
    """The targets of page-link rows that the public may see, in the rows' order.

    A draft, unpublished or restricted target is left out rather than linked.
    """
    ids = [link.target_id for link in links]
    queryset = model.objects.live().public().filter(id__in=ids)
    if model is Page:
        queryset = queryset.specific()
    pages = {page.id: page for page in queryset}
    return [pages[i] for i in ids if i in pages]


def related_rows(page, relation, select):
    """The rows of an inline relation, with their related objects in the same query.

    Uses rows prefetched by a listing when there are some, so a listing of many
    pages costs no query per page.
    """
    manager = getattr(page, relation)
    if relation in getattr(page, "_prefetched_objects_cache", {}):
        return list(manager.all())
    return list(manager.all().select_related(*select))


class ThemedMixin(models.Model):
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


class MembershipMixin:
    """Reads the page's member list as people read it: by role, chair and convener first."""

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


class NetworkBodyPage(MembershipMixin, ThemedMixin, Page):
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
    )
    term_start = year_field(_("term starts (year)"))
    term_end = year_field(_("term ends (year)"))
    org_chart_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("org chart image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An uploaded org chart figure, if the body has one."),
    )
    org_chart_caption = models.CharField(_("org chart caption"), max_length=255, blank=True)
    org_chart_updated_on = models.DateField(_("org chart updated on"), null=True, blank=True)
    org_chart_updated_by = models.CharField(
        _("org chart updated by"),
        max_length=100,
        blank=True,
        help_text=_("Initials or name of whoever last updated the figure, e.g. SL."),
    )
    review_due = models.DateField(
        _("review due"),
        null=True,
        blank=True,
        help_text=_("When the body's structure and members should next be reviewed."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("responsibilities"),
        MultiFieldPanel(
            [
                FieldPanel("meetings_per_year"),
                FieldPanel("term_start"),
                FieldPanel("term_end"),
                FieldPanel("review_due"),
            ],
            heading=_("Meetings and term"),
        ),
        InlinePanel("coordinators", heading=_("Coordinators"), label=_("Coordinator")),
        InlinePanel("memberships", heading=_("Members"), label=_("Member")),
        MultiFieldPanel(
            [
                FieldPanel("org_chart_image"),
                FieldPanel("org_chart_caption"),
                FieldPanel("org_chart_updated_on"),
                FieldPanel("org_chart_updated_by"),
            ],
            heading=_("Org chart figure"),
        ),
        InlinePanel(
            "collaboration_links", heading=_("Works closely with"), label=_("Collaborating body")
        ),
        THEMES_PANEL,
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("responsibilities"),
        MEMBERSHIP_SEARCH,
        index.RelatedFields("coordinators", [index.RelatedFields("person", [index.SearchField("name")])]),
        index.FilterField("review_due"),
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

    @cached_property
    def coordinator_rows(self):
        return related_rows(self, "coordinators", ("person", "person__organisation"))

    @cached_property
    def collaborating_pages(self):
        """Live, public bodies this one works with (a draft or private page is never linked)."""
        return public_pages_in_order(self.collaboration_links.all())

    @property
    def chair(self):
        """The chair's representative, from the member list (one place to change it)."""
        membership = self.first_with_role(MembershipRole.CHAIR)
        return membership.representative if membership else None
