"""Who may do what: editors publish, contributors go through moderation, reviewers only read."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page, WorkflowState

from verkosto_pages.editorial.roles import CONTRIBUTORS, EDITORS, REVIEWERS, WORKFLOW_NAME
from verkosto_pages.models import Organisation

from .utils import InitialContentTestCase, make_user, post_page_edit, seeded


class RoleTestCase(InitialContentTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.editor = make_user("paivi", EDITORS)
        cls.contributor = make_user("kalle", CONTRIBUTORS)
        cls.reviewer = make_user("riitta", REVIEWERS)
        # Staff who may open the admin but belong to no editorial group.
        cls.outsider = make_user("ulla")
        cls.outsider.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )


class GroupSetUpTests(RoleTestCase):
    def test_the_three_groups_exist_with_finnish_names_and_replace_wagtails_defaults(self):
        names = set(Group.objects.values_list("name", flat=True))
        self.assertEqual(names, {EDITORS, CONTRIBUTORS, REVIEWERS})

    def test_the_site_goes_through_the_editors_approval_workflow(self):
        home = seeded("page:home")
        workflow = seeded("page:coordination-group").get_workflow()
        self.assertEqual(workflow.name, WORKFLOW_NAME)
        self.assertEqual(home.get_workflow(), workflow)
        task = workflow.tasks.get().specific
        self.assertEqual(list(task.groups.values_list("name", flat=True)), [EDITORS])


class EditorTests(RoleTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def test_editor_publishes_directly(self):
        page = seeded("page:coordination-group")
        response = post_page_edit(self.client, page, {"intro": "Päätoimittajan muutos."})
        self.assertEqual(response.status_code, 302)
        self.assertIn("Päätoimittajan muutos.", self.get_html(page.url))

    def test_editor_renames_an_organisation(self):
        organisation = seeded("org:verso")
        url = f"/admin/verkosto_pages/organisation/edit/{organisation.pk}/"
        response = self.client.post(url, {"name": "Verso (uusi nimi)", "kind": "competence_centre"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Organisation.objects.get(pk=organisation.pk).name, "Verso (uusi nimi)")

    def test_editor_can_add_pages_only_inside_the_site(self):
        root = Page.get_first_root_node()
        self.assertFalse(root.permissions_for_user(self.editor).can_add_subpage())
        self.assertTrue(seeded("page:home").permissions_for_user(self.editor).can_add_subpage())


class ContributorTests(RoleTestCase):
    def setUp(self):
        self.client.force_login(self.contributor)

    def test_contributor_cannot_publish(self):
        page = seeded("page:safety-network")
        response = post_page_edit(self.client, page, {"intro": "Avustajan luonnos."})
        self.assertEqual(response.status_code, 302)  # saved, as a draft
        self.assertNotIn("Avustajan luonnos.", self.get_html(page.url))
        page.refresh_from_db()
        self.assertTrue(page.has_unpublished_changes)
        self.assertNotEqual(page.specific.intro, "Avustajan luonnos.")
        self.assertFalse(page.permissions_for_user(self.contributor).can_publish())

    def test_contributors_submission_reaches_the_editor_who_approves_it(self):
        page = seeded("page:safety-network")
        response = post_page_edit(
            self.client, page, {"intro": "Moderoitava muutos."}, action="action-submit"
        )
        self.assertEqual(response.status_code, 302)
        state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.requested_by, self.contributor)

        # The editor sees it on the dashboard, waiting for their review ...
        self.client.force_login(self.editor)
        dashboard = self.get_html("/admin/")
        awaiting = dashboard[dashboard.index('id="awaiting-review-section"') :]
        self.assertIn(page.title, awaiting)
        # ... and approves it, which publishes it.
        task_state = state.current_task_state
        response = self.client.post(
            f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
        )
        self.assertIn(response.status_code, (200, 302))
        self.assertIn("Moderoitava muutos.", self.get_html(page.url))

    def test_reviewer_and_contributor_cannot_approve(self):
        page = seeded("page:safety-network")
        post_page_edit(self.client, page, {"intro": "Odottaa."}, action="action-submit")
        task = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state.task.specific
        self.assertFalse(task.user_can_access_editor(page, self.reviewer))
        self.assertEqual(task.get_actions(page, self.contributor), [])
        self.assertNotEqual(task.get_actions(page, self.editor), [])

    def test_contributor_adds_a_person_but_cannot_rename_or_delete_an_organisation(self):
        organisation = seeded("org:verso")
        response = self.client.post(
            "/admin/verkosto_pages/person/create/", {"name": "Uusi Edustaja", "email": ""}
        )
        self.assertEqual(response.status_code, 302)
        url = f"/admin/verkosto_pages/organisation/edit/{organisation.pk}/"
        response = self.client.post(url, {"name": "Vaihdettu", "kind": "other"})
        self.assertIn(response.status_code, (302, 403))
        response = self.client.post(f"/admin/verkosto_pages/organisation/delete/{organisation.pk}/")
        self.assertIn(response.status_code, (302, 403))
        self.assertEqual(Organisation.objects.get(pk=organisation.pk).name, organisation.name)


class ReviewerTests(RoleTestCase):
    def setUp(self):
        self.client.force_login(self.reviewer)

    def test_reviewer_cannot_edit_a_page(self):
        page = seeded("page:coordination-group")
        revisions = page.revisions.count()
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        self.assertNotEqual(response.status_code, 200)
        response = self.client.post(f"/admin/pages/{page.pk}/edit/", {"title": "Muutettu"})
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(page.revisions.count(), revisions)
        self.assertEqual(Page.objects.get(pk=page.pk).title, page.title)

    def test_reviewer_reads_the_directory_but_cannot_change_it(self):
        organisation = seeded("org:verso")
        self.assertIn("Sosiaalialan osaamiskeskus Verso", self.get_html("/admin/verkosto_pages/organisation/"))
        self.get_html(f"/admin/verkosto_pages/organisation/inspect/{organisation.pk}/")
        response = self.client.post(
            f"/admin/verkosto_pages/organisation/edit/{organisation.pk}/", {"name": "X", "kind": "other"}
        )
        self.assertIn(response.status_code, (302, 403))
        self.assertEqual(Organisation.objects.get(pk=organisation.pk).name, organisation.name)

    def test_reviewer_sees_review_dates_and_exports_member_lists(self):
        self.assertIn("Seutukoordinaatioryhmä", self.get_html("/admin/reports/review/?review="))
        page = seeded("page:coordination-group")
        response = self.client.get(f"/admin/members/export/?export=csv&page={page.pk}")
        self.assertEqual(response.status_code, 200)


class OutsiderTests(RoleTestCase):
    def test_staff_in_no_group_reach_nothing(self):
        self.client.force_login(self.outsider)
        page = seeded("page:coordination-group")
        self.get_html("/admin/")  # they reach the admin itself
        for url in (
            "/admin/reports/review/",
            "/admin/reports/review/results/",
            f"/admin/members/export/?export=csv&page={page.pk}",
            "/admin/members/export/?export=xlsx",
            f"/admin/pages/{page.pk}/edit/",
            "/admin/verkosto_pages/organisation/",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertIn(response.status_code, (302, 403), url)
                self.assertNotIn("attachment", response.get("Content-Disposition", ""))


class DevelopmentAccountTests(InitialContentTestCase):
    def test_make_run_offers_one_login_per_role(self):
        out = io.StringIO()
        with override_settings(DEBUG=True):
            call_command("ensure_dev_superuser", stdout=out)
        self.assertIn("tarkastaja", out.getvalue())
        for username, group in (
            ("paatoimittaja", EDITORS),
            ("sisallontuottaja", CONTRIBUTORS),
            ("tarkastaja", REVIEWERS),
        ):
            with self.subTest(username=username):
                # Through the login form, as the person would (and past the login throttle).
                response = self.client.post("/admin/login/", {"username": username, "password": "admin"})
                self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
                self.client.logout()
                user = get_user_model().objects.get(username=username)
                self.assertEqual(list(user.groups.values_list("name", flat=True)), [group])
                self.assertFalse(user.is_superuser)

    def test_no_development_accounts_without_debug(self):
        with self.assertRaises(CommandError):
            call_command("ensure_dev_superuser", stdout=io.StringIO())
        self.assertFalse(get_user_model().objects.filter(username="tarkastaja").exists())
