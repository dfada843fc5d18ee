"""The admin speaks Finnish to new staff, and explains every structured field in Finnish."""

from django.db import models
from django.utils import translation
from wagtail.models import Page, get_page_models

from verkosto_pages.editorial.roles import CONTRIBUTORS

from .utils import InitialContentTestCase, make_user, seeded


def editable_fields(model):
    """The fields a page type (and its inline rows) adds to Wagtail's own, as its editor shows them."""
    own = [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.Field)
        and field.editable
        and not field.auto_created
        and field.model is not Page
        and not field.name.startswith("page_ptr")
    ]
    rows = [
        field
        for relation in model._meta.related_objects
        if relation.related_model._meta.app_label in ("verkosto_pages", "home")
        and hasattr(relation.related_model, "panels")
        for field in relation.related_model._meta.get_fields()
        if isinstance(field, models.Field)
        and field.editable
        and field.name not in ("id", "page", "sort_order")
    ]
    return own + rows


class AdminLanguageTests(InitialContentTestCase):
    def test_a_new_staff_member_gets_the_admin_in_finnish(self):
        self.client.force_login(make_user("uusi", CONTRIBUTORS))
        html = self.get_html("/admin/")
        self.assertIn('<html lang="fi"', html)
        self.assertIn("Kirjaudu ulos", html)
        html = self.get_html(f"/admin/pages/{seeded('page:coordination-group').pk}/edit/")
        self.assertIn("Tallenna luonnos", html)

    def test_staff_may_choose_only_finnish_or_english(self):
        self.client.force_login(make_user("uusi", CONTRIBUTORS))
        html = self.get_html("/admin/account/")
        self.assertIn('value="fi"', html)
        self.assertNotIn('value="sv"', html)

    def test_every_structured_field_has_finnish_help_text(self):
        missing = set()
        for model in get_page_models():
            if model._meta.app_label not in ("verkosto_pages", "home"):
                continue
            for field in editable_fields(model):
                with translation.override("fi"):
                    finnish = str(field.help_text)
                with translation.override("en"):
                    english = str(field.help_text)
                if not finnish or finnish == english:
                    missing.add(f"{field.model.__name__}.{field.name}")
        self.assertEqual(sorted(missing), [], "fields without Finnish help text")
