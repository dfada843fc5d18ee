"""The admin: the directory (wagtail-modeladmin), its choosers, and the editorial tools.

The editorial tools are the review report and its dashboard reminder, and
member-list exports (``editorial/``).
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .editorial.panels import ReviewDuePanel
from .editorial.views import (
    MemberListExportView,
    ProtectedDeleteView,
    ReviewReportView,
    UsageInspectView,
    can_read_member_lists,
    member_export_url,
)
from .forms import promise_number_error
from .models import Organisation, Person, ServicePromisePage, Theme
from .models.mixins import MembershipMixin


class DirectoryAdmin(ModelAdmin):
    """Each entry's inspect view shows where it appears; one in use cannot be deleted."""

    inspect_view_enabled = True
    inspect_view_class = UsageInspectView
    delete_view_class = ProtectedDeleteView


class ThemeAdmin(DirectoryAdmin):
    model = Theme
    menu_icon = "tag"
    list_display = ("name", "slug", "sort_order")
    search_fields = ("name", "slug", "description")
    ordering = ("sort_order", "name")
    prepopulated_fields = {"slug": ("name",)}


class OrganisationAdmin(DirectoryAdmin):
    model = Organisation
    menu_icon = "site"
    list_display = ("name", "short_name", "kind", "municipality", "website")
    list_filter = ("kind", "municipality")
    search_fields = ("name", "short_name", "municipality")
    ordering = ("name",)


class PersonAdmin(DirectoryAdmin):
    model = Person
    menu_icon = "user"
    list_display = ("name", "title", "organisation", "show_contact_details")
    list_filter = ("organisation__kind", "show_contact_details")
    list_select_related = ("organisation",)
    search_fields = ("name", "title", "organisation__name", "email")
    ordering = ("name",)


@modeladmin_register
class DirectoryGroup(ModelAdminGroup):
    menu_label = _("Directory")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (OrganisationAdmin, PersonAdmin, ThemeAdmin)


class OrganisationChooserViewSet(ChooserViewSet):
    model = Organisation
    icon = "site"
    choose_one_text = _("Choose an organisation")
    choose_another_text = _("Choose another organisation")
    edit_item_text = _("Edit organisation")
    form_fields = ["name", "short_name", "kind", "municipality", "website"]


class PersonChooserViewSet(ChooserViewSet):
    model = Person
    icon = "user"
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    edit_item_text = _("Edit person")
    form_fields = ["name", "title", "organisation"]

    def get_object_list(self):
        # A person is listed as "name (organisation)": fetch both in one query.
        return Person.objects.select_related("organisation")


@hooks.register("register_admin_viewset")
def register_directory_choosers():
    return [
        OrganisationChooserViewSet("organisation_chooser"),
        PersonChooserViewSet("person_chooser"),
    ]


@hooks.register("register_admin_urls")
def register_editorial_urls():
    return [
        path("reports/review/", ReviewReportView.as_view(), name="verkosto_review_report"),
        path(
            "reports/review/results/",
            ReviewReportView.as_view(results_only=True),
            name="verkosto_review_report_results",
        ),
        path("members/export/", MemberListExportView.as_view(), name="verkosto_member_export"),
    ]


class MemberListMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_member_lists(request.user)


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return MemberListMenuItem(
        _("Review dates"),
        reverse("verkosto_review_report"),
        name="review-dates",
        icon_name="calendar-alt",
        order=100,
    )


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    panels.append(ReviewDuePanel(request))


class MemberExportButton(PageMenuItem):
    icon_name = "download"

    def __init__(self, spreadsheet_format, label, *, page, priority):
        url = member_export_url(page, spreadsheet_format)
        super().__init__(label=label, url=url, page=page, priority=priority)

    def is_shown(self, user):
        # The export reads published member lists only.
        return (
            self.page.live
            and issubclass(self.page.specific_class, MembershipMixin)
            and can_read_member_lists(user)
        )


@hooks.register("register_page_header_buttons")
@hooks.register("register_page_listing_more_buttons")
def member_export_buttons(page, user, view_name=None, next_url=None):
    yield MemberExportButton("csv", _("Member list as CSV"), page=page, priority=80)
    yield MemberExportButton("xlsx", _("Member list as Excel"), page=page, priority=81)


@hooks.register("before_move_page")
def refuse_moving_a_promise_onto_a_taken_number(request, page, destination):
    """Moving a promise into a plan that already has its number would duplicate it."""
    promise = page.specific
    if not isinstance(promise, ServicePromisePage):
        return None
    error = promise_number_error(promise, destination, promise.number, exclude=promise)
    if error is None:
        return None
    messages.error(request, error)
    return redirect("wagtailadmin_explore", page.get_parent().pk)
