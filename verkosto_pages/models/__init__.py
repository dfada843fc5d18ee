from .directory import Organisation, Person, Theme
from .pages import (
    ActionPlanPage,
    ActivityReportPage,
    ContentPage,
    CoordinationGroupPage,
    ExpertGroupIndexPage,
    ExpertGroupPage,
    NetworkIndexPage,
    SafetyNetworkPage,
    ServicePromisePage,
)
from .relations import CollaborationLink, Coordinator, Membership, ServicePromiseGroupLink
from .seed import SeedRecord

__all__ = [
    "ActionPlanPage",
    "ActivityReportPage",
    "CollaborationLink",
    "ContentPage",
    "CoordinationGroupPage",
    "Coordinator",
    "ExpertGroupIndexPage",
    "ExpertGroupPage",
    "Membership",
    "NetworkIndexPage",
    "Organisation",
    "Person",
    "SafetyNetworkPage",
    "SeedRecord",
    "ServicePromiseGroupLink",
    "ServicePromisePage",
    "Theme",
]
