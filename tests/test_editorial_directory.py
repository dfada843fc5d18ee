"""The directory: where each entry appears, deleting only what is unused, member-list exports."""

import csv
import io

from openpyxl import load_workbook

from verkosto_pages.editorial.roles import EDITORS
from verkosto_pages.models import ExpertGroupPage, Membership, Organisation, Person, Theme

from .utils import InitialContentTestCase, make_user, post_page_edit, seeded


class DirectoryTestCase(InitialContentTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.editor = make_user("paivi", EDITORS)

    def setUp(self):
        self.client.force_login(self.editor)

    def save_draft_with_member(self, page, organisation):
        """Save (not publish) ``page`` with ``organisation`` as its only member."""
        data = {
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-organisation": str(organisation.pk),
            "memberships-0-role": "member",
            "memberships-0-ORDER": "1",
        }
        self.assertEqual(post_page_edit(self.client, page, data, action=None).status_code, 302)

    def usage_section(self, html):
        return html[html.index('id="usage-heading"') :]


class InspectTests(DirectoryTestCase):
    def test_an_organisations_inspect_view_lists_its_pages_and_roles(self):
        organisation = seeded("org:lahden-ensi-ja-turvakoti")
        html = self.get_html(f"/admin/verkosto_pages/organisation/inspect/{organisation.pk}/")
        usage = self.usage_section(html)
        self.assertIn("Seutukoordinaatioryhmä", usage)
        self.assertIn("Turvallisuusverkosto", usage)
        self.assertIn("Puheenjohtaja", usage)  # its seat in the safety network
        self.assertNotIn("Mielenterveys ja päihteet", usage)

    def test_a_persons_inspect_view_lists_coordinator_and_member_roles(self):
        leimio = seeded("person:susanna-leimio")
        usage = self.usage_section(self.get_html(f"/admin/verkosto_pages/person/inspect/{leimio.pk}/"))
        self.assertIn("Seutukoordinaatioryhmä", usage)
        self.assertIn("Ehkäisevän työn seutukoordinaattori", usage)
        ihalainen = seeded("person:jukka-ihalainen")
        usage = self.usage_section(self.get_html(f"/admin/verkosto_pages/person/inspect/{ihalainen.pk}/"))
        self.assertIn("Turvallisuusverkosto", usage)
        self.assertIn("Puheenjohtaja", usage)

    def test_a_themes_inspect_view_lists_its_pages(self):
        theme = seeded("theme:gambling-harm-prevention")
        usage = self.usage_section(self.get_html(f"/admin/verkosto_pages/theme/inspect/{theme.pk}/"))
        self.assertIn("Digi- ja rahapelihaittojen ehkäisyn asiantuntijaryhmä", usage)

    def test_a_draft_use_is_shown_as_an_unpublished_change(self):
        page = seeded("page:expert-group-violence")
        rikosuhri = seeded("org:rikosuhripaivystys")
        self.save_draft_with_member(page, rikosuhri)
        self.assertFalse(Membership.objects.filter(page=page).exists())  # a draft only
        usage = self.usage_section(
            self.get_html(f"/admin/verkosto_pages/organisation/inspect/{rikosuhri.pk}/")
        )
        section = usage[usage.index("Perhe- ja lähisuhdeväkivallan") :]
        self.assertIn("Julkaisematon muutos", section[: section.index("</tr>")])


class DeleteProtectionTests(DirectoryTestCase):
    def test_an_organisation_on_a_live_page_is_not_deleted_and_the_pages_are_named(self):
        verso = seeded("org:verso")
        url = f"/admin/verkosto_pages/organisation/delete/{verso.pk}/"
        html = self.get_html(url)
        self.assertIn("on käytössä, eikä sitä voi poistaa", html)
        self.assertIn("Seutukoordinaatioryhmä", html)
        self.assertNotIn("Kyllä, poista", html)  # no delete button is offered

        response = self.client.post(url)
        self.assertEqual(response.status_code, 409)
        self.assertIn("Seutukoordinaatioryhmä", response.content.decode())
        self.assertTrue(Organisation.objects.filter(pk=verso.pk).exists())
        self.assertEqual(Membership.objects.filter(organisation=verso).count(), 1)

    def test_an_organisation_used_only_in_a_draft_is_not_deleted(self):
        page = seeded("page:expert-group-violence")
        new = Organisation.objects.create(name="Uusi yhdistys ry", kind="ngo")
        self.save_draft_with_member(page, new)
        response = self.client.post(f"/admin/verkosto_pages/organisation/delete/{new.pk}/")
        self.assertEqual(response.status_code, 409)
        self.assertTrue(Organisation.objects.filter(pk=new.pk).exists())

    def test_an_organisation_with_people_is_not_deleted(self):
        turvakoti = seeded("org:lahden-ensi-ja-turvakoti")
        Membership.objects.filter(organisation=turvakoti).delete()
        html = self.client.post(f"/admin/verkosto_pages/organisation/delete/{turvakoti.pk}/").content.decode()
        self.assertIn("Jukka Ihalainen", html)
        self.assertTrue(Organisation.objects.filter(pk=turvakoti.pk).exists())

    def test_a_person_or_theme_in_use_is_not_deleted(self):
        person = seeded("person:susanna-leimio")
        theme = seeded("theme:violence-prevention")
        self.assertEqual(self.client.post(f"/admin/verkosto_pages/person/delete/{person.pk}/").status_code, 409)
        self.assertEqual(self.client.post(f"/admin/verkosto_pages/theme/delete/{theme.pk}/").status_code, 409)
        self.assertTrue(Person.objects.filter(pk=person.pk).exists())
        self.assertTrue(Theme.objects.filter(pk=theme.pk).exists())

    def test_an_unused_organisation_is_deleted(self):
        unused = Organisation.objects.create(name="Käyttämätön ry", kind="ngo")
        html = self.get_html(f"/admin/verkosto_pages/organisation/delete/{unused.pk}/")
        self.assertIn("Kyllä, poista", html)
        response = self.client.post(f"/admin/verkosto_pages/organisation/delete/{unused.pk}/")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Organisation.objects.filter(pk=unused.pk).exists())


class MemberExportTests(DirectoryTestCase):
    def export(self, spreadsheet_format, page=None):
        query = f"?export={spreadsheet_format}" + (f"&page={page.pk}" if page else "")
        response = self.client.get(f"/admin/members/export/{query}")
        self.assertEqual(response.status_code, 200)
        return response

    def test_a_bodys_member_list_as_csv(self):
        page = seeded("page:safety-network")
        response = self.export("csv", page)
        self.assertIn('filename="turvallisuusverkosto-', response["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        self.assertEqual(
            rows[0],
            ["Toimielin", "Rooli", "Organisaatio", "Organisaation tyyppi", "Kunta", "Edustaja",
             "Edustajan tehtävänimike", "Lisätieto"],
        )
        self.assertEqual(len(rows) - 1, Membership.objects.filter(page=page).count())
        chair = next(row for row in rows if row[1] == "Puheenjohtaja")
        self.assertEqual(chair[2], "Lahden ensi- ja turvakoti ry")
        self.assertEqual(chair[5], "Jukka Ihalainen")
        self.assertNotIn("@", b"".join(self.export("csv", page).streaming_content).decode())

    def test_every_bodys_member_list_as_excel(self):
        response = self.export("xlsx")
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        bodies = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertIn("Seutukoordinaatioryhmä", bodies)
        self.assertIn("Turvallisuusverkosto", bodies)
        self.assertEqual(sheet.max_row - 1, Membership.objects.count())

    def test_the_export_is_offered_on_a_bodys_page_in_the_admin(self):
        page = seeded("page:coordination-group")
        html = self.get_html(f"/admin/pages/{page.pk}/edit/")
        self.assertIn(f"/admin/members/export/?export=xlsx&amp;page={page.pk}", html)

    def test_drafts_and_restricted_pages_stay_out_of_the_export(self):
        from wagtail.models import PageViewRestriction

        group = ExpertGroupPage(title="Salainen luonnosryhmä", status="forming", live=False)
        group.memberships = [Membership(note="LUONNOS", role="member")]
        seeded("page:expert-groups").add_child(instance=group)
        restricted = seeded("page:expert-group-mental-health")
        PageViewRestriction.objects.create(page=restricted, restriction_type="login")
        body = b"".join(self.export("csv").streaming_content).decode()
        self.assertNotIn("LUONNOS", body)
        self.assertNotIn(restricted.title, body)
        self.assertIn("Turvallisuusverkosto", body)
        for page in (group, restricted):
            response = self.client.get(f"/admin/members/export/?export=csv&page={page.pk}")
            self.assertEqual(response.status_code, 404)

    def test_a_bad_page_or_format_is_a_404(self):
        for query in ("?export=pdf", "?export=csv&page=abc", "?export=csv&page=999999", ""):
            with self.subTest(query=query):
                self.assertEqual(self.client.get(f"/admin/members/export/{query}").status_code, 404)


class UsageQueryCountTests(DirectoryTestCase):
    def test_inspect_and_delete_views_cost_the_same_for_one_or_many_pages(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        organisation = Organisation.objects.create(name="Laskettava ry", kind="ngo")
        counts = {}
        for pages in (1, 4):
            for page in ExpertGroupPage.objects.order_by("path")[: pages]:
                Membership.objects.get_or_create(page=page, organisation=organisation, role="member")
            for view in ("inspect", "delete"):
                url = f"/admin/verkosto_pages/organisation/{view}/{organisation.pk}/"
                self.get_html(url)  # warm per-process caches
                with CaptureQueriesContext(connection) as queries:
                    html = self.get_html(url)
                self.assertIn("Laskettava ry", html)
                counts.setdefault(view, []).append(len(queries))
        # The admin's own (session, user, permissions, menus), the entry, its
        # rows, the drafts' revisions, the pages with their status; delete
        # also counts the organisation's people.
        self.assertEqual(counts, {"inspect": [14, 14], "delete": [15, 15]})
