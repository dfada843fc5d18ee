"""The API's query counts are pinned: a listing of 20 pages with every field costs
what a listing of 1 costs, and a page's detail a small fixed number.
A change that adds a query per page fails here; one that saves a query updates the figure."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from verkosto_pages.choices import MembershipRole
from verkosto_pages.models import (
    ExpertGroupPage,
    Membership,
    Organisation,
    Person,
    ServicePromiseGroupLink,
    Theme,
)

from .utils import PAGE_OF_EACH_TYPE, APITestCase, seeded

GROUPS = "/api/v2/pages/?type=verkosto_pages.ExpertGroupPage&fields=*"
PROMISES = "/api/v2/pages/?type=verkosto_pages.ServicePromisePage&fields=*"

# v2 listing with fields=*, whatever the number of pages in it.
EXPECTED_LISTING_QUERIES = {GROUPS: 6, PROMISES: 6}
# Anonymous detail of each page type with the response cache off, (v2, v3). Of
# these, 3-4 go to the site, the view restrictions and the page (v3: 3 more, as
# Wagtail reads the restrictions again and we check that the public may see the
# parent); the caching middleware spends 1 on Last-Modified.
EXPECTED_DETAIL_QUERIES = {
    "page:home": (10, 13),
    "page:network": (7, 9),
    "page:coordination-group": (12, 15),
    "page:safety-network": (12, 15),
    "page:expert-groups": (7, 9),
    "page:expert-group-digi": (9, 11),
    "page:activity-report": (7, 9),
    "page:action-plan": (8, 11),
    "page:service-promise-1": (10, 13),
}


@override_settings(PAGE_CACHE_SECONDS=0)
class APIQueryCountTests(APITestCase):
    def count(self, url):
        self.client.get(url)  # warm the per-process caches (content types, site root)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(queries)

    def grow_to_twenty_groups(self):
        """Twenty expert groups, each with eight members, two themes and a promise linking to it."""
        index, promise = seeded("page:expert-groups"), seeded("page:service-promise-1")
        organisations = [Organisation.objects.create(name=f"Järjestö {n}", kind="ngo") for n in range(8)]
        people = [Person.objects.create(name=f"Henkilö {n}", organisation=org) for n, org in enumerate(organisations)]
        themes = list(Theme.objects.all()[:2])
        for n in range(ExpertGroupPage.objects.count(), 20):
            group = index.add_child(instance=ExpertGroupPage(title=f"Ryhmä {n}", slug=f"ryhma-{n}"))
            for organisation, person in zip(organisations, people):
                group.memberships.add(Membership(organisation=organisation, representative=person, role=MembershipRole.MEMBER))
            group.themes.add(*themes)
            group.save_revision().publish()
            ServicePromiseGroupLink.objects.create(page=promise, target=group)
        for key in ("page:coordination-group", "page:safety-network"):
            body = seeded(key)
            for organisation, person in zip(organisations, people):
                body.memberships.add(Membership(organisation=organisation, representative=person, role=MembershipRole.DEPUTY))
            body.save_revision().publish()
        self.assertEqual(ExpertGroupPage.objects.live().count(), 20)

    def test_a_listing_of_one_costs_the_same_as_a_listing_of_twenty(self):
        for url, expected in EXPECTED_LISTING_QUERIES.items():
            self.assertEqual(self.count(url + "&limit=1"), expected, url)
        self.grow_to_twenty_groups()
        for url, expected in EXPECTED_LISTING_QUERIES.items():
            self.assertEqual(self.count(url + "&limit=1"), expected, url)
            self.assertEqual(self.count(url + "&limit=20"), expected, url)

    def detail_counts(self):
        counts = {}
        for key in PAGE_OF_EACH_TYPE:
            page = seeded(key)
            counts[key] = (self.count(f"/api/v2/pages/{page.pk}/"), self.count(f"/api/v3/pages/{page.pk}/"))
        return counts

    def test_a_page_detail_costs_a_fixed_number_of_queries(self):
        self.maxDiff = None
        # One related group first (none costs a query less), then twenty.
        ServicePromiseGroupLink.objects.create(page=seeded("page:service-promise-1"), target=seeded("page:expert-group-digi"))
        self.assertEqual(self.detail_counts(), EXPECTED_DETAIL_QUERIES)
        self.grow_to_twenty_groups()
        self.assertEqual(self.detail_counts(), EXPECTED_DETAIL_QUERIES)


class CachedAPIQueryCountTests(APITestCase):
    def test_a_cached_answer_costs_no_query(self):
        group = seeded("page:expert-group-digi")
        for url in (GROUPS + "&limit=20", f"/api/v2/pages/{group.pk}/", f"/api/v3/pages/{group.pk}/"):
            self.client.get(url)  # notes the answer's tags
            self.client.get(url)  # stores the answer
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual((response.status_code, response["X-Cache"]), (200, "hit"), url)
            self.assertEqual(len(queries), 0, url)
