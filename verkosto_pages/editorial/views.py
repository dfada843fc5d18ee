"""Admin views for communications staff: the review report, member-list exports, the directory."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_modeladmin.views import DeleteView, InspectView

from ..models import Membership, Organisation
from . import review
from .usage import people_of, usages_of

# Member lists and review dates are read with the "view member" permission,
# which every editorial group has (see roles.py).
membership_policy = ModelPermissionPolicy(Membership)


def can_read_member_lists(user):
    return membership_policy.user_has_permission(user, "view")


# A spreadsheet program runs a CSV cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class FormulaSafeExportMixin:
    """CSV exports whose cells open as text, never as formulas.

    A member's note or a page title is typed by staff or imported; one that
    starts with ``=`` would run when the CSV is opened in Excel
    (``=HYPERLINK(...)`` sends the sheet's data elsewhere). Such a cell gets a
    leading apostrophe, which spreadsheets hide. Wagtail's Excel export already
    stores every cell as text.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return "'" + value
        return value


class ReviewReportFilterSet(WagtailFilterSet):
    review = django_filters.ChoiceFilter(
        label=_("Review"),
        choices=[
            ("due", _("Due or overdue")),
            (review.OVERDUE, review.STATE_LABELS[review.OVERDUE]),
            (review.SCHEDULED, _("Later")),
            (review.MISSING, review.STATE_LABELS[review.MISSING]),
        ],
        empty_label=_("All bodies and groups"),
        method="filter_review",
    )

    class Meta:
        model = Page
        fields = ["review", "live"]

    def filter_review(self, queryset, name, value):
        if value == "due":
            return queryset.filter(review_state__in=[review.OVERDUE, review.DUE_SOON])
        return queryset.filter(review_state=value)


class ReviewReportView(FormulaSafeExportMixin, PageReportView):
    """The bodies and expert groups, by review date, with who last changed them and when."""

    page_title = _("Review dates")
    header_icon = "calendar-alt"
    results_template_name = "verkosto_pages/admin/review_report_results.html"
    index_url_name = "verkosto_review_report"
    index_results_url_name = "verkosto_review_report_results"
    filterset_class = ReviewReportFilterSet
    permission_policy = membership_policy
    permission_required = "view"
    paginate_by = 50
    list_export = [
        "title",
        "content_type.model_class._meta.verbose_name",
        "review_due",
        "review_state_label",
        "status_string",
        "last_published_at",
        "last_editor",
    ]
    export_headings = {
        "title": _("Title"),
        "content_type.model_class._meta.verbose_name": _("Type"),
        "review_due": _("Review due"),
        "review_state_label": _("Review"),
        "status_string": _("Status"),
        "last_published_at": _("Last published"),
        "last_editor": _("Last edited by"),
    }

    def get_filename(self):
        return f"tarkistuspaivat-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return review.pages_with_review_dates()

    def get_filterset_kwargs(self):
        # Opened from the menu, the report shows what needs attention now.
        kwargs = super().get_filterset_kwargs()
        if "review" not in kwargs["data"]:
            kwargs["data"] = kwargs["data"].copy()
            kwargs["data"]["review"] = "due"
        return kwargs

    def decorate_paginated_queryset(self, pages):
        return decorate_review_rows(pages, self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["all_members_csv"] = member_export_url(spreadsheet_format="csv")
        context["all_members_xlsx"] = member_export_url(spreadsheet_format="xlsx")
        return context


def decorate_review_rows(pages, user):
    """Give each row of a review listing what the table shows, in two queries for any number."""
    pages = list(pages)
    editable = set(
        PagePermissionPolicy()
        .instances_user_has_permission_for(user, "change")
        .filter(pk__in=[page.pk for page in pages])
        .values_list("pk", flat=True)
    )
    for page in pages:
        page.review_state_label = review.STATE_LABELS[page.review_state]
        editor = page.latest_revision.user if page.latest_revision_id else None
        page.last_editor = (editor.get_full_name() or editor.get_username()) if editor else ""
        page.user_can_edit = page.pk in editable
        page.member_export_csv = member_export_url(page, "csv")
        page.member_export_xlsx = member_export_url(page, "xlsx")
    return pages


class MemberListExportView(FormulaSafeExportMixin, SpreadsheetExportMixin, View):
    """A body's member list (or every body's, without ``page``) as CSV or Excel.

    For staff who report upward. It reads the member rows of live, public
    pages and leaves out email and phone, which are not needed to say who
    sits where.
    """

    list_export = [
        "body",
        "role",
        "organisation",
        "organisation_kind",
        "municipality",
        "representative",
        "representative_title",
        "note",
    ]
    export_headings = {
        "body": _("Body"),
        "role": _("Role"),
        "organisation": _("Organisation"),
        "organisation_kind": _("Organisation kind"),
        "municipality": _("Municipality"),
        "representative": _("Representative"),
        "representative_title": _("Representative's job title"),
        "note": _("Note"),
    }

    def get(self, request):
        if not can_read_member_lists(request.user):
            raise PermissionDenied
        if not self.is_export:
            raise Http404
        # Published member lists only: a reviewer may not see a draft or a
        # never-published group through the export either.
        bodies = Page.objects.live().public()
        rows = (
            Membership.objects.filter(page__in=bodies)
            .select_related("page", "organisation", "representative")
            .order_by("page__path", "sort_order")
        )
        self.body = None
        if request.GET.get("page"):
            try:
                self.body = get_object_or_404(bodies, pk=int(request.GET["page"]))
            except ValueError:
                raise Http404 from None
            rows = rows.filter(page=self.body)
        return self.as_spreadsheet(rows, request.GET["export"])

    def get_filename(self):
        name = self.body.slug if self.body else "jasenet"
        return f"{name}-{timezone.localdate():%Y-%m-%d}"

    def get_heading(self, queryset, field):
        return str(self.export_headings[field])

    def to_row_dict(self, row):
        organisation, person = row.organisation, row.representative
        values = {
            "body": row.page.title,
            "role": str(row.get_role_display()),
            "organisation": organisation.name if organisation else "",
            "organisation_kind": str(organisation.get_kind_display()) if organisation else "",
            "municipality": organisation.municipality if organisation else "",
            "representative": person.name if person else "",
            "representative_title": person.title if person else "",
            "note": row.note,
        }
        return {field: values[field] for field in self.list_export}


def member_export_url(page=None, spreadsheet_format="csv"):
    query = f"?export={spreadsheet_format}" + (f"&page={page.pk}" if page else "")
    return reverse("verkosto_member_export") + query


class UsageInspectView(InspectView):
    """The entry's fields, and the pages it appears on with its role there."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["usages"] = usages_of(self.instance)
        return context


class ProtectedDeleteView(DeleteView):
    """Refuses to delete an entry that a page (published or draft) or a person still uses.

    Django's PROTECT covers the published rows only, and its message names
    database rows ("Member: Verso"); staff need the pages, and a draft's
    rows are not in the database at all.
    """

    @cached_property
    def usages(self):
        return usages_of(self.instance)

    @cached_property
    def people(self):
        return people_of(self.instance) if isinstance(self.instance, Organisation) else []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        in_use = bool(self.usages or self.people)
        context.update(usages=self.usages, people=self.people, in_use=in_use)
        return context

    def post(self, request, *args, **kwargs):
        if self.usages or self.people:
            return self.render_to_response(self.get_context_data(), status=409)
        return super().post(request, *args, **kwargs)
