"""The API's query counts are pinned: a listing of 20 pages with every field costs
what a listing of 1 costs, and a page's detail a small fixed number.
A change that adds a query per page fails here; one that saves a query updates the figure."""

from django.db import connection
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
EXPECTED_LISTING_QUERIES = {GROUPS: 8, PROMISES: 10}
# Anonymous detail of each page type, (v2, v3). Of these, Wagtail spends 4-5 on
# view restrictions, the site and the parent (v3: 2 more, as we check that the
# public may see the parent); the caching middleware 1 on
# Last-Modified; the home page 1 per type of featured page (its cards need intros).
EXPECTED_DETAIL_QUERIES = {
    "page:home": (16, 17),
    "page:network": (8, 9),
    "page:coordination-group": (15, 16),
    "page:safety-network": (15, 16),
    "page:expert-groups": (8, 9),
    "page:expert-group-digi": (10, 11),
    "page:activity-report": (8, 9),
    "page:action-plan": (10, 11),
    "page:service-promise-1": (11, 12),
}


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
        self.assertEqual(ExpertGroupPage.objects.live().count(), 20)

    def test_a_listing_of_one_costs_the_same_as_a_listing_of_twenty(self):
        for url, expected in EXPECTED_LISTING_QUERIES.items():
            self.assertEqual(self.count(url + "&limit=1"), expected, url)
        self.grow_to_twenty_groups()
        for url, expected in EXPECTED_LISTING_QUERIES.items():
            self.assertEqual(self.count(url + "&limit=1"), expected, url)
            self.assertEqual(self.count(url + "&limit=20"), expected, url)

    def test_a_page_detail_costs_a_fixed_number_of_queries(self):
        counts = {}
        for key in PAGE_OF_EACH_TYPE:
            page = seeded(key)
            counts[key] = (self.count(f"/api/v2/pages/{page.pk}/"), self.count(f"/api/v3/pages/{page.pk}/"))
        self.maxDiff = None
        self.assertEqual(counts, EXPECTED_DETAIL_QUERIES)
