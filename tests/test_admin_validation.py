"""The page editor refuses inconsistent content with a Finnish message and saves nothing."""

from wagtail.models import Page

from verkosto_pages.models import ActionPlanPage, Membership, ServicePromisePage

from .utils import StaffTestCase, edit_form_data, post_page_edit, seeded


class ValidationTestCase(StaffTestCase):
    def assertRefused(self, page, changes, message):
        """The edit is refused with ``message``, and neither the page nor its history changed."""
        page = page.specific
        rows = list(Membership.objects.filter(page=page).values_list("organisation", "role", "note"))
        revisions = page.revisions.count()
        response = post_page_edit(self.client, page, changes)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn(message, html)
        self.assertIn("Sivua ei voitu tallentaa, koska siinä on virheitä.", html)
        self.assertEqual(page.revisions.count(), revisions, "a revision was saved")
        self.assertEqual(
            list(Membership.objects.filter(page=page).values_list("organisation", "role", "note")), rows
        )

    def assertAccepted(self, page, changes):
        response = post_page_edit(self.client, page, changes)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])

    def publish_new_promise(self, number):
        """Press Publish on a new promise numbered ``number`` in the action plan."""
        plan = seeded("page:action-plan")
        url = f"/admin/pages/add/verkosto_pages/servicepromisepage/{plan.pk}/"
        fields = {"title": "Kuudes", "slug": "kuudes", "number": str(number)}
        data = edit_form_data(self.client, url, ServicePromisePage(), fields)
        data["action-publish"] = "action-publish"
        return self.client.post(url, data)


class MembershipRuleTests(ValidationTestCase):
    def test_a_body_has_at_most_one_chair(self):
        self.assertRefused(
            seeded("page:safety-network"),
            {"memberships-1-role": "chair"},
            "Toimielimellä voi olla vain yksi puheenjohtaja.",
        )

    def test_a_group_has_at_most_one_convener(self):
        self.assertRefused(
            seeded("page:expert-group-mental-health"),
            {"memberships-1-role": "convener"},
            "Toimielimellä voi olla vain yksi koollekutsuja.",
        )

    def test_an_organisation_appears_once_per_role(self):
        kunnat = seeded("org:kunnat")
        self.assertRefused(
            seeded("page:safety-network"),
            {"memberships-2-organisation": str(kunnat.pk)},
            "on jo jäsenenä samassa roolissa",
        )

    def test_the_same_organisation_may_hold_two_different_roles(self):
        page = seeded("page:safety-network")
        kunnat = seeded("org:kunnat")
        self.assertAccepted(
            page, {"memberships-2-organisation": str(kunnat.pk), "memberships-2-role": "deputy"}
        )
        roles = set(Membership.objects.filter(page=page, organisation=kunnat).values_list("role", flat=True))
        self.assertEqual(roles, {"member", "deputy"})

    def test_a_deleted_row_does_not_count(self):
        # Moving the chair from one row to another in one edit: the old row is deleted.
        page = seeded("page:safety-network")
        self.assertAccepted(page, {"memberships-0-DELETE": "1", "memberships-1-role": "chair"})
        chair_rows = Membership.objects.filter(page=page, role="chair")
        self.assertEqual([row.organisation for row in chair_rows], [seeded("org:kunnat")])


class ExpertGroupRuleTests(ValidationTestCase):
    def test_an_active_group_names_a_convener_or_says_why_not(self):
        self.assertRefused(
            seeded("page:expert-group-digi"),
            {"convener_note": ""},
            "Toimivalla ryhmällä on oltava koollekutsuja",
        )

    def test_a_group_being_negotiated_needs_no_convener(self):
        self.assertAccepted(seeded("page:expert-group-violence"), {"convener_note": ""})

    def test_the_reason_is_shown_where_the_convener_would_be(self):
        page = seeded("page:expert-group-digi")
        html = self.get_html(page.url)
        self.assertIn("Ei vielä vahvistettu.", html)


class ServicePromiseRuleTests(ValidationTestCase):
    def test_promise_numbers_are_unique_within_a_plan(self):
        self.assertRefused(
            seeded("page:service-promise-2"),
            {"number": "1"},
            "Lupauksen numero 1 on tässä suunnitelmassa jo käytössä",
        )

    def test_a_new_promise_with_a_taken_number_is_not_created(self):
        response = self.publish_new_promise(3)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Lupauksen numero 3 on tässä suunnitelmassa jo käytössä", response.content.decode())
        self.assertFalse(ServicePromisePage.objects.filter(title="Kuudes").exists())

    def test_a_free_number_is_accepted(self):
        self.assertAccepted(seeded("page:service-promise-2"), {"number": "9"})


class TermRuleTests(ValidationTestCase):
    def test_the_term_cannot_end_before_it_starts(self):
        self.assertRefused(
            seeded("page:coordination-group"),
            {"term_start": "2020", "term_end": "2017"},
            "Toimikausi ei voi päättyä ennen kuin se alkaa.",
        )


class PromiseNumberOutsideTheEditorTests(ValidationTestCase):
    """Copying, moving or a pending draft cannot give two promises one number."""

    def promises(self, plan):
        return sorted(ServicePromisePage.objects.child_of(plan).values_list("number", flat=True))

    def test_copying_a_promise_into_its_own_plan_is_refused(self):
        promise, plan = seeded("page:service-promise-2"), seeded("page:action-plan")
        before = self.promises(plan)
        response = self.client.post(
            f"/admin/pages/{promise.pk}/copy/",
            {"new_title": "Kopio", "new_slug": "kopio", "new_parent_page": str(plan.pk), "publish_copies": "on"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Lupauksen numero 2 on tässä suunnitelmassa jo käytössä", response.content.decode())
        self.assertEqual(self.promises(plan), before)

    def test_moving_a_promise_onto_a_taken_number_is_refused(self):
        plan = seeded("page:action-plan")
        other_plan = ActionPlanPage(title="Toinen suunnitelma", slug="toinen")
        seeded("page:network").add_child(instance=other_plan)
        stray = ServicePromisePage(title="Toinen ykkönen", slug="toinen-ykkonen", number=1)
        other_plan.add_child(instance=stray)
        response = self.client.post(f"/admin/pages/{stray.pk}/move/{plan.pk}/confirm/")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Page.objects.get(pk=stray.pk).get_parent().pk, other_plan.pk)
        self.assertEqual(self.promises(plan).count(1), 1)

    def test_a_number_held_by_a_pending_draft_is_taken(self):
        draft = post_page_edit(self.client, seeded("page:service-promise-2"), {"number": "6"}, action=None)
        self.assertEqual(draft.status_code, 302)
        response = self.publish_new_promise(6)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Lupauksen numero 6 on tässä suunnitelmassa jo käytössä", response.content.decode())


class TamperedRowTests(ValidationTestCase):
    """A browser never sends these; a hand-made request gets a form error, never a 500 or a lost row."""

    def test_a_row_id_that_is_not_a_number_is_refused(self):
        page = seeded("page:safety-network")
        for changes in ({"memberships-0-id": "abc"}, {"memberships-0-id": "1 OR 1=1"}):
            with self.subTest(changes):
                self.assertRefused(page, changes, "Sivua ei voitu tallentaa")

    def post_edit(self, page, changes, drop=()):
        url = f"/admin/pages/{page.pk}/edit/"
        data = edit_form_data(self.client, url, page, changes)
        for key in drop:
            del data[key]
        data["action-publish"] = "action-publish"
        return self.client.post(url, data)

    def rows(self, page):
        return sorted(Membership.objects.filter(page=page).values_list("pk", "organisation_id", "representative_id", "role"))

    def test_deleting_a_row_with_a_bad_id_touches_no_other_row(self):
        page = seeded("page:safety-network")
        before = self.rows(page)
        response = self.post_edit(page, {"memberships-0-id": "abc", "memberships-0-DELETE": "1"})
        self.assertIn(response.status_code, (200, 302))
        after = self.rows(page)
        self.assertLessEqual(set(after), set(before), "no row added")
        self.assertGreaterEqual(len(after), len(before) - 1, "at most the row asked for is gone")

    def test_a_row_sent_without_its_id_is_refused_not_copied(self):
        page = seeded("page:safety-network")
        before = self.rows(page)
        response = self.post_edit(page, {}, drop=["memberships-0-id"])
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Sivua ei voitu tallentaa", html)
        self.assertIn("Tämä rivi lähetettiin ilman tunnistettaan", html)
        self.assertEqual(self.rows(page), before)
