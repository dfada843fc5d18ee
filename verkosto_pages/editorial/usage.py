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


# For each kind of entry, the inline rows that name it: the row model, its
# relation on the page (the key in a revision's content) and the row's field.
ROW_USES = {
    Organisation: [(Membership, "memberships", "organisation")],
    Person: [(Membership, "memberships", "representative"), (Coordinator, "coordinators", "person")],
}
ROLE_LABELS = dict(MembershipRole.choices)
THEME = _("Theme")


def _role(row_model, role):
    """A member row's role is a code; a coordinator's is the task as written."""
    return str(ROLE_LABELS.get(role, role)) if row_model is Membership else role


def pages_naming(instance):
    """Ids of the pages whose published rows name a directory entry (``ROW_USES``)."""
    ids = set()
    for row_model, _relation, field in ROW_USES.get(type(instance), []):
        ids.update(row_model.objects.filter(**{field: instance}).values_list("page_id", flat=True))
    return ids


def _published_uses(instance):
    for row_model, _relation, field in ROW_USES.get(type(instance), []):
        rows = row_model.objects.filter(**{field: instance}).values_list("page_id", "role")
        for page_id, role in rows:
            yield page_id, _role(row_model, role), False
    if isinstance(instance, Theme):
        for page_id in Page.objects.filter(_theme_query(instance)).values_list("pk", flat=True).distinct():
            yield page_id, str(THEME), False


def _theme_query(theme):
    from ..models.mixins import ThemedMixin

    query = Q(pk__in=[])
    for model in get_page_models():
        if issubclass(model, ThemedMixin):
            query |= Q(**{f"{model._meta.model_name}__themes": theme})
    return query


def _draft_uses(instance):
    """Uses in unpublished changes: the latest revision of each page that has one."""
    drafts = Page.objects.filter(has_unpublished_changes=True, latest_revision__isnull=False)
    for page_id, content in drafts.values_list("pk", "latest_revision__content"):
        for row_model, relation, field in ROW_USES.get(type(instance), []):
            for row in content.get(relation, []):
                if row.get(field) == instance.pk:
                    yield page_id, _role(row_model, row.get("role", "")), True
        if isinstance(instance, Theme) and instance.pk in content.get("themes", []):
            yield page_id, str(THEME), True


def usages_of(instance):
    """Every place the entry appears, pages in tree order, the published version first.

    The pages are read once, with what their status needs, so a listing of
    many uses costs no query per row.
    """
    uses = list(_published_uses(instance)) + list(_draft_uses(instance))
    pages = Page.objects.filter(pk__in={page_id for page_id, _role, _draft in uses})
    pages = {page.pk: page for page in pages.annotate_approved_schedule().prefetch_workflow_states()}
    usages = [Usage(pages[page_id], role, in_draft) for page_id, role, in_draft in uses]
    return sorted(usages, key=lambda usage: (usage.page.path, usage.in_draft))


def people_of(organisation):
    """People in the directory who belong to the organisation: they keep it from being deleted."""
    return list(Person.objects.filter(organisation=organisation))
