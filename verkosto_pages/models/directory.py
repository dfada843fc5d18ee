"""The directory: themes, organisations and people that pages refer to.

Communications staff keep these in the admin's directory (wagtail-modeladmin)
so that a renamed organisation or a new representative is corrected once and
shows everywhere it is used.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from ..choices import OrganisationKind


class Theme(index.Indexed, models.Model):
    """One of the "four winds" of regional preventive work, e.g. violence prevention."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Stable identifier used in addresses and the API, e.g. violence-prevention."),
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Themes are listed in ascending order.")
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class Organisation(index.Indexed, models.Model):
    """A body that takes part in the network: a municipality, the welfare area, an NGO…"""

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(
        _("short name"),
        max_length=50,
        blank=True,
        help_text=_("An abbreviation people know, e.g. Verso. Optional."),
    )
    kind = models.CharField(
        _("kind"), max_length=32, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    municipality = models.CharField(
        _("municipality"),
        max_length=100,
        blank=True,
        help_text=_("Home municipality; leave empty for regional and national organisations."),
    )
    website = models.URLField(_("website"), blank=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("short_name"),
        index.FilterField("kind"),
        index.FilterField("municipality"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Person(index.Indexed, models.Model):
    """A named person in the network: a coordinator, a chair, a representative.

    Email and phone are personal data: they are stored for staff and shown to
    the public only when ``show_contact_details`` is set with the person's consent.
    """

    name = models.CharField(_("name"), max_length=255)
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("Job title, e.g. regional coordinator.")
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    show_contact_details = models.BooleanField(
        _("show contact details publicly"),
        default=False,
        help_text=_(
            "Only tick this when the person has agreed to publish their email and phone "
            "on the website and in the API."
        ),
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("title"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        if self.organisation_id:
            return f"{self.name} ({self.organisation})"
        return self.name

    @property
    def public_email(self):
        return self.email if self.show_contact_details else ""

    @property
    def public_phone(self):
        return self.phone if self.show_contact_details else ""
