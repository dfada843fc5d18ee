"""The network's page types and the rules for where each may stand in the tree."""

from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..api import fields as api
from ..blocks import RICH_TEXT_FEATURES, ActorBlock, GoalBlock
from ..choices import ExpertGroupStatus, MembershipRole
from ..forms import (
    ExpertGroupPageForm,
    ServicePromiseCopyForm,
    ServicePromisePageForm,
)
from ..rich_text import CleanRichTextField
from .mixins import (
    MEMBERSHIP_SEARCH,
    THEMES_PANEL,
    ListingPrefetchMixin,
    MembershipMixin,
    NetworkBodyPage,
    ReviewMixin,
    ThemedMixin,
    body_field,
    check_year_range,
    format_year_range,
    intro_field,
    prefetch_public_links,
    public_pages_in_order,
    year_field,
)
from .relations import ServicePromiseGroupLink


def live_children(page, model):
    """The page's live, public children of one type, in the editors' tree order."""
    return model.objects.child_of(page).live().public().order_by("path")


class ContentPage(Page):
    """A plain page of text: background, instructions, the accessibility statement."""

    intro = intro_field()
    body = body_field()

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("intro", writable=True), APIField("body")]

    # Text pages belong beside or under the bodies they explain; under an
    # index of expert groups, a plan or a report they would break the lists
    # those pages show of their own children.
    parent_page_types = [
        "home.HomePage",
        "verkosto_pages.NetworkIndexPage",
        "verkosto_pages.ContentPage",
        "verkosto_pages.CoordinationGroupPage",
        "verkosto_pages.SafetyNetworkPage",
        "verkosto_pages.ExpertGroupPage",
    ]
    subpage_types = ["verkosto_pages.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class NetworkIndexPage(Page):
    """The overview of the network's bodies, and who the actors of preventive work are."""

    intro = intro_field()
    body = body_field()
    actors = StreamField(
        [("actor", ActorBlock())],
        verbose_name=_("levels and actors"),
        blank=True,
        help_text=_("The actors of preventive work and the role and task of each."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("actors"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("actors"),
    ]
    api_fields = [
        APIField("intro", writable=True),
        APIField("body"),
        APIField("actors", serializer=api.ActorsField()),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "verkosto_pages.CoordinationGroupPage",
        "verkosto_pages.SafetyNetworkPage",
        "verkosto_pages.ExpertGroupIndexPage",
        "verkosto_pages.ActivityReportPage",
        "verkosto_pages.ActionPlanPage",
        "verkosto_pages.ContentPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("network overview page")
        verbose_name_plural = _("network overview pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().in_menu().specific()
        return context


class CoordinationGroupPage(NetworkBodyPage):
    """The regional coordination group (seutukoordinaatioryhmä)."""

    parent_page_types = ["verkosto_pages.NetworkIndexPage"]
    subpage_types = ["verkosto_pages.ContentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("coordination group page")
        verbose_name_plural = _("coordination group pages")


class SafetyNetworkPage(NetworkBodyPage):
    """The regional safety network (turvallisuusverkosto), a forum with a chair.

    The chair is the member whose role is "chair", so the member list and the
    chair shown on the page can never disagree.
    """

    parent_page_types = ["verkosto_pages.NetworkIndexPage"]
    subpage_types = ["verkosto_pages.ContentPage"]
    max_count_per_parent = 1

    api_fields = NetworkBodyPage.api_fields + [APIField("chair", serializer=api.PersonField())]

    class Meta:
        verbose_name = _("safety network page")
        verbose_name_plural = _("safety network pages")


class ExpertGroupIndexPage(Page):
    """Lists the expert groups that support the coordination group."""

    intro = intro_field()

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro", writable=True)]

    parent_page_types = ["verkosto_pages.NetworkIndexPage"]
    subpage_types = ["verkosto_pages.ExpertGroupPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("expert group index page")
        verbose_name_plural = _("expert group index pages")

    groups_per_page = 24

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        groups = ExpertGroupPage.prefetch_members(live_children(self, ExpertGroupPage))
        # Paged (?sivu=2), so the page stays as fast with a thousand groups as with three.
        context["groups"] = Paginator(groups, self.groups_per_page).get_page(request.GET.get("sivu"))
        return context


class ExpertGroupPage(MembershipMixin, ThemedMixin, ReviewMixin, Page):
    """A phenomenon-based expert group, e.g. mental health and substances.

    The convener is the member whose role is "convener", as with the chair of
    the safety network.
    """

    purpose = CleanRichTextField(
        _("purpose"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("What the group is for and who takes part in it."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ExpertGroupStatus.choices,
        default=ExpertGroupStatus.ACTIVE,
        help_text=_("Is the group working, being set up, still negotiated, or closed?"),
    )
    convener_note = models.CharField(
        _("note on the convener"),
        max_length=255,
        blank=True,
        help_text=_(
            "If no member has the role Convener, say here why, e.g. the convener is chosen "
            "at the next meeting. An active group must have one or the other. Shown on the page."
        ),
    )

    base_form_class = ExpertGroupPageForm

    content_panels = Page.content_panels + [
        FieldPanel("purpose"),
        FieldPanel("status"),
        InlinePanel(
            "memberships",
            heading=_("Members"),
            label=_("Member"),
            help_text=_(
                "Mark the convening organisation with the role Convener; a group has at most "
                "one convener and one chair."
            ),
        ),
        FieldPanel("convener_note"),
        ReviewMixin.review_panel,
        THEMES_PANEL,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("purpose"),
        index.FilterField("status"),
        MEMBERSHIP_SEARCH,
        *ReviewMixin.search_fields,
    ]
    api_fields = [
        APIField("purpose", serializer=api.RichTextHTMLField()),
        APIField("status", writable=True),
        APIField("status_display", serializer=api.ChoiceDisplayField(source="get_status_display")),
        APIField("convener", serializer=api.OrganisationField()),
        APIField("convener_note", writable=True),
        APIField("members", serializer=api.MembersField()),
        APIField("themes", serializer=api.ThemesField()),
        *ReviewMixin.api_fields,
        APIField("last_published_at"),
    ]

    parent_page_types = ["verkosto_pages.ExpertGroupIndexPage"]
    subpage_types = ["verkosto_pages.ContentPage"]
    # Most seats of an expert group are roles, not organisations (verkosto_pages.charts).
    org_chart_grouping = "role"

    class Meta:
        verbose_name = _("expert group page")
        verbose_name_plural = _("expert group pages")

    @property
    def convener(self):
        membership = self.first_with_role(MembershipRole.CONVENER)
        return membership.organisation if membership else None


class PlanningDocumentMixin(ListingPrefetchMixin, models.Model):
    """A planning document of the network that covers a span of years, e.g. 2017–2021."""

    period_start = year_field(
        _("period starts (year)"), _("The first year the document covers, e.g. 2017.")
    )
    period_end = year_field(_("period ends (year)"), _("The last year it covers, e.g. 2021."))
    summary = CleanRichTextField(
        _("summary"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("The main points in a few paragraphs, for readers who will not open the file."),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The full document as a file, if it has been published."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("period_start"), FieldPanel("period_end")], heading=_("Period")
        ),
        FieldPanel("summary"),
        FieldPanel("document"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    api_fields = [
        APIField("period_start", writable=True),
        APIField("period_end", writable=True),
        APIField("summary", serializer=api.RichTextHTMLField()),
        APIField("document", serializer=api.DocumentField()),
    ]

    class Meta:
        abstract = True

    @classmethod
    def prefetch_listing(cls, queryset):
        return super().prefetch_listing(queryset).select_related("document")

    def clean(self):
        super().clean()
        check_year_range(
            self.period_start,
            self.period_end,
            "period_end",
            _("The period cannot end before it starts."),
        )

    @property
    def period_display(self):
        return format_year_range(self.period_start, self.period_end)


class ActivityReportPage(PlanningDocumentMixin, Page):
    """The network's activity report (toimintakertomus) for a period."""

    parent_page_types = ["home.HomePage", "verkosto_pages.NetworkIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("activity report page")
        verbose_name_plural = _("activity report pages")

    @cached_property
    def public_action_plans(self):
        if self.pk is None:
            return []  # a preview of a page not yet saved has no plans pointing at it
        return list(self.action_plans.live().public().order_by("path"))


class ActionPlanPage(PlanningDocumentMixin, Page):
    """The action plan (toimintasuunnitelma), whose goals fall under its service promises."""

    based_on_report = models.ForeignKey(
        "verkosto_pages.ActivityReportPage",
        verbose_name=_("based on report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_plans",
        help_text=_("The activity report this plan was built on."),
    )

    content_panels = PlanningDocumentMixin.content_panels + [FieldPanel("based_on_report")]
    api_fields = PlanningDocumentMixin.api_fields + [
        APIField("based_on_report", serializer=api.PageReferenceField(source="public_report")),
    ]

    parent_page_types = ["home.HomePage", "verkosto_pages.NetworkIndexPage"]
    subpage_types = ["verkosto_pages.ServicePromisePage"]

    class Meta:
        verbose_name = _("action plan page")
        verbose_name_plural = _("action plan pages")

    @cached_property
    def service_promises(self):
        return list(
            live_children(self, ServicePromisePage).order_by("number", "path")
        )

    @classmethod
    def prefetch_listing(cls, queryset):
        # Fills the public_report cached property, as a listing would otherwise ask per plan.
        reports = ActivityReportPage.objects.live().public()
        return super().prefetch_listing(queryset).prefetch_related(
            Prefetch("based_on_report", queryset=reports, to_attr="public_report")
        )

    @cached_property
    def public_report(self):
        """The report this plan builds on, if the public may see it."""
        if not self.based_on_report_id:
            return None
        return (
            ActivityReportPage.objects.live().public().filter(id=self.based_on_report_id).first()
        )


class ServicePromisePage(ThemedMixin, Page):
    """One of the action plan's numbered service promises, e.g. 1. "Meillä saa puhua"."""

    number = models.PositiveSmallIntegerField(
        _("number"),
        validators=[MinValueValidator(1)],
        help_text=_("The promise's number in the plan; promises are listed in this order."),
    )
    statement = models.TextField(
        _("statement"), blank=True, help_text=_("What the promise means, in a sentence or two.")
    )
    goals = StreamField(
        [("goal", GoalBlock())],
        verbose_name=_("goals"),
        blank=True,
        help_text=_("The plan's goals under this promise, each with how it is followed."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("number"),
        FieldPanel("statement"),
        FieldPanel("goals"),
        InlinePanel("group_links", heading=_("Related expert groups"), label=_("Expert group")),
        THEMES_PANEL,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("statement"),
        index.SearchField("goals"),
        index.FilterField("number"),
    ]
    api_fields = [
        APIField("number", writable=True),
        APIField("statement", writable=True),
        APIField("goals", serializer=api.GoalsField()),
        APIField("themes", serializer=api.ThemesField()),
        APIField("related_groups", serializer=api.PageReferenceListField()),
    ]

    parent_page_types = ["verkosto_pages.ActionPlanPage"]
    subpage_types = []
    base_form_class = ServicePromisePageForm
    copy_form_class = ServicePromiseCopyForm

    class Meta:
        verbose_name = _("service promise page")
        verbose_name_plural = _("service promise pages")

    @classmethod
    def sibling_with_number(cls, parent, number, exclude=None):
        """The promise under ``parent`` that holds ``number``, published or in a draft, if any.

        A draft counts too: otherwise a number freed in a pending change could
        be given to a new promise, and approving the change would duplicate it.
        """
        siblings = cls.objects.child_of(parent).select_related("latest_revision")
        if exclude is not None and exclude.pk is not None:
            siblings = siblings.exclude(pk=exclude.pk)
        for sibling in siblings:
            numbers = {sibling.number}
            if sibling.has_unpublished_changes and sibling.latest_revision_id:
                numbers.add(sibling.latest_revision.content.get("number"))
            if number in numbers:
                return sibling
        return None

    @classmethod
    def prefetch_listing(cls, queryset):
        links = prefetch_public_links("group_links", ServicePromiseGroupLink, ExpertGroupPage)
        return super().prefetch_listing(queryset).prefetch_related(links)

    @cached_property
    def related_groups(self):
        return public_pages_in_order(self, "group_links", ExpertGroupPage)

    @cached_property
    def public_plan(self):
        """The plan this promise belongs to, if the public may see it.

        A promise can be published under a plan that is still a draft or
        restricted; its page must not link to (or name) that plan.
        """
        return ActionPlanPage.objects.parent_of(self).live().public().first()
