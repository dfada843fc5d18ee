"""Each public page costs a fixed number of queries, however many members, coordinators,
themes, groups and promises it shows. The counts are pinned: a change that adds a query
per row fails here, and a change that saves one updates the figure on purpose."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from verkosto_pages.choices import MembershipRole
from verkosto_pages.models import Coordinator, ExpertGroupPage, Membership, Organisation, Person, Theme

from .utils import PAGE_OF_EACH_TYPE, InitialContentTestCase, seeded

# Queries per anonymous page view with the page cache off, with the initial content
# and with many more rows. Every page spends 5 on the site, its root, the page
# (one query for any depth, then its own fields) and the view restrictions, and 2
# on the main menu and the footer links.
EXPECTED_QUERIES = {
    "page:home": 12,
    "page:network": 12,
    "page:coordination-group": 13,
    "page:safety-network": 13,
    "page:expert-groups": 11,
    "page:expert-group-digi": 10,
    "page:activity-report": 9,
    "page:action-plan": 10,
    "page:service-promise-1": 11,
}


@override_settings(PAGE_CACHE_SECONDS=0)
class QueryCountTests(InitialContentTestCase):
    def count_queries(self, key):
        url = seeded(key).url
        self.client.get(url)  # warm the per-process caches (site root, content types)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def grow(self):
        """Give every body and group many more members, coordinators and themes."""
        organisations = [Organisation.objects.create(name=f"Järjestö {n}", kind="ngo") for n in range(12)]
        people = [
            Person.objects.create(name=f"Henkilö {n}", organisation=organisations[n]) for n in range(12)
        ]
        extra_themes = [Theme.objects.create(name=f"Teema {n}", slug=f"teema-{n}") for n in range(3)]
        for key in ("page:coordination-group", "page:safety-network", "page:expert-group-digi",
                    "page:expert-group-mental-health", "page:expert-group-violence"):
            page = seeded(key)
            for n, organisation in enumerate(organisations):
                page.memberships.add(
                    Membership(organisation=organisation, representative=people[n],
                               role=MembershipRole.DEPUTY if n % 3 else MembershipRole.MEMBER)
                )
            if hasattr(page, "coordinators"):
                for person in people[:4]:
                    page.coordinators.add(Coordinator(person=person, role="Koordinaattori"))
            page.themes.add(*extra_themes)
            page.save_revision().publish()
        for n in range(4):
            group = ExpertGroupPage(title=f"Lisäryhmä {n}", slug=f"lisaryhma-{n}")
            seeded("page:expert-groups").add_child(instance=group)
            group.save_revision().publish()

    def test_page_views_cost_a_fixed_number_of_queries(self):
        before = {key: self.count_queries(key) for key in PAGE_OF_EACH_TYPE}
        self.grow()
        after = {key: self.count_queries(key) for key in PAGE_OF_EACH_TYPE}
        self.assertEqual(before, EXPECTED_QUERIES)
        self.assertEqual(after, EXPECTED_QUERIES)


class CachedQueryCountTests(InitialContentTestCase):
    def test_a_cached_page_costs_no_query(self):
        for key in PAGE_OF_EACH_TYPE:
            url = seeded(key).url
            self.client.get(url)  # notes the page's tags
            self.client.get(url)  # stores the page
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual((response.status_code, response["X-Cache"]), (200, "hit"), url)
            self.assertEqual(len(queries), 0, url)
