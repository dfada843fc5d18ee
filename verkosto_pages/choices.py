"""Stable codes for the network's choices; the labels are what people read.

The codes are part of the API contract (shared/design/API.md): change a label
freely, never a code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    def plural_label(cls, code):
        return _ROLE_PLURALS[code]


_ROLE_PLURALS = {
    MembershipRole.CHAIR: _("Chair"),
    MembershipRole.VICE_CHAIR: _("Vice chair"),
    MembershipRole.CONVENER: _("Convener"),
    MembershipRole.COORDINATOR: _("Coordinators"),
    MembershipRole.SECRETARY: _("Secretary"),
    MembershipRole.MEMBER: _("Members"),
    MembershipRole.EXPERIENCE_EXPERT: _("Experience experts"),
    MembershipRole.DEPUTY: _("Deputy members"),
}


class ExpertGroupStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FORMING = "forming", _("Being formed")
    NEGOTIATING = "negotiating", _("Under negotiation")
    CLOSED = "closed", _("Closed")
