"""Communications staff in the admin: the directory, and editing a page end to end."""

from wagtail.test.utils.form_data import querydict_from_html

from verkosto_pages.models import Membership

from .utils import (
    PAGE_OF_EACH_TYPE,
    StaffTestCase,
    post_page_edit,
    seeded,
    streamfield_post_data,
)


class DirectoryAdminTests(StaffTestCase):
    def test_organisation_list_shows_name_kind_and_municipality(self):
        html = self.get_html("/admin/verkosto_pages/organisation/")
        self.assertIn("Sosiaalialan osaamiskeskus Verso", html)
        self.assertIn("Osaamiskeskus", html)
        self.assertIn("Lahti", html)

    def test_organisation_search_narrows_the_list(self):
        html = self.get_html("/admin/verkosto_pages/organisation/?q=Verso")
        self.assertIn("Sosiaalialan osaamiskeskus Verso", html)
        self.assertNotIn("Rikosuhripäivystys", html)

    def test_organisation_filter_by_kind(self):
        html = self.get_html("/admin/verkosto_pages/organisation/?kind__exact=ngo")
        self.assertIn("Lahden ensi- ja turvakoti ry", html)
        self.assertNotIn("Rikosuhripäivystys", html)

    def test_person_search_finds_by_organisation(self):
        html = self.get_html("/admin/verkosto_pages/person/?q=turvakoti")
        self.assertIn("Jukka Ihalainen", html)
        self.assertNotIn("Susanna Leimio", html)

    def test_inspect_view_shows_a_persons_details(self):
        person = seeded("person:susanna-leimio")
        html = self.get_html(f"/admin/verkosto_pages/person/inspect/{person.pk}/")
        self.assertIn("Ehkäisevän työn seutukoordinaattori", html)
        self.assertIn("Sosiaalialan osaamiskeskus Verso", html)

    def test_theme_list_shows_the_four_winds(self):
        html = self.get_html("/admin/verkosto_pages/theme/")
        self.assertEqual(html.count("violence-prevention"), 1)
        self.assertIn("Edistävä mielenterveystyö", html)

    def test_organisation_chooser_searches(self):
        response = self.client.get("/admin/organisation_chooser/results/?q=Mente")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Mente-palvelut", response.content.decode())
        self.assertNotIn("Rikosuhripäivystys", response.content.decode())

    def test_person_chooser_lists_people_with_organisations_in_constant_queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from verkosto_pages.models import Organisation, Person

        def count():
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get("/admin/person_chooser/")
            self.assertEqual(response.status_code, 200)
            return len(queries), response.json()["html"]

        self.client.get("/admin/person_chooser/")
        few, html = count()
        self.assertIn("Susanna Leimio (Sosiaalialan osaamiskeskus Verso)", html)
        for n in range(20):
            organisation = Organisation.objects.create(name=f"Yhdistys {n}")
            Person.objects.create(name=f"Henkilö {n}", organisation=organisation)
        many, html = count()
        self.assertIn("Henkilö 1 (Yhdistys 1)", html)
        self.assertEqual(few, many)

    def test_only_staff_reach_the_directory(self):
        self.client.logout()
        response = self.client.get("/admin/verkosto_pages/organisation/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])


class EditorFlowTests(StaffTestCase):
    def edit_and_publish(self, page, changes):
        return post_page_edit(self.client, page, changes)

    def test_every_page_type_opens_in_the_editor(self):
        for key in PAGE_OF_EACH_TYPE:
            with self.subTest(key=key):
                self.get_html(f"/admin/pages/{seeded(key).pk}/edit/")

    def test_editor_changes_the_chair_publishes_and_sees_it_in_public_and_history(self):
        page = seeded("page:safety-network")
        heli = seeded("person:heli-lehtinen")
        chair_index = [m.role for m in page.memberships.order_by("sort_order")].index("chair")
        response = self.edit_and_publish(
            page, {f"memberships-{chair_index}-representative": str(heli.pk)}
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])

        public = self.get_html(page.url)
        self.assertIn("Heli Lehtinen", public[public.index("Puheenjohtaja"):public.index("Jäsenet")])
        self.assertEqual(seeded("page:safety-network").chair, heli)

        history = self.get_html(f"/admin/pages/{page.pk}/history/")
        self.assertIn("toimittaja", history)
        self.assertEqual(page.revisions.count(), 2)

    def test_term_ending_before_it_starts_is_a_form_error(self):
        page = seeded("page:coordination-group")
        response = self.edit_and_publish(page, {"term_start": "2020", "term_end": "2017"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Toimikausi ei voi päättyä ennen kuin se alkaa.", response.content.decode())
        self.assertEqual(seeded("page:coordination-group").term_end, 2020)

    def test_member_row_needs_an_organisation_person_or_note(self):
        page = seeded("page:coordination-group")
        response = self.edit_and_publish(
            page,
            {"memberships-0-organisation": "", "memberships-0-representative": "", "memberships-0-note": ""},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Valitse organisaatio tai edustaja tai kuvaa jäsenpaikka lisätiedoissa.",
            response.content.decode(),
        )
        self.assertEqual(Membership.objects.filter(page=page, organisation__isnull=True).count(), 0)
        self.assertEqual(page.revisions.count(), 1, "nothing was saved")


class PreviewTests(StaffTestCase):
    """An editor previews a page before it is saved for the first time, and after."""

    def preview(self, preview_url, form_url, page, **fields):
        data = querydict_from_html(self.get_html(form_url), form_id="page-edit-form")
        for name, value in {**streamfield_post_data(page), "title": "Esikatselusivu", **fields}.items():
            data[name] = value
        response = self.client.post(preview_url, data)
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        return self.get_html(preview_url)

    def test_a_new_page_of_each_type_can_be_previewed(self):
        from django.apps import apps

        for model_name, parent_key, fields in (
            ("verkosto_pages.ContentPage", "page:home", {}),
            ("verkosto_pages.ExpertGroupPage", "page:expert-groups", {"convener_note": "Sovitaan."}),
            ("verkosto_pages.ActivityReportPage", "page:network", {}),
            ("verkosto_pages.ActionPlanPage", "page:network", {}),
            ("verkosto_pages.ServicePromisePage", "page:action-plan", {"number": "6"}),
        ):
            with self.subTest(model=model_name):
                model = apps.get_model(model_name)
                app, name = model._meta.app_label, model._meta.model_name
                parent = seeded(parent_key)
                add_url = f"/admin/pages/add/{app}/{name}/{parent.pk}/"
                html = self.preview(add_url + "preview/", add_url, model(), **fields)
                self.assertIn("<h1>Esikatselusivu</h1>", html)

    def test_an_existing_page_of_each_type_can_be_previewed(self):
        for key in PAGE_OF_EACH_TYPE:
            with self.subTest(key=key):
                page = seeded(key)
                edit_url = f"/admin/pages/{page.pk}/edit/"
                html = self.preview(edit_url + "preview/", edit_url, page)
                self.assertIn("Esikatselusivu", html)
