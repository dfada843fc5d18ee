"""Revision history: compare two versions of a member list, revert, schedule, and the audit log."""

import datetime
import io
import re
from unittest import mock

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry

from verkosto_pages.models import Membership

from .utils import StaffTestCase, edit_form_data, post_page_edit, seeded


def member_list(page):
    """The page's member rows as the public sees them: organisation, person, role, note, in order."""
    return list(
        Membership.objects.filter(page=page)
        .order_by("sort_order")
        .values_list("organisation__name", "representative__name", "role", "note")
    )


class RevisionTestCase(StaffTestCase):
    def setUp(self):
        super().setUp()
        self.page = seeded("page:coordination-group")
        self.original_members = member_list(self.page)
        self.first_revision = self.page.latest_revision
        # The editor replaces the police with the national organisations and
        # makes Verso the chair, then publishes.
        police_index = [row[0] for row in self.original_members].index("Poliisi")
        verso_index = [row[0] for row in self.original_members].index(
            "Sosiaalialan osaamiskeskus Verso"
        )
        response = post_page_edit(
            self.client,
            self.page,
            {
                f"memberships-{police_index}-organisation": str(seeded("org:kansalliset-organisaatiot").pk),
                f"memberships-{verso_index}-role": "chair",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.page.refresh_from_db()
        self.second_revision = self.page.latest_revision


class CompareTests(RevisionTestCase):
    def test_the_comparison_shows_who_left_and_joined_the_member_list(self):
        html = self.get_html(
            f"/admin/pages/{self.page.pk}/revisions/compare/"
            f"{self.first_revision.pk}...{self.second_revision.pk}/"
        )
        members = html[html.index("Jäsenet") :]
        self.assertRegex(members, r'<span class="deletion">\s*Poliisi\s*</span>')
        self.assertRegex(members, r'<span class="addition">\s*Kansalliset organisaatiot\s*</span>')
        self.assertRegex(members, r'<span class="deletion">\s*Jäsen\s*</span>')
        self.assertRegex(members, r'<span class="addition">\s*Puheenjohtaja\s*</span>')

    def test_the_comparison_shows_a_changed_streamfield_item(self):
        page = seeded("page:coordination-group")
        before = page.latest_revision
        data = {"responsibilities-1-value": "Koulutus ja perehdytys"}
        self.assertEqual(post_page_edit(self.client, page, data).status_code, 302)
        page.refresh_from_db()
        html = self.get_html(
            f"/admin/pages/{page.pk}/revisions/compare/{before.pk}...{page.latest_revision.pk}/"
        )
        self.assertRegex(html, r'Koulutus<span class="addition">\s*ja perehdytys</span>')


class RevertTests(RevisionTestCase):
    def test_revert_restores_the_earlier_member_list_exactly(self):
        self.assertNotEqual(member_list(self.page), self.original_members)
        revert_url = f"/admin/pages/{self.page.pk}/revisions/{self.first_revision.pk}/revert/"
        old_version = self.first_revision.as_object()
        data = edit_form_data(self.client, revert_url, old_version)
        self.assertEqual(data["memberships-TOTAL_FORMS"], str(len(self.original_members)))
        data["action-publish"] = "action-publish"
        response = self.client.post(revert_url, data)
        self.assertEqual(response.status_code, 302)

        self.assertEqual(member_list(self.page), self.original_members)
        public = self.get_html(self.page.url)
        self.assertIn("Poliisi", public)
        self.assertNotIn("Kansalliset organisaatiot", public)
        self.assertEqual(
            PageLogEntry.objects.filter(page=self.page, action="wagtail.revert").count(), 1
        )

    def test_the_history_names_who_changed_the_page(self):
        html = self.get_html(f"/admin/pages/{self.page.pk}/history/")
        self.assertIn("toimittaja", html)
        self.assertIn("Julkaistu", html)


class ScheduledPublishingTests(RevisionTestCase):
    def test_a_scheduled_change_goes_live_when_publish_scheduled_runs(self):
        go_live = (timezone.localtime() + datetime.timedelta(days=7)).strftime("%d.%m.%Y %H.%M")
        response = post_page_edit(
            self.client, self.page, {"intro": "Ajastettu esittely.", "go_live_at": go_live}
        )
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("Ajastettu esittely.", self.get_html(self.page.url))
        self.assertNotIn("Ajastettu esittely.", str(self.client.get(f"/api/v2/pages/{self.page.pk}/").json()))

        # Running the command before the time changes nothing; a week later it publishes.
        call_command("publish_scheduled", stdout=io.StringIO())
        self.assertNotIn("Ajastettu esittely.", self.get_html(self.page.url))
        a_week_later = timezone.now() + datetime.timedelta(days=7, minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=a_week_later):
            call_command("publish_scheduled", stdout=io.StringIO())
        self.assertIn("Ajastettu esittely.", self.get_html(self.page.url))

    def test_an_expired_page_leaves_the_site(self):
        page = seeded("page:expert-group-violence")
        expiry = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%d.%m.%Y %H.%M")
        self.assertEqual(post_page_edit(self.client, page, {"expire_at": expiry}).status_code, 302)
        page.refresh_from_db()
        self.assertEqual(page.expire_at.date(), (timezone.localtime() + datetime.timedelta(days=1)).date())

        call_command("publish_scheduled", stdout=io.StringIO())
        self.get_html(page.url)
        two_days_later = timezone.now() + datetime.timedelta(days=2)
        with mock.patch("django.utils.timezone.now", return_value=two_days_later):
            call_command("publish_scheduled", stdout=io.StringIO())
        self.get_html(page.url, status=404)


class LastUpdatedTests(RevisionTestCase):
    def test_the_member_list_carries_the_editors_checked_note(self):
        html = self.get_html(self.page.url)
        members = html[html.index('id="members-heading"') :]
        self.assertRegex(
            re.sub(r"\s+", " ", members),
            r'Jäsenluettelo päivitetty <time datetime="2018-01-10">10\.1\.2018</time> / SL',
        )
