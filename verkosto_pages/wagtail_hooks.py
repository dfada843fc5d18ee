"""Admin for the directory (wagtail-modeladmin) and the choosers used on member rows."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .models import Organisation, Person, Theme


class ThemeAdmin(ModelAdmin):
    model = Theme
    menu_icon = "tag"
    list_display = ("name", "slug", "sort_order")
    search_fields = ("name", "slug", "description")
    ordering = ("sort_order", "name")
    inspect_view_enabled = True
    prepopulated_fields = {"slug": ("name",)}


class OrganisationAdmin(ModelAdmin):
    model = Organisation
    menu_icon = "site"
    list_display = ("name", "short_name", "kind", "municipality", "website")
    list_filter = ("kind", "municipality")
    search_fields = ("name", "short_name", "municipality")
    ordering = ("name",)
    inspect_view_enabled = True


class PersonAdmin(ModelAdmin):
    model = Person
    menu_icon = "user"
    list_display = ("name", "title", "organisation", "show_contact_details")
    list_filter = ("organisation__kind", "show_contact_details")
    list_select_related = ("organisation",)
    search_fields = ("name", "title", "organisation__name", "email")
    ordering = ("name",)
    inspect_view_enabled = True


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
