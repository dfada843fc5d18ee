"""Review reminders: the dashboard and the report list the bodies whose review is due."""

import csv
import datetime
import io

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from verkosto_pages.editorial.panels import ReviewDuePanel
from verkosto_pages.editorial.roles import CONTRIBUTORS, REVIEWERS
from verkosto_pages.models import ExpertGroupPage

from .utils import InitialContentTestCase, make_user, post_page_edit, seeded

TODAY = timezone.localdate()
# The report for any number of pages: the count and the page of pages,
# their workflow states and which of them the user may edit (4), and what
# every admin page costs (session, user, profile, permissions, menus: 7).
REPORT_QUERIES = 11
DAY = datetime.timedelta(days=1)


def set_review_due(key, when):
    page = seeded(key)
    type(page).objects.filter(pk=page.pk).update(review_due=when)
    return page


@override_settings(REVIEW_REMINDER_DAYS=30)
class ReviewTestCase(InitialContentTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.contributor = make_user("kalle", CONTRIBUTORS)
        cls.reviewer = make_user("riitta", REVIEWERS)
        cls.overdue = set_review_due("page:coordination-group", TODAY - DAY)
        cls.due_soon = set_review_due("page:expert-group-digi", TODAY + 10 * DAY)
        cls.later = set_review_due("page:safety-network", TODAY + 90 * DAY)
        cls.undated = set_review_due("page:expert-group-mental-health", None)
        set_review_due("page:expert-group-violence", None)

    def panel(self, html):
        start = html.index('id="review-due-section"')
        return html[start : html.index("</section>", start)]


class DashboardPanelTests(ReviewTestCase):
    def test_the_panel_lists_exactly_the_due_and_overdue_pages_earliest_first(self):
        self.client.force_login(self.contributor)
        panel = self.panel(self.get_html("/admin/"))
        self.assertIn(self.overdue.title, panel)
        self.assertIn(self.due_soon.title, panel)
        self.assertNotIn(self.later.title, panel)
        self.assertNotIn(self.undated.title, panel)
        self.assertLess(panel.index(self.overdue.title), panel.index(self.due_soon.title))
        self.assertIn("Myöhässä", panel)
        self.assertIn("2 toimielimen tai asiantuntijaryhmän tarkistus", panel)

    def test_the_panel_names_the_last_editor(self):
        editor = make_user("toimittaja", superuser=True)
        self.client.force_login(editor)
        post_page_edit(self.client, self.overdue, {"intro": "Tarkistettu esittely."}, action=None)
        panel = self.panel(self.get_html("/admin/"))
        row = panel[panel.index(self.overdue.title) :]
        self.assertIn("toimittaja", row[: row.index("</tr>")])

    def test_publishing_a_new_review_date_removes_the_page_from_the_panel(self):
        self.client.force_login(make_user("paatoimittaja", superuser=True))
        next_year = (TODAY + 365 * DAY).strftime("%d.%m.%Y")
        response = post_page_edit(self.client, self.overdue, {"review_due": next_year})
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(self.overdue.title, self.panel(self.get_html("/admin/")))

    def test_reviewers_see_the_panel_but_get_no_edit_links(self):
        self.client.force_login(self.reviewer)
        panel = self.panel(self.get_html("/admin/"))
        self.assertIn(self.overdue.title, panel)
        self.assertNotIn(f"/admin/pages/{self.overdue.pk}/edit/", panel)

    def test_no_panel_when_nothing_is_due(self):
        for page in (self.overdue, self.due_soon):
            type(page).objects.filter(pk=page.pk).update(review_due=TODAY + 100 * DAY)
        self.client.force_login(self.reviewer)
        self.assertNotIn('id="review-due-section"', self.get_html("/admin/"))

    def test_the_panel_costs_the_same_queries_for_two_or_five_due_pages(self):
        request = RequestFactory().get("/admin/")
        request.user = make_user("laskija", superuser=True)
        counts = []
        for extra in (0, 3):
            for index in range(extra):
                group = ExpertGroupPage(
                    title=f"Lisäryhmä {len(counts)}-{index}", status="forming", review_due=TODAY
                )
                seeded("page:expert-groups").add_child(instance=group)
            with CaptureQueriesContext(connection) as queries:
                html = ReviewDuePanel(request).render_html({})
            self.assertIn(self.overdue.title, html)
            counts.append(len(queries))
        # The due pages, their workflow states (for the status), and which of
        # them the user may edit; counting them costs a query only past the
        # panel's limit of ten.
        self.assertEqual(counts, [3, 3])

    def test_people_outside_the_editorial_groups_see_no_panel(self):
        request = RequestFactory().get("/admin/")
        request.user = AnonymousUser()
        self.assertEqual(ReviewDuePanel(request).render_html({}), "")


class ReviewReportTests(ReviewTestCase):
    def test_the_report_lists_due_pages_by_default_with_last_publication(self):
        self.client.force_login(self.reviewer)
        html = self.get_html("/admin/reports/review/")
        self.assertIn(self.overdue.title, html)
        self.assertIn(self.due_soon.title, html)
        self.assertNotIn(self.later.title, html)
        published = Page.objects.get(pk=self.overdue.pk).last_published_at
        self.assertIn(timezone.localtime(published).strftime("%-d.%-m.%Y"), html)

    def test_the_report_filters_by_review_state(self):
        self.client.force_login(self.reviewer)
        html = self.get_html("/admin/reports/review/?review=missing")
        self.assertIn(self.undated.title, html)
        self.assertNotIn(self.overdue.title, html)
        everything = self.get_html("/admin/reports/review/?review=")
        for page in (self.overdue, self.due_soon, self.later, self.undated):
            self.assertIn(page.title, everything)

    def test_the_report_exports_as_csv(self):
        self.client.force_login(self.reviewer)
        response = self.client.get("/admin/reports/review/?review=&export=csv")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        self.assertEqual(rows[0][:4], ["Otsikko", "Tyyppi", "Tarkistettava viimeistään", "Tarkistus"])
        overdue = next(row for row in rows if row[0] == self.overdue.title)
        self.assertEqual(overdue[2], (TODAY - DAY).isoformat())
        self.assertEqual(overdue[3], "Myöhässä")

    def test_the_report_query_count_does_not_grow_with_the_pages(self):
        self.client.force_login(self.reviewer)
        self.get_html("/admin/reports/review/?review=")  # warm caches (content types, site root)
        counts = []
        for extra in (0, 4):
            for index in range(extra):
                seeded("page:expert-groups").add_child(
                    instance=ExpertGroupPage(title=f"Ryhmä {index}", status="forming", review_due=TODAY)
                )
            with CaptureQueriesContext(connection) as queries:
                self.get_html("/admin/reports/review/?review=")
            counts.append(len(queries))
        self.assertEqual(counts, [REPORT_QUERIES, REPORT_QUERIES])
