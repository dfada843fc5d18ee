"""HTTP behaviour other sites rely on: cross-origin reads and revalidation."""

from django.test import override_settings

from .utils import APITestCase, seeded

ORIGIN = "https://www.lahti.fi"


class CORSTests(APITestCase):
    def test_any_site_may_read_the_api_without_credentials(self):
        for url in ("/api/v2/pages/", "/api/v3/pages/"):
            response = self.client.get(url, HTTP_ORIGIN=ORIGIN)
            self.assertEqual(response["Access-Control-Allow-Origin"], "*", url)
            self.assertNotIn("Access-Control-Allow-Credentials", response)
            self.assertIn("ETag", response["Access-Control-Expose-Headers"])

    def test_preflight_allows_reads_only(self):
        response = self.client.options(
            "/api/v3/pages/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
        )
        self.assertEqual(response.status_code, 200)
        methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
        self.assertEqual(methods, {"GET", "HEAD", "OPTIONS"})

    def test_nothing_is_shared_outside_the_api(self):
        for url in ("/admin/login/", "/", "/documents/"):
            response = self.client.get(url, HTTP_ORIGIN=ORIGIN)
            self.assertNotIn("Access-Control-Allow-Origin", response, url)

    @override_settings(CORS_ALLOW_ALL_ORIGINS=False, CORS_ALLOWED_ORIGINS=[ORIGIN])
    def test_origins_can_be_limited(self):
        allowed = self.client.get("/api/v2/pages/", HTTP_ORIGIN=ORIGIN)
        self.assertEqual(allowed["Access-Control-Allow-Origin"], ORIGIN)
        other = self.client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example")
        self.assertNotIn("Access-Control-Allow-Origin", other)


class CachingTests(APITestCase):
    def urls(self):
        page = seeded("page:coordination-group")
        return [
            f"/api/v2/pages/{page.pk}/",
            f"/api/v3/pages/{page.pk}/",
            "/api/v2/pages/?type=verkosto_pages.ExpertGroupPage&fields=*",
            "/api/v3/pages/?type=verkosto_pages.ExpertGroupPage",
        ]

    def test_anonymous_reads_carry_etag_and_public_max_age(self):
        for url in self.urls():
            response = self.client.get(url)
            self.assertEqual(response["Cache-Control"], "public, max-age=300", url)
            self.assertTrue(response["ETag"].startswith('"'), url)

    def test_a_matching_etag_gets_304_and_a_changed_page_does_not(self):
        for url in self.urls():
            with self.subTest(url):
                etag = self.client.get(url)["ETag"]
                not_modified = self.client.get(url, HTTP_IF_NONE_MATCH=etag)
                self.assertEqual(not_modified.status_code, 304)
                self.assertEqual(not_modified.content, b"")
                self.assertEqual(not_modified["ETag"], etag)
        page = seeded("page:coordination-group")
        page.intro = "Uusi johdanto."
        page.save_revision().publish()
        for url in self.urls()[:2]:  # the two details of the page that changed
            etag = self.client.get(url)["ETag"]
            page.intro = page.intro + " Lisää."
            page.save_revision().publish()
            self.assertEqual(self.client.get(url, HTTP_IF_NONE_MATCH=etag).status_code, 200, url)

    def test_a_page_detail_tells_when_the_page_was_last_published(self):
        page = seeded("page:coordination-group")
        for url in self.urls()[:2]:
            response = self.client.get(url)
            self.assertIn(str(page.last_published_at.year), response["Last-Modified"])
            self.assertTrue(response["Last-Modified"].endswith("GMT"))

    @override_settings(API_CACHE_MAX_AGE=60)
    def test_max_age_is_configurable(self):
        self.assertEqual(self.client.get("/api/v2/pages/")["Cache-Control"], "public, max-age=60")

    def test_errors_are_not_cached(self):
        response = self.client.get("/api/v2/pages/?theme=nope")
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("ETag", response)
        self.assertFalse(response.get("Cache-Control", "").startswith("public"))
