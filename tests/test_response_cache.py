"""The server's cache of anonymous pages and API answers (verkosto_pages/cache.py):
what it serves, what empties it, and who it never serves."""

import json
import time

from unittest import mock

from django.conf import settings
from django.core.cache import caches
from django.test import RequestFactory, override_settings
from wagtail.models import Page, PageViewRestriction

from verkosto_pages import cache as response_cache
from verkosto_pages.models import ExpertGroupPage, Organisation
from verkosto_pages.restrictions import RestrictionScopeMiddleware

from .utils import InitialContentTestCase, make_user, seeded


def as_text(response):
    """The answer's text, with JSON decoded (API v3 escapes non-ASCII letters)."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


class CacheTestCase(InitialContentTestCase):
    def fetch(self, url, **headers):
        return self.client.get(url, **headers)

    def cached(self, url):
        """The answer once the cache holds it (the first request notes tags, the second stores)."""
        self.fetch(url)
        self.fetch(url)
        response = self.fetch(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(response["X-Cache"], "hit", url)
        return response


class WhatIsServedTests(CacheTestCase):
    def test_a_page_and_api_answers_come_from_the_cache_with_their_etag(self):
        group = seeded("page:expert-group-digi")
        for url in (group.url, f"/api/v2/pages/{group.pk}/", f"/api/v3/pages/{group.pk}/",
                    "/api/v2/pages/?type=verkosto_pages.ExpertGroupPage&fields=*"):
            response = self.cached(url)
            self.assertTrue(response["ETag"], url)
            not_modified = self.fetch(url, HTTP_IF_NONE_MATCH=response["ETag"])
            self.assertEqual(not_modified.status_code, 304, url)
            self.assertEqual(not_modified.content, b"", url)

    def test_head_gets_the_headers_without_the_body(self):
        url = seeded("page:network").url
        body = self.cached(url)
        head = self.client.head(url)
        self.assertEqual((head.status_code, head["X-Cache"], head.content), (200, "hit", b""))
        self.assertEqual(head["ETag"], body["ETag"])

    def test_html_is_checked_back_every_time(self):
        response = self.cached(seeded("page:home").url)
        self.assertIn("max-age=0", response["Cache-Control"])
        self.assertIn("must-revalidate", response["Cache-Control"])

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_zero_seconds_turns_the_cache_off(self):
        url = seeded("page:home").url
        for _ in range(3):
            self.assertFalse(self.fetch(url).has_header("X-Cache"))


class WhoIsNeverServedTests(CacheTestCase):
    def test_a_logged_in_editor_gets_a_fresh_page_and_never_fills_the_cache(self):
        url = seeded("page:safety-network").url
        self.cached(url)
        self.client.force_login(make_user("toimittaja", superuser=True))
        editor_view = self.fetch(url)
        self.assertFalse(editor_view.has_header("X-Cache"))
        self.assertIn("wagtail-userbar", editor_view.content.decode())
        self.client.logout()
        public_view = self.fetch(url)
        self.assertNotIn("wagtail-userbar", public_view.content.decode())

    def test_a_token_or_session_cookie_is_never_answered_from_the_cache(self):
        url = f"/api/v3/pages/{seeded('page:network').pk}/"
        self.cached(url)
        self.assertFalse(self.fetch(url, HTTP_AUTHORIZATION="Bearer nothing").has_header("X-Cache"))
        self.client.cookies["sessionid"] = "anything"
        self.assertFalse(self.fetch(url).has_header("X-Cache"))

    def test_a_password_form_is_never_stored(self):
        group = seeded("page:expert-group-digi")
        PageViewRestriction.objects.create(page=group, restriction_type="password", password="salasana")
        for _ in range(3):
            response = self.fetch(group.url)
            self.assertNotEqual(response.get("X-Cache"), "hit")


class WhatEmptiesItTests(CacheTestCase):
    def test_renaming_an_organisation_shows_at_once_on_every_page_and_answer_that_lists_it(self):
        body = seeded("page:safety-network")
        organisation = body.member_rows[0].organisation
        urls = [body.url, f"/api/v2/pages/{body.pk}/", f"/api/v3/pages/{body.pk}/",
                "/api/v2/pages/?type=verkosto_pages.SafetyNetworkPage&fields=members"]
        for url in urls:
            self.assertIn(organisation.name, self.cached(url).content.decode())
        organisation.name = "Uudelleennimetty organisaatio"
        organisation.save()
        for url in urls:
            response = self.fetch(url)
            self.assertEqual(response["X-Cache"], "miss", url)
            self.assertIn("Uudelleennimetty organisaatio", response.content.decode(), url)
        # The generated org chart is part of the page: it shows the new name as well.
        html = self.fetch(body.url).content.decode()
        self.assertIn("Uudelleennimetty", html[html.index("<svg"):html.index("</svg>")])

    def test_a_page_naming_more_organisations_than_it_keeps_tags_for_still_shows_a_rename(self):
        from verkosto_pages.models import Membership

        body = seeded("page:safety-network")
        extra = [Organisation.objects.create(name=f"Yhdistys {n}", kind="ngo") for n in range(25)]
        for organisation in extra:
            body.memberships.add(Membership(organisation=organisation, role="member"))
        body.save_revision().publish()
        self.assertGreater(len(extra), response_cache.MAX_TAGS_PER_MODEL)
        self.cached(body.url)
        extra[7].name = "Nimetty uudelleen ry"
        extra[7].save()
        self.assertIn("Nimetty uudelleen ry", self.fetch(body.url).content.decode())

    def test_an_unrelated_edit_keeps_the_entry(self):
        url = seeded("page:activity-report").url
        self.cached(url)
        Organisation.objects.create(name="Uusi yhdistys", kind="ngo")
        self.assertEqual(self.fetch(url)["X-Cache"], "hit")

    def test_publishing_a_change_shows_at_once(self):
        group = seeded("page:expert-group-digi")
        self.cached(group.url)
        group.title = "Digi- ja rahapelihaittojen ryhmä"
        group.save_revision().publish()
        self.assertIn("Digi- ja rahapelihaittojen ryhmä", self.fetch(group.url).content.decode())

    def test_a_draft_change_is_not_shown(self):
        group = seeded("page:expert-group-digi")
        self.cached(group.url)
        group.title = "Luonnoksen otsikko"
        group.save_revision()
        self.assertNotIn("Luonnoksen otsikko", self.fetch(group.url).content.decode())

    def test_unpublishing_and_deleting_answer_404_at_once_and_leave_the_listings(self):
        group = seeded("page:expert-group-digi")
        index = seeded("page:expert-groups")
        listing = "/api/v2/pages/?type=verkosto_pages.ExpertGroupPage"
        for url in (group.url, index.url, listing):
            self.cached(url)
        group.unpublish()
        self.assertEqual(self.fetch(group.url).status_code, 404)
        self.assertNotIn(group.title, self.fetch(index.url).content.decode())
        self.assertNotIn(group.title, self.fetch(listing).content.decode())
        other = seeded("page:expert-group-violence")
        url = other.url
        self.cached(url)
        other.delete()
        self.assertEqual(self.fetch(url).status_code, 404)

    def test_a_new_page_joins_its_parent_and_the_listings_at_once(self):
        index = seeded("page:expert-groups")
        listing = "/api/v2/pages/?type=verkosto_pages.ExpertGroupPage"
        self.cached(index.url)
        self.cached(listing)
        group = index.add_child(instance=ExpertGroupPage(title="Uusi asiantuntijaryhmä", slug="uusi"))
        group.save_revision().publish()
        self.assertIn("Uusi asiantuntijaryhmä", self.fetch(index.url).content.decode())
        self.assertIn("Uusi asiantuntijaryhmä", self.fetch(listing).content.decode())

    def test_moving_a_page_redirects_its_old_address_at_once(self):
        content = seeded("page:accessibility-statement")
        old_url = content.url
        self.cached(old_url)
        content.move(seeded("page:network"), pos="last-child")
        moved = Page.objects.get(pk=content.pk)
        response = self.fetch(old_url)
        self.assertEqual((response.status_code, response["Location"]), (301, moved.url))
        self.assertEqual(self.fetch(moved.url).status_code, 200)

    def test_a_new_view_restriction_hides_a_cached_page_at_once(self):
        group = seeded("page:expert-group-digi")
        self.assertIn(group.title, self.cached(group.url).content.decode())
        self.cached(seeded("page:expert-groups").url)
        PageViewRestriction.objects.create(page=group, restriction_type="login")
        self.assertEqual(self.fetch(group.url).status_code, 302)
        self.assertNotIn(group.title, self.fetch(seeded("page:expert-groups").url).content.decode())

    def test_etag_changes_with_the_content(self):
        group = seeded("page:expert-group-digi")
        before = self.cached(group.url)["ETag"]
        group.title = "Uusi nimi"
        group.save_revision().publish()
        after = self.fetch(group.url, HTTP_IF_NONE_MATCH=before)
        self.assertEqual(after.status_code, 200)
        self.assertNotEqual(after["ETag"], before)

    def test_clear_page_cache_empties_everything(self):
        url = seeded("page:home").url
        self.cached(url)
        response_cache.clear()
        self.assertEqual(self.fetch(url)["X-Cache"], "miss")


class LinkedPagesTests(CacheTestCase):
    def test_publishing_a_page_that_a_cached_page_links_to_shows_the_link_at_once(self):
        from home.models import FooterLink
        from verkosto_pages.models import ContentPage

        home = seeded("page:home")
        draft = home.add_child(instance=ContentPage(title="Tietosuojaseloste", slug="tietosuoja", live=False))
        FooterLink.objects.create(page=home, target=draft, sort_order=5)
        group = seeded("page:expert-group-digi")
        self.assertNotIn("Tietosuojaseloste", self.cached(group.url).content.decode())
        draft.save_revision().publish()
        self.assertIn("Tietosuojaseloste", self.fetch(group.url).content.decode())

    def test_a_promise_shows_a_group_published_after_it_was_cached(self):
        from verkosto_pages.models import ServicePromiseGroupLink

        promise, group = seeded("page:service-promise-1"), seeded("page:expert-group-digi")
        group.unpublish()
        ServicePromiseGroupLink.objects.create(page=promise, target=group)
        urls = (promise.url, f"/api/v2/pages/{promise.pk}/", f"/api/v3/pages/{promise.pk}/")
        for url in urls:
            self.assertNotIn(f'"id": {group.pk}', as_text(self.cached(url)), url)
        group.save_revision().publish()
        for url in urls:
            self.assertIn(group.title, as_text(self.fetch(url)), url)

    def test_search_forgets_an_organisations_old_name(self):
        organisation = seeded("page:safety-network").member_rows[0].organisation
        url = "/haku/?q=" + organisation.name.split()[0]
        self.assertIn("search-result__title", self.cached(url).content.decode())
        organisation.name = "Aivan toinen nimi"
        organisation.save()
        response = self.fetch(url)
        self.assertEqual(response["X-Cache"], "miss")


class CacheDownTests(CacheTestCase):
    def test_pages_are_served_from_the_database_while_the_cache_is_down(self):
        url = seeded("page:network").url
        self.cached(url)
        broken = mock.Mock(side_effect=ConnectionError("Redis is down"))
        with mock.patch.object(response_cache, "_cache", broken):
            response = self.fetch(url)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.has_header("X-Cache"))

    def test_an_edit_fails_rather_than_leave_a_stale_page_when_the_cache_cannot_be_written(self):
        organisation = Organisation.objects.create(name="Yhdistys ry", kind="ngo")
        broken = mock.Mock(side_effect=ConnectionError("Redis is down"))
        with mock.patch.object(response_cache, "_cache", broken), self.assertRaises(ConnectionError):
            organisation.name = "Uusi nimi ry"
            organisation.save()


class RaceTests(CacheTestCase):
    def test_an_answer_made_while_what_it_shows_changed_is_not_stored(self):
        url = seeded("page:network").url
        self.fetch(url)  # notes the tags
        # As if an editor published the page after the next requests started.
        later = time.time() + 1000
        tags = ("all", f"page:{seeded('page:network').pk}")
        caches["pages"].set_many({response_cache.TAG_PREFIX + tag: later for tag in tags}, timeout=None)
        self.assertEqual(self.fetch(url)["X-Cache"], "miss")
        self.assertEqual(self.fetch(url)["X-Cache"], "miss")


class RestrictionScopeTests(InitialContentTestCase):
    """One read of the restrictions per request gives Wagtail's own answers."""

    def test_public_pages_and_a_pages_restrictions_are_the_same_inside_a_request_scope(self):
        PageViewRestriction.objects.create(page=seeded("page:expert-groups"), restriction_type="login")
        group = seeded("page:expert-group-digi")
        outside = set(Page.objects.live().public().values_list("pk", flat=True))
        inside = {}

        def view(request):
            inside["pks"] = set(Page.objects.live().public().values_list("pk", flat=True))
            return None

        RestrictionScopeMiddleware(view)(RequestFactory().get("/"))
        self.assertEqual(inside["pks"], outside)
        self.assertNotIn(group.pk, outside)
        # Routed pages pick their restrictions from the request's rows: same answer.
        response = self.client.get(group.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/_util/login/", response["Location"])


@override_settings(
    FRONTEND_CACHE_PURGE_URL="http://cdn.internal:6081",
    WAGTAILFRONTENDCACHE={"cdn": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": "http://cdn.internal:6081"}},
)
class FrontEndPurgeTests(InitialContentTestCase):
    """A restriction hides a whole section: a CDN in front must drop all of it, API details included."""

    def test_restricting_a_section_purges_every_page_and_api_detail_under_it(self):
        section = seeded("page:expert-groups")
        group = seeded("page:expert-group-digi")
        with mock.patch("wagtail.contrib.frontend_cache.backends.HTTPBackend.purge") as purge:
            with self.captureOnCommitCallbacks(execute=True):
                restriction = PageViewRestriction.objects.create(page=section, restriction_type="login")
            purged = {call.args[0] for call in purge.call_args_list}
            self.assertIn(section.full_url, purged)
            self.assertIn(group.full_url, purged)
            api = settings.WAGTAILAPI_BASE_URL.rstrip("/")
            self.assertIn(f"{api}/api/v2/pages/{group.pk}/", purged)
            self.assertIn(f"{api}/api/v3/pages/{group.pk}/", purged)
            self.assertNotIn(seeded("page:home").full_url, purged, "only the restricted section")

            purge.reset_mock()
            with self.captureOnCommitCallbacks(execute=True):
                restriction.delete()
            self.assertIn(group.full_url, {call.args[0] for call in purge.call_args_list})
