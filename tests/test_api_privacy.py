"""Who sees what through the API: anonymous callers see live public pages only;
an API v3 token sees and does what its user may do in the admin, and nothing more.
"""

import json
from io import StringIO

from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import (
    APIToken,
    Collection,
    CollectionViewRestriction,
    GroupPagePermission,
    Page,
    PageViewRestriction,
)
from wagtail.rich_text import RichText

from verkosto_pages.choices import ExpertGroupStatus
from verkosto_pages.models import ExpertGroupPage, ServicePromiseGroupLink

from .utils import APITestCase, seeded

SECRET = "Salainen-ryhma-3141"


def token_for(user):
    return APIToken.create_token(user=user, name="testi")[1]


def editor(username, page_permissions=("add", "change", "publish")):
    """A staff member whose group may edit every page (or do less)."""
    group = Group.objects.create(name=f"{username}-ryhmä")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in page_permissions:
        GroupPagePermission.objects.create(
            group=group, page=Page.get_first_root_node(), permission=Permission.objects.get(codename=f"{permission}_page")
        )
    user = User.objects.create_user(username, password="x")
    user.groups.add(group)
    return user


class HiddenPagesTests(APITestCase):
    """Each hidden case in turn, checked through every way of reading pages."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = seeded("page:expert-groups")
        cls.editor_token = token_for(editor("toimittaja"))
        cls.outsider_token = token_for(editor("ulkopuolinen", page_permissions=()))

    def hidden_group(self, case):
        """An expert group titled with SECRET, hidden in the way ``case`` names."""
        if case == "draft change":
            group = seeded("page:expert-group-digi")
            group.title = f"{group.title} {SECRET}"
            group.save_revision()  # saved, not published: the public keeps the old title
            return group
        group = self.index.add_child(
            instance=ExpertGroupPage(title=SECRET, slug="salainen", status=ExpertGroupStatus.FORMING, live=case != "unpublished")
        )
        group.save_revision()
        if case == "password":
            PageViewRestriction.objects.create(page=group, restriction_type="password", password="x")
        elif case == "login":
            PageViewRestriction.objects.create(page=group, restriction_type="login")
        return group

    def anonymous_views(self, group):
        """The responses an anonymous caller gets for the group, by every route."""
        path = f"/verkostot/asiantuntijaryhmat/{group.slug}/"
        return {
            "v2 listing": self.client.get("/api/v2/pages/?type=verkosto_pages.ExpertGroupPage&fields=*"),
            "v2 all pages": self.client.get("/api/v2/pages/?limit=20"),
            "v2 detail": self.client.get(f"/api/v2/pages/{group.pk}/"),
            "v2 find": self.client.get(f"/api/v2/pages/find/?html_path={path}", follow=True),
            "v2 search": self.client.get(f"/api/v2/pages/?search={SECRET}"),
            "v2 children": self.client.get(f"/api/v2/pages/?child_of={self.index.pk}"),
            "v3 listing": self.client.get("/api/v3/pages/?type=verkosto_pages.ExpertGroupPage"),
            "v3 detail": self.client.get(f"/api/v3/pages/{group.pk}/"),
            "v3 draft": self.client.get(f"/api/v3/pages/{group.pk}/?version=draft"),
            "v3 find": self.client.get(f"/api/v3/pages/find/?html_path={path}", follow=True),
            "v3 search": self.client.get(f"/api/v3/pages/?search={SECRET}"),
        }

    def test_hidden_pages_never_reach_anonymous_callers(self):
        for case in ("draft change", "unpublished", "password", "login"):
            with self.subTest(case):
                group = self.hidden_group(case)
                for route, response in self.anonymous_views(group).items():
                    self.assertNotIn(SECRET, response.content.decode(), f"{case} leaked by {route}")
                    self.assertLess(response.status_code, 500, route)
                if case != "draft change":
                    group.delete()

    def test_a_token_reads_what_its_user_may_edit(self):
        for case in ("draft change", "unpublished", "password", "login"):
            with self.subTest(case):
                group = self.hidden_group(case)
                auth = {"HTTP_AUTHORIZATION": f"Bearer {self.editor_token}"}
                data = self.get_json(f"/api/v3/pages/{group.pk}/?version=draft", **auth)
                self.assertIn(SECRET, data["title"])
                listing = self.get_json("/api/v3/pages/?type=verkosto_pages.ExpertGroupPage", **auth)
                self.assertIn(group.pk, [item["id"] for item in listing["items"]])
                # A token without page permissions sees none of it.
                outsider = {"HTTP_AUTHORIZATION": f"Bearer {self.outsider_token}"}
                response = self.client.get(f"/api/v3/pages/{group.pk}/?version=draft", **outsider)
                self.assertNotIn(SECRET, response.content.decode())
                if case != "draft change":
                    group.delete()

    def test_links_to_hidden_pages_are_left_out(self):
        group = self.hidden_group("unpublished")
        promise = seeded("page:service-promise-1")
        ServicePromiseGroupLink.objects.create(page=promise, target=group)
        ServicePromiseGroupLink.objects.create(page=promise, target=seeded("page:expert-group-digi"))
        for url in (
            f"/api/v2/pages/{promise.pk}/",
            f"/api/v3/pages/{promise.pk}/",
            "/api/v2/pages/?type=verkosto_pages.ServicePromisePage&fields=related_groups",
        ):
            body = json.dumps(self.get_json(url), ensure_ascii=False)
            self.assertNotIn(SECRET, body, url)
            self.assertIn(seeded("page:expert-group-digi").title, body, url)

    def test_an_unpublished_parent_is_not_named(self):
        index = self.index
        index.unpublish()  # the groups under it stay live
        group = seeded("page:expert-group-digi")
        for url in (f"/api/v2/pages/{group.pk}/", f"/api/v3/pages/{group.pk}/"):
            data = self.get_json(url)
            self.assertIsNone(data["meta"]["parent"], url)
        auth = {"HTTP_AUTHORIZATION": f"Bearer {self.editor_token}"}
        self.assertEqual(self.get_json(f"/api/v3/pages/{group.pk}/", **auth)["meta"]["parent"]["id"], index.pk)

    def test_rich_text_links_to_hidden_pages_and_files_keep_only_their_text(self):
        hidden = self.hidden_group("unpublished")
        restricted = Collection.get_first_root_node().add_child(name="Sisäinen")
        CollectionViewRestriction.objects.create(collection=restricted, restriction_type="login")
        document = Document.objects.create(
            title="Sisäinen muistio", collection=restricted, file=ContentFile(b"x", name="muistio.pdf")
        )
        shown = seeded("page:safety-network")
        links = (
            f'<p><a linktype="page" id="{hidden.pk}">piilo</a> <a linktype="document" id="{document.pk}">muistio</a> '
            f'<a linktype="page" id="{shown.pk}">verkosto</a></p>'
        )
        group = seeded("page:expert-group-mental-health")
        group.purpose = links
        group.save_revision().publish()
        report = seeded("page:activity-report")
        report.document = document
        report.summary = links
        report.save_revision().publish()
        network = seeded("page:network")
        network.body = [("paragraph", RichText(links))]
        network.save_revision().publish()
        for url, field in (
            (f"/api/v2/pages/{group.pk}/", "purpose"),
            (f"/api/v3/pages/{group.pk}/", "purpose"),
            (f"/api/v2/pages/{report.pk}/", "summary"),
            (f"/api/v3/pages/{network.pk}/", "body"),
            (f"/api/v2/pages/{network.pk}/?rich_text_format=db_html", "body"),
            (f"/api/v3/pages/{network.pk}/?rich_text_format=markdown", "body"),
        ):
            with self.subTest(url):
                data = self.get_json(url)
                html = data[field] if field != "body" else data["body"][0]["value"]
                self.assertIn("piilo", html)
                self.assertNotIn("salainen", html)  # the hidden page's slug
                self.assertNotIn("muistio.pdf", html)
                self.assertNotIn("linktype", html)
                self.assertIn(f'href="{shown.get_full_url()}"', html)
        for url in (f"/api/v2/pages/{report.pk}/", f"/api/v3/pages/{report.pk}/"):
            self.assertIsNone(self.get_json(url)["document"], url)

    def test_a_session_does_not_widen_api_v2(self):
        """A logged-in editor's browser gets the public answer from v2 (tokens are for v3)."""
        group = self.hidden_group("login")
        self.client.force_login(User.objects.get(username="toimittaja"))
        response = self.client.get(f"/api/v2/pages/{group.pk}/")
        self.assertEqual(response.status_code, 404)
        response = self.client.get(f"/api/v3/pages/{group.pk}/")
        self.assertEqual(response.status_code, 404)

    def test_no_editor_user_data_in_page_responses(self):
        group = seeded("page:coordination-group")
        for url in (f"/api/v2/pages/{group.pk}/", f"/api/v3/pages/{group.pk}/", "/api/v2/pages/?fields=*&type=verkosto_pages.CoordinationGroupPage"):
            body = self.client.get(url).content.decode()
            for leak in ('"owner"', '"latest_revision"', "admin@", '"locked_by"'):
                self.assertNotIn(leak, body, url)


class TokenActionsTests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.group = seeded("page:expert-group-digi")
        cls.editor = editor("toimittaja")
        cls.token = token_for(cls.editor)
        cls.reader_token = token_for(editor("lukija", page_permissions=()))

    def bearer(self, token):
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def patch(self, token, data):
        return self.client.patch(
            f"/api/v3/pages/{self.group.pk}/", data, content_type="application/json", **self.bearer(token)
        )

    def test_an_editor_token_saves_a_draft_the_public_does_not_see(self):
        response = self.patch(self.token, {"status": "closed"})
        self.assertEqual(response.status_code, 200, response.content[:300])
        self.assertEqual(self.get_json(f"/api/v2/pages/{self.group.pk}/")["status"], "active")
        draft = self.get_json(f"/api/v3/pages/{self.group.pk}/?version=draft", **self.bearer(self.token))
        self.assertEqual(draft["status"], "closed")
        self.assertEqual(self.group.revisions.latest("created_at").user, self.editor)

    def test_a_token_without_edit_permission_cannot_write(self):
        response = self.patch(self.reader_token, {"status": "closed"})
        self.assertIn(response.status_code, (403, 404))
        self.assertEqual(ExpertGroupPage.objects.get(pk=self.group.pk).get_latest_revision_as_object().status, "active")

    def test_anonymous_callers_cannot_write(self):
        response = self.client.patch(
            f"/api/v3/pages/{self.group.pk}/", {"status": "closed"}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 401)

    def test_a_bad_value_is_a_422_not_a_saved_revision(self):
        revisions = self.group.revisions.count()
        response = self.patch(self.token, {"status": "sleeping"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        self.assertEqual(self.group.revisions.count(), revisions)

    def test_revisions_for_preview_and_history(self):
        self.patch(self.token, {"status": "forming"})
        history = self.get_json(f"/api/v3/pages/{self.group.pk}/revisions/", **self.bearer(self.token))
        self.assertGreaterEqual(history["count"], 2)
        latest = history["items"][0]
        revision = self.get_json(
            f"/api/v3/pages/{self.group.pk}/revisions/{latest['id']}/", **self.bearer(self.token)
        )
        self.assertEqual(revision["content_object"]["status"], "forming")
        self.assertEqual(self.client.get(f"/api/v3/pages/{self.group.pk}/revisions/").status_code, 401)
        reader = self.client.get(f"/api/v3/pages/{self.group.pk}/revisions/", **self.bearer(self.reader_token))
        self.assertIn(reader.status_code, (403, 404))

    def test_token_responses_are_never_cached_publicly(self):
        response = self.client.get(f"/api/v3/pages/{self.group.pk}/", **self.bearer(self.token))
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertIn("Authorization", response["Vary"])

    def test_staff_issue_and_revoke_tokens_with_the_management_command(self):
        out = StringIO()
        call_command("api_tokens", "create", "--user", "toimittaja", "--name", "kunta", stdout=out)
        token = out.getvalue().strip()
        self.assertEqual(self.client.get("/api/v3/whoami/", **self.bearer(token)).status_code, 200)
        prefix = APIToken.objects.get(name="kunta").prefix
        call_command("api_tokens", "revoke", "--user", "toimittaja", "--prefix", prefix, stdout=StringIO())
        self.assertEqual(self.client.get("/api/v3/whoami/", **self.bearer(token)).status_code, 401)

    def test_staff_manage_tokens_in_the_admin(self):
        self.client.force_login(User.objects.create_superuser("paakayttaja", password="x"))
        response = self.client.get("/admin/api-tokens/")
        self.assertEqual(response.status_code, 200)


class TokenWritesKeepEditorialRulesTests(APITestCase):
    """API v3 writes go through the page editor's form, so its rules hold there too."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.token = token_for(editor("toimittaja"))

    def patch(self, key, data):
        page = seeded(key)
        revisions = page.revisions.count()
        response = self.client.patch(
            f"/api/v3/pages/{page.pk}/", data, content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.token}",
        )
        return response, page.revisions.count() - revisions

    def test_a_taken_promise_number_is_refused(self):
        response, saved = self.patch("page:service-promise-2", {"number": 1})
        self.assertEqual(response.status_code, 422)
        self.assertIn("Lupauksen numero 1 on tässä suunnitelmassa jo käytössä", response.content.decode())
        self.assertEqual(saved, 0)

    def test_activating_a_group_without_a_convener_is_refused(self):
        response, saved = self.patch("page:expert-group-violence", {"status": "active"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("Toimivalla ryhmällä on oltava koollekutsuja", response.content.decode())
        self.assertEqual(saved, 0)

    def test_a_group_with_a_convener_or_a_reason_may_be_active(self):
        for key, data in (
            ("page:expert-group-mental-health", {"status": "active"}),
            ("page:expert-group-violence", {"status": "active", "convener_note": "Valitaan syksyllä."}),
        ):
            with self.subTest(key=key):
                response, saved = self.patch(key, data)
                self.assertEqual(response.status_code, 200, response.content[:300])
                self.assertEqual(saved, 1)
