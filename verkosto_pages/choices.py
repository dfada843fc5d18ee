"""Stable codes for the network's choices; the labels are what people read.

The codes are part of the API contract (shared/design/API.md): change a label
freely, never a code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    WELFARE_AREA = "welfare_area", _("Welfare area")
    POLICE = "police", _("Police")
    PARISH = "parish", _("Parish")
    NGO = "ngo", _("NGO")
    VICTIM_SUPPORT = "victim_support", _("Victim support")
    COMPETENCE_CENTRE = "competence_centre", _("Competence centre")
    NATIONAL_ORGANISATION = "national_organisation", _("National organisation")
    OTHER = "other", _("Other")


class MembershipRole(models.TextChoices):
    """Roles in a body. The declaration order is the order member lists show them in."""

    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    CONVENER = "convener", _("Convener")
    COORDINATOR = "coordinator", _("Coordinator")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    EXPERIENCE_EXPERT = "experience_expert", _("Experience expert")
    DEPUTY = "deputy", _("Deputy member")

    @classmethod
    def list_heading(cls, code):
        """The heading above a role's members in a member list, e.g. "Members"."""
        return _ROLE_HEADINGS.get(code, code)


# Headings of a member list's role groups: a plural where a body usually has
# several, so they get their own msgids (and context) apart from the singular
# labels above.
_ROLE_HEADINGS = {
    MembershipRole.CHAIR: pgettext_lazy("member list heading", "Chair"),
    MembershipRole.VICE_CHAIR: pgettext_lazy("member list heading", "Vice chair"),
    MembershipRole.CONVENER: pgettext_lazy("member list heading", "Convener"),
    MembershipRole.COORDINATOR: pgettext_lazy("member list heading", "Coordinators"),
    MembershipRole.SECRETARY: pgettext_lazy("member list heading", "Secretary"),
    MembershipRole.MEMBER: pgettext_lazy("member list heading", "Members"),
    MembershipRole.EXPERIENCE_EXPERT: pgettext_lazy("member list heading", "Experience experts"),
    MembershipRole.DEPUTY: pgettext_lazy("member list heading", "Deputy members"),
}


class ExpertGroupStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FORMING = "forming", _("Being formed")
    NEGOTIATING = "negotiating", _("Under negotiation")
    CLOSED = "closed", _("Closed")
