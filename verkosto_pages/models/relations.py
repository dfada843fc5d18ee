"""Rows that belong to a page and are edited inline on it (orderable inlines).

Each relation is keyed to Wagtail's base ``Page`` rather than to one page
type, so the coordination group, the safety network and the expert groups
share one membership table: "where does this organisation sit?" is a single
query, and the rows travel with the page's revisions like any inline.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Orderable

from ..choices import MembershipRole
from .directory import Organisation, Person


class Membership(Orderable):
    """A seat in a body: an organisation, optionally its named representative, and a role.

    The organisation is optional because some seats are held by a role rather
    than an organisation, e.g. an experience expert (kokemusasiantuntija).
    """

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text=_(
            "The member organisation, from the directory. Leave empty for a seat held by a "
            "person or a role, and describe the seat in the note."
        ),
    )
    representative = models.ForeignKey(
        Person,
        verbose_name=_("representative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text=_("The named person who represents the organisation. Optional."),
    )
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=MembershipRole.choices,
        default=MembershipRole.MEMBER,
        help_text=_("The seat's role. The page lists members under their roles, the chair first."),
    )
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("Shown beside the member, e.g. what the seat represents."),
    )

    panels = [
        FieldPanel("organisation"),
        FieldPanel("representative"),
        FieldPanel("role"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        if not (self.organisation_id or self.representative_id or self.note):
            raise ValidationError(
                _("Choose an organisation or a representative, or describe the seat in the note.")
            )

    @property
    def display_name(self):
        if self.organisation_id:
            return self.organisation.name
        if self.representative_id:
            return self.representative.name
        return self.note or self.get_role_display()


class Coordinator(Orderable):
    """A person who coordinates a body's work, with the title of that task."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="coordinators")
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="coordinator_roles",
        help_text=_("The coordinator, from the directory; add a new person there if needed."),
    )
    role = models.CharField(
        _("role"),
        max_length=255,
        help_text=_("The coordinating task as people know it, e.g. regional coordinator."),
    )

    panels = [FieldPanel("person"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")

    def __str__(self):
        return f"{self.person.name}, {self.role}"


class PageLink(Orderable):
    """An ordered link from a page to another page, edited inline with a page chooser.

    Subclasses declare ``page`` (the ParentalKey) and ``target``; whoever shows
    the links filters the targets to live, public pages
    (``public_pages_in_order``).
    """

    panels = [PageChooserPanel("target")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return str(self.target)


class CollaborationLink(PageLink):
    """Another body this one works closely with, e.g. the coordination group and the safety network."""

    page = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="collaboration_links"
    )
    target = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("collaborating body"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A body this one works closely with. Only published pages are linked."),
    )

    panels = [
        PageChooserPanel(
            "target",
            page_type=[
                "verkosto_pages.CoordinationGroupPage",
                "verkosto_pages.SafetyNetworkPage",
                "verkosto_pages.ExpertGroupPage",
            ],
        )
    ]

    class Meta(PageLink.Meta):
        verbose_name = _("collaborating body")
        verbose_name_plural = _("collaborating bodies")


class ServicePromiseGroupLink(PageLink):
    """An expert group that works towards a service promise."""

    page = ParentalKey(
        "verkosto_pages.ServicePromisePage", on_delete=models.CASCADE, related_name="group_links"
    )
    target = models.ForeignKey(
        "verkosto_pages.ExpertGroupPage",
        verbose_name=_("expert group"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("An expert group whose work serves this promise."),
    )

    class Meta(PageLink.Meta):
        verbose_name = _("related expert group")
        verbose_name_plural = _("related expert groups")
