"""Editors can only build a sensible tree: each page type stands where it belongs."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from verkosto_pages.models import (
    ActionPlanPage,
    ActivityReportPage,
    ContentPage,
    CoordinationGroupPage,
    ExpertGroupIndexPage,
    ExpertGroupPage,
    NetworkIndexPage,
    SafetyNetworkPage,
    ServicePromisePage,
)

from .utils import InitialContentTestCase, seeded


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_stands_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {NetworkIndexPage, ActivityReportPage, ActionPlanPage, ContentPage}
        )

    def test_network_index_holds_the_bodies_and_documents(self):
        self.assertAllowedParentPageTypes(NetworkIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(
            NetworkIndexPage,
            {
                CoordinationGroupPage,
                SafetyNetworkPage,
                ExpertGroupIndexPage,
                ActivityReportPage,
                ActionPlanPage,
                ContentPage,
            },
        )

    def test_bodies_stand_under_the_network_index(self):
        for model in (CoordinationGroupPage, SafetyNetworkPage, ExpertGroupIndexPage):
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {NetworkIndexPage})
        self.assertAllowedSubpageTypes(CoordinationGroupPage, {ContentPage})
        self.assertAllowedSubpageTypes(SafetyNetworkPage, {ContentPage})

    def test_expert_groups_stand_under_their_index(self):
        self.assertAllowedSubpageTypes(ExpertGroupIndexPage, {ExpertGroupPage})
        self.assertAllowedParentPageTypes(ExpertGroupPage, {ExpertGroupIndexPage})
        self.assertAllowedSubpageTypes(ExpertGroupPage, {ContentPage})

    def test_reports_and_plans_stand_under_home_or_network_index(self):
        for model in (ActivityReportPage, ActionPlanPage):
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {HomePage, NetworkIndexPage})
        self.assertAllowedSubpageTypes(ActivityReportPage, set())
        self.assertAllowedSubpageTypes(ActionPlanPage, {ServicePromisePage})

    def test_service_promises_stand_under_an_action_plan_only(self):
        self.assertAllowedParentPageTypes(ServicePromisePage, {ActionPlanPage})
        self.assertAllowedSubpageTypes(ServicePromisePage, set())

    def test_content_page_goes_where_text_is_needed(self):
        self.assertAllowedParentPageTypes(
            ContentPage,
            {
                HomePage,
                NetworkIndexPage,
                ContentPage,
                CoordinationGroupPage,
                SafetyNetworkPage,
                ExpertGroupPage,
            },
        )
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})


class OneOfEachBodyTests(InitialContentTestCase):
    def test_a_second_coordination_group_or_safety_network_cannot_be_added(self):
        network = seeded("page:network")
        for model in (CoordinationGroupPage, SafetyNetworkPage, ExpertGroupIndexPage):
            with self.subTest(model=model.__name__):
                self.assertFalse(model.can_create_at(network))
        self.assertTrue(ContentPage.can_create_at(network))

    def test_more_expert_groups_can_be_added(self):
        self.assertTrue(ExpertGroupPage.can_create_at(seeded("page:expert-groups")))
