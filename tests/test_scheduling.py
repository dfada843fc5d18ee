"""Go-live and expiry times take effect without a cron job (verkosto_pages/scheduling.py)."""

from datetime import timedelta
from unittest import mock

from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

from verkosto_pages.choices import ExpertGroupStatus
from verkosto_pages.models import ExpertGroupPage
from verkosto_pages.scheduling import LOCK_KEY

from .utils import InitialContentTestCase, seeded

every_minute = override_settings(SCHEDULED_PUBLISHING_INTERVAL=60)


@every_minute
class ScheduledPublishingTests(InitialContentTestCase):
    def setUp(self):
        self.index = seeded("page:expert-groups")
        self.group = self.index.add_child(
            instance=ExpertGroupPage(title="Kesäryhmä 2026", slug="kesaryhma", status=ExpertGroupStatus.FORMING)
        )
        self.group.save_revision().publish()

    def a_minute_passes(self):
        """The next check is due: a new visitor's server process, and the shared lock has lapsed."""
        cache.delete(LOCK_KEY)
        self.client = self.client_class()

    def cache_page(self, url):
        for _ in range(3):
            response = self.client.get(url)
        self.assertEqual(response["X-Cache"], "hit")

    def test_an_expired_page_disappears_at_the_next_request_even_from_the_cache(self):
        url = self.group.url
        self.cache_page(url)
        self.cache_page(self.index.url)
        self.assertIn("Kesäryhmä 2026", self.client.get(self.index.url).content.decode())
        # Its expiry time passes (set without saving, as time passing would).
        Page.objects.filter(pk=self.group.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
        self.a_minute_passes()

        self.assertEqual(self.client.get(url).status_code, 404)
        self.group.refresh_from_db()
        self.assertFalse(self.group.live)
        self.assertTrue(self.group.expired)
        self.assertTrue(PageLogEntry.objects.filter(page=self.group, action="wagtail.unpublish.scheduled").exists())
        self.assertNotIn("Kesäryhmä 2026", self.client.get(self.index.url).content.decode())
        self.assertNotIn("Kesäryhmä 2026", self.client.get("/api/v2/pages/?type=verkosto_pages.ExpertGroupPage").content.decode())

    def test_a_scheduled_page_goes_live_at_its_time_and_not_before(self):
        draft = self.index.add_child(
            instance=ExpertGroupPage(title="Syysryhmä 2027", slug="syysryhma", status=ExpertGroupStatus.FORMING, live=False)
        )
        draft.go_live_at = timezone.now() + timedelta(days=1)
        revision = draft.save_revision(approved_go_live_at=draft.go_live_at)
        self.assertEqual(self.client.get("/verkostot/asiantuntijaryhmat/syysryhma/").status_code, 404)
        self.assertNotIn("Syysryhmä 2027", self.client.get(self.index.url).content.decode())

        # Its time comes.
        moment = timezone.now() - timedelta(seconds=1)
        revision.content["go_live_at"] = moment.isoformat()
        Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=moment, content=revision.content)
        self.a_minute_passes()
        self.assertEqual(self.client.get("/verkostot/asiantuntijaryhmat/syysryhma/").status_code, 200)
        self.assertIn("Syysryhmä 2027", self.client.get(self.index.url).content.decode())

    def test_checks_at_most_once_a_minute_and_costs_nothing_in_between(self):
        url = self.group.url
        self.cache_page(url)  # the first of these requests ran the check
        Page.objects.filter(pk=self.group.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
        with self.assertNumQueries(0):
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_a_failed_run_does_not_fail_the_visitors_request_and_waits_its_turn(self):
        Page.objects.filter(pk=self.group.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
        failing = mock.patch("verkosto_pages.scheduling.call_command", side_effect=RuntimeError("boom"))
        with failing, self.assertLogs("verkosto_pages.scheduling", "ERROR") as logs:
            self.assertEqual(self.client.get(self.index.url).status_code, 200)
            # Another process within the minute does not try again...
            self.client = self.client_class()
            self.assertEqual(self.client.get(self.group.url).status_code, 200)
            # ...and the next minute's failure adds no second traceback.
            self.a_minute_passes()
            self.client.get(self.index.url)
        self.assertEqual(len(logs.records), 1)
        self.assertIn("boom", logs.output[0])
        # Once the cause is gone, the next minute's run does the work and says so.
        self.a_minute_passes()
        with self.assertLogs("verkosto_pages.scheduling", "WARNING") as logs:
            self.assertEqual(self.client.get(self.group.url).status_code, 404)
        self.assertIn("works again", logs.output[0])

    def test_runs_when_the_shared_cache_is_down(self):
        # django-redis, told to ignore its errors, answers add() with None.
        Page.objects.filter(pk=self.group.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
        with mock.patch("verkosto_pages.scheduling.cache.add", return_value=None):
            self.assertEqual(self.client.get(self.group.url).status_code, 404)

    @override_settings(SCHEDULED_PUBLISHING_INTERVAL=0)
    def test_turned_off_it_leaves_the_work_to_the_command(self):
        Page.objects.filter(pk=self.group.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
        self.assertEqual(self.client.get(self.group.url).status_code, 200)
