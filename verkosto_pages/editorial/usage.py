"""Where a directory entry appears: which pages, in which role, published or in a draft.

The directory's inspect view shows it, and its delete view refuses to delete
an entry that still appears anywhere, listing where, so staff can fix those
pages first. A page's rows in the database are its published (or first
saved) version; an unpublished change lives only in the page's latest
revision, so drafts are read from there, or deleting an organisation would
silently drop it from a draft that is waiting for approval.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, get_page_models

from ..choices import MembershipRole
from ..models import Coordinator, Membership, Organisation, Person, Theme


@dataclass(frozen=True)
class Usage:
    page: Page
    role: str
    in_draft: bool = False

    @property
    def where(self):
        return _("Unpublished change") if self.in_draft else _("Page content")


def _role_label(code):
    try:
        return str(MembershipRole(code).label)
    except ValueError:
        return code


def _published_usages(instance):
    if isinstance(instance, Organisation):
        rows = Membership.objects.filter(organisation=instance).select_related("page")
        return [Usage(row.page, str(row.get_role_display())) for row in rows]
    if isinstance(instance, Person):
        members = Membership.objects.filter(representative=instance).select_related("page")
        coordinators = Coordinator.objects.filter(person=instance).select_related("page")
        return [Usage(row.page, str(row.get_role_display())) for row in members] + [
            Usage(row.page, row.role) for row in coordinators
        ]
    if isinstance(instance, Theme):
        pages = Page.objects.filter(_theme_query(instance)).distinct()
        return [Usage(page, str(_("Theme"))) for page in pages]
    return []


def _theme_query(theme):
    from ..models.mixins import ThemedMixin

    query = Q(pk__in=[])
    for model in get_page_models():
        if issubclass(model, ThemedMixin):
            query |= Q(**{f"{model._meta.model_name}__themes": theme})
    return query


def _draft_usages(instance):
    """Uses in unpublished changes: the latest revision of each page that has one."""
    drafts = Page.objects.filter(has_unpublished_changes=True, latest_revision__isnull=False)
    found = []
    for page in drafts.select_related("latest_revision"):
        content = page.latest_revision.content
        if isinstance(instance, Organisation):
            found += [
                Usage(page, _role_label(row.get("role")), in_draft=True)
                for row in content.get("memberships", [])
                if row.get("organisation") == instance.pk
            ]
        elif isinstance(instance, Person):
            found += [
                Usage(page, _role_label(row.get("role")), in_draft=True)
                for row in content.get("memberships", [])
                if row.get("representative") == instance.pk
            ]
            found += [
                Usage(page, row.get("role", ""), in_draft=True)
                for row in content.get("coordinators", [])
                if row.get("person") == instance.pk
            ]
        elif isinstance(instance, Theme) and instance.pk in content.get("themes", []):
            found.append(Usage(page, str(_("Theme")), in_draft=True))
    return found


def usages_of(instance):
    """Every place the entry appears, pages in tree order, the published version first.

    The pages are read once more, with what their status needs, so a listing
    of many uses costs no query per row.
    """
    usages = _published_usages(instance) + _draft_usages(instance)
    pages = Page.objects.filter(pk__in={usage.page.pk for usage in usages})
    pages = {page.pk: page for page in pages.annotate_approved_schedule().prefetch_workflow_states()}
    usages = [Usage(pages[usage.page.pk], usage.role, usage.in_draft) for usage in usages]
    return sorted(usages, key=lambda usage: (usage.page.path, usage.in_draft))


def people_of(organisation):
    """People in the directory who belong to the organisation: they keep it from being deleted."""
    return list(Person.objects.filter(organisation=organisation))
