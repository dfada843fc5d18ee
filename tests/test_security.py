"""Production settings, security headers, the admin login and uploads.

The deploy check runs ``manage.py`` in a subprocess with the production
settings, as an operator would; everything else uses the test client.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from .utils import InitialContentTestCase, make_user, seeded

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "k8Zr-2vQ_fX9pL0wTn4yB7cH1mJ6dS3aE5gU8iO2rW4tY6uP0qA9zXcV"
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "site.settings.production",
    "DJANGO_SECRET_KEY": SECRET_KEY,
    "DJANGO_ALLOWED_HOSTS": "verkosto.example.fi",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
    "WAGTAILADMIN_BASE_URL": "https://verkosto.example.fi",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "WAGTAIL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


class ProductionSettingsTests(TestCase):
    def test_the_deploy_check_is_clean(self):
        done = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("System check identified no issues", done.stdout)

    def test_the_deploy_check_names_what_an_operator_turned_off(self):
        done = manage("check", "--deploy", **PRODUCTION_ENV, DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_HSTS_SECONDS="0")
        self.assertIn("security.W004", done.stdout + done.stderr)
        self.assertIn("security.W008", done.stdout + done.stderr)

    def test_refuses_to_start_without_its_secrets(self):
        for missing, message in (
            ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY must be set"),
            ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS must list"),
            ("DATABASE_URL", "DATABASE_URL must point"),
            ("WAGTAILADMIN_BASE_URL", "WAGTAILADMIN_BASE_URL must be"),
        ):
            with self.subTest(missing):
                env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
                done = manage("check", **env)
                self.assertNotEqual(done.returncode, 0)
                self.assertIn(message, done.stderr)
        with self.subTest("short key"):
            done = manage("check", **{**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "x" * 40})
            self.assertIn("at least 50 random characters", done.stderr)


class SecurityHeaderTests(InitialContentTestCase):
    def test_public_pages_and_the_api_refuse_inline_script_and_framing(self):
        for url in ("/", seeded("page:safety-network").url, "/haku/?q=verkosto", "/api/v2/pages/", "/api/v3/pages/", "/nowhere/"):
            with self.subTest(url):
                response = self.client.get(url)
                policy = response["Content-Security-Policy"]
                self.assertIn("script-src 'self'", policy)
                self.assertNotIn("unsafe-inline", policy)
                self.assertIn("frame-ancestors 'none'", policy)
                self.assertIn("object-src 'none'", policy)
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
                self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_a_cached_answer_carries_the_same_headers(self):
        url = seeded("page:home").url
        for _ in range(2):  # the first answer starts the cache's tags, the second is stored
            self.client.get(url)
        response = self.client.get(url)
        self.assertEqual(response["X-Cache"], "hit")
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_the_admin_allows_inline_script_on_its_own_pages_only(self):
        self.client.force_login(make_user("paakayttaja", superuser=True))
        policy = self.client.get("/admin/")["Content-Security-Policy"]
        self.assertIn("script-src 'self' 'unsafe-inline'", policy)
        self.assertIn("frame-ancestors 'none'", policy)
        self.assertNotIn("http", policy, "the admin loads nothing from another origin")

    def test_only_the_preview_may_be_framed_and_by_our_own_pages(self):
        self.client.force_login(make_user("paakayttaja", superuser=True))
        page = seeded("page:safety-network")
        url = f"/admin/pages/{page.pk}/edit/preview/"
        response = self.client.get(url + "?in_preview_panel=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")
        self.assertIn("frame-ancestors 'self'", response["Content-Security-Policy"])


class LoginTests(InitialContentTestCase):
    def setUp(self):
        self.user = make_user("sihteeri", superuser=True)
        self.user.email = "sihteeri@example.fi"
        self.user.set_password("oikea-salasana-123")
        self.user.save()

    def login(self, username, password, address="192.0.2.10"):
        return self.client.post(
            "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
        )

    def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(self):
        wrong_password = self.login("sihteeri", "väärä")
        unknown_user = self.login("ei-ketaan", "väärä")
        self.assertEqual(wrong_password.status_code, unknown_user.status_code)
        self.assertEqual(wrong_password.status_code, 200)
        self.assertEqual(wrong_password.context["form"].errors, unknown_user.context["form"].errors)

    def test_five_wrong_passwords_lock_the_name_out_from_that_address(self):
        for _ in range(4):
            self.assertEqual(self.login("sihteeri", "väärä").status_code, 200)
        locked = self.login("sihteeri", "väärä")
        self.assertEqual(locked.status_code, 429)
        self.assertIn("Liian monta epäonnistunutta kirjautumista", locked.content.decode())
        self.assertEqual(locked["Retry-After"], "900")
        # Even the right password is refused while the lockout lasts.
        self.assertEqual(self.login("sihteeri", "oikea-salasana-123").status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)
        # Nobody can lock the editor out from elsewhere: another address still logs in.
        other = self.login("sihteeri", "oikea-salasana-123", address="198.51.100.7")
        self.assertRedirects(other, "/admin/", fetch_redirect_response=False)

    def test_an_unknown_user_name_is_locked_out_the_same_way(self):
        answers = [self.login("ei-ketaan", "väärä").status_code for _ in range(6)]
        self.assertEqual(answers, [200, 200, 200, 200, 429, 429])

    def test_a_successful_login_clears_earlier_failures(self):
        for _ in range(4):
            self.login("sihteeri", "väärä")
        self.login("sihteeri", "oikea-salasana-123")
        self.client.logout()
        for _ in range(4):
            self.assertEqual(self.login("sihteeri", "väärä").status_code, 200)

    @override_settings(BEHIND_PROXY=True)
    def test_behind_the_proxy_the_address_it_saw_counts_not_one_the_client_wrote(self):
        def via_proxy(forged):
            return self.client.post(
                "/admin/login/",
                {"username": "sihteeri", "password": "väärä"},
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.9",
            )

        answers = [via_proxy(f"192.0.2.{n}").status_code for n in range(5)]
        self.assertEqual(answers[-1], 429, "a forged first address must not reset the count")

    @override_settings(BEHIND_PROXY=True)
    def test_a_client_that_bypasses_the_proxy_cannot_pick_its_address(self):
        def direct(forged):
            return self.client.post(
                "/admin/login/",
                {"username": "sihteeri", "password": "väärä"},
                REMOTE_ADDR="203.0.113.50",
                HTTP_X_FORWARDED_FOR=forged,
            )

        answers = [direct(f"192.0.2.{n}").status_code for n in range(5)]
        self.assertEqual(answers[-1], 429, "a header from outside the proxy must not reset the count")

    def test_password_reset_does_not_reveal_who_has_an_account(self):
        known = self.client.post("/admin/password_reset/", {"email": "sihteeri@example.fi"})
        unknown = self.client.post("/admin/password_reset/", {"email": "ei-ketaan@example.fi"})
        self.assertEqual(known.status_code, unknown.status_code)
        self.assertEqual(known["Location"], unknown["Location"])
        self.assertEqual(len(mail.outbox), 1, "only the real account gets the link")

    def test_sessions_end_with_the_browser_and_after_a_working_day(self):
        self.login("sihteeri", "oikea-salasana-123")
        session = self.client.session
        self.assertTrue(session.get_expire_at_browser_close())
        self.assertLessEqual(session.get_expiry_age(), 8 * 3600)
        cookie = self.client.cookies["sessionid"]
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["expires"], "", "a session cookie, not a persistent one")

    def test_remember_me_keeps_the_session_a_working_day_at_most(self):
        # Wagtail's "Remember me" makes the cookie outlive the browser; it still
        # ends when the session does.
        self.client.post(
            "/admin/login/",
            {"username": "sihteeri", "password": "oikea-salasana-123", "remember": "on"},
            REMOTE_ADDR="192.0.2.10",
        )
        self.assertFalse(self.client.session.get_expire_at_browser_close())
        self.assertEqual(self.client.session.get_expiry_age(), 8 * 3600)
        self.assertEqual(self.client.cookies["sessionid"]["max-age"], 8 * 3600)

    def test_an_expired_session_is_sent_back_to_the_login(self):
        self.login("sihteeri", "oikea-salasana-123")
        session = self.client.session
        session.set_expiry(-1)
        session.save()
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_new_passwords_must_be_long_and_uncommon(self):
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        for weak in ("lyhyt-123", "password1234", "123456789012"):
            with self.subTest(weak), self.assertRaises(ValidationError):
                validate_password(weak, self.user)
        validate_password("pitkä-ja-harvinainen-lause", self.user)


PNG = get_test_image_file().file.getvalue()
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@override_settings(FORM_THROTTLE_LIMIT=3)
class FormThrottleTests(InitialContentTestCase):
    """The page-password form and password reset, which the login lockout does not cover."""

    def setUp(self):
        self.page = seeded("page:safety-network")
        self.restriction = PageViewRestriction.objects.create(
            page=self.page, restriction_type=PageViewRestriction.PASSWORD, password="oikea-sana-42"
        )
        self.url = f"/_util/authenticate_with_password/{self.restriction.pk}/{self.page.pk}/"

    def try_password(self, password, address="192.0.2.20"):
        return Client().post(self.url, {"password": password, "return_url": self.page.url}, REMOTE_ADDR=address)

    def test_wrong_page_passwords_are_throttled_per_address(self):
        self.assertEqual([self.try_password("arvaus").status_code for _ in range(3)], [200, 200, 200])
        throttled = self.try_password("arvaus")
        self.assertEqual(throttled.status_code, 429)
        self.assertIn("Liian monta yritystä", throttled.content.decode())
        self.assertEqual(throttled["Retry-After"], "900")
        # Not even the right password gets through now, so guessing gains nothing...
        self.assertEqual(self.try_password("oikea-sana-42").status_code, 429)
        # ...while a reader elsewhere is not held up.
        self.assertRedirects(self.try_password("oikea-sana-42", address="198.51.100.8"), self.page.url, fetch_redirect_response=False)

    def test_the_right_page_password_does_not_count(self):
        answers = [self.try_password("oikea-sana-42").status_code for _ in range(5)]
        self.assertEqual(answers, [302] * 5)

    def test_password_reset_requests_are_throttled_per_address(self):
        user = make_user("sihteeri", superuser=True)
        user.email = "sihteeri@example.fi"
        user.save()
        answers = [
            Client().post("/admin/password_reset/", {"email": "sihteeri@example.fi"}, REMOTE_ADDR="192.0.2.30").status_code
            for _ in range(4)
        ]
        self.assertEqual(answers, [302, 302, 302, 429])
        self.assertEqual(len(mail.outbox), 3, "no mail once the address is throttled")


class UploadTests(InitialContentTestCase):
    def setUp(self):
        self.client.force_login(make_user("kuvittaja", superuser=True))

    def upload_image(self, name, content):
        return self.client.post(
            "/admin/images/multiple/add/",
            {"files[]": SimpleUploadedFile(name, content)},
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        ).json()

    def upload_document(self, name, content):
        return self.client.post(
            "/admin/documents/add/",
            {"title": name, "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk},
        )

    def test_svg_and_html_are_refused_as_images(self):
        for name, content in (("kuva.svg", SVG), ("sivu.html", HTML), ("naamioitu.png", SVG), ("naamioitu.jpg", HTML)):
            with self.subTest(name):
                answer = self.upload_image(name, content)
                self.assertFalse(answer["success"])
                self.assertTrue(answer["error_message"])
        self.assertFalse(Image.objects.exists())
        self.assertTrue(self.upload_image("oikea.png", PNG)["success"], "a real image is accepted")

    def test_svg_html_and_disguised_files_are_refused_as_documents(self):
        for name, content, message in (
            ("kuva.svg", SVG, "ei ole sallittu"),
            ("sivu.html", HTML, "ei ole sallittu"),
            ("naamioitu.pdf", HTML, "ei ole .pdf-tiedosto"),
            ("naamioitu.docx", SVG, "ei ole .docx-tiedosto"),
            ("naamioitu.txt", SVG, "Verkkosivuja, SVG-kuvia"),
        ):
            with self.subTest(name):
                response = self.upload_document(name, content)
                self.assertEqual(response.status_code, 200)
                errors = response.context["form"].errors["file"]
                self.assertEqual(len(errors), 1, errors)
                self.assertIn(message, errors[0])
        self.assertFalse(Document.objects.exists())
        response = self.upload_document("raportti.pdf", b"%PDF-1.7\n%...")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Document.objects.count(), 1)

    def test_documents_are_always_downloads_with_no_sniffing(self):
        for name, content in (("raportti.pdf", b"%PDF-1.7\n"), ("muistio.txt", b"Muistio\n")):
            with self.subTest(name):
                document = Document.objects.create(title=name, file=SimpleUploadedFile(name, content))
                self.client.logout()
                response = Client().get(document.url)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response["Content-Disposition"].startswith("attachment"))
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertEqual(response["Content-Security-Policy"], "default-src 'none'")


@override_settings(SERVE_MEDIA_IMAGES=True)
class ImageFileTests(TestCase):
    def setUp(self):
        self.image = Image.objects.create(title="Kaavio", file=get_test_image_file())
        self.rendition = self.image.get_rendition("max-800x600")

    def test_a_public_images_rendition_is_served(self):
        response = self.client.get(self.rendition.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/png")
        # Revalidated on every use, so a later restriction reaches caches at once.
        self.assertEqual(response["Cache-Control"], "no-cache")
        self.assertEqual(
            self.client.get(self.rendition.url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code, 304
        )

    def test_a_private_images_file_is_not(self):
        private = Collection.get_first_root_node().add_child(name="Sisäinen")
        CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
        self.image.collection = private
        self.image.save()
        self.assertEqual(self.client.get(self.rendition.url).status_code, 404)

    def test_originals_and_other_files_are_never_served(self):
        for url in (
            self.image.file.url,
            "/media/images/../original_images/" + self.image.file.name.rsplit("/", 1)[-1],
            "/media/images/ei-ole.png",
            "/media/documents/raportti.pdf",
        ):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)

    @override_settings(SERVE_MEDIA_IMAGES=False)
    def test_left_to_the_web_server_when_one_serves_them(self):
        self.assertEqual(self.client.get(self.rendition.url).status_code, 404)
