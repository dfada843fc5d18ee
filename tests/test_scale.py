"""Pages whose lists grow with the content stay the same size: the expert group index
pages through its groups, and the section menu leaves a long third level to it."""

from verkosto_pages.models import ContentPage, ExpertGroupPage

from .utils import InitialContentTestCase, seeded


class LongListTests(InitialContentTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        index = seeded("page:expert-groups")
        for n in range(40):
            index.add_child(instance=ExpertGroupPage(title=f"Ryhmä {n:02d}", slug=f"ryhma-{n:02d}", live=True))

    def test_the_expert_group_index_shows_24_groups_a_page_with_links_between_pages(self):
        index = seeded("page:expert-groups")
        first = self.get_html(index)
        self.assertEqual(first.count('class="card"'), 24)
        self.assertIn('rel="next" href="?sivu=2"', first)
        self.assertIn("Sivu 1 / 2", first)
        second = self.get_html(index.url + "?sivu=2")
        self.assertEqual(second.count('class="card"'), 43 - 24)
        self.assertIn('rel="prev" href="?sivu=1"', second)
        # A page number that is not one shows the first page rather than an error.
        self.assertEqual(self.get_html(index.url + "?sivu=kaksi").count('class="card"'), 24)

    def test_the_section_menu_leaves_out_a_third_level_longer_than_thirty(self):
        html = self.get_html(seeded("page:coordination-group"))
        menu = html[html.index('class="section-nav"'):]
        self.assertIn("Asiantuntijaryhmät", menu)
        self.assertNotIn("Ryhmä 00", menu)
        self.assertNotIn(seeded("page:expert-group-digi").title, menu)


class LongSectionTests(InitialContentTestCase):
    def test_a_section_with_more_than_thirty_pages_lists_those_in_menus(self):
        network = seeded("page:network")
        for n in range(35):
            network.add_child(instance=ContentPage(title=f"Ohje {n:02d}", slug=f"ohje-{n:02d}", live=True))
        html = self.get_html(seeded("page:safety-network"))
        menu = html[html.index('class="section-nav"'):]
        for key in ("page:coordination-group", "page:safety-network", "page:expert-groups"):
            self.assertIn(seeded(key).title, menu)
        self.assertNotIn("Ohje 00", menu)


class ManyMatchesTests(InitialContentTestCase):
    def test_a_word_on_more_pages_than_sqlite_ranks_still_finds_them_all(self):
        import re
        from unittest import mock

        from django.db import connection
        from django.utils import timezone

        home = seeded("page:home")
        for n in range(6):
            page = home.add_child(instance=ContentPage(title=f"Kesäretki {n}", slug=f"kesaretki-{n}", intro="Retki"))
            page.last_published_at = timezone.now() + timezone.timedelta(minutes=n)
            page.save_revision().publish()
        with mock.patch("verkosto_pages.search.SQLITE_MAX_RANKED", 3):
            html = self.get_html("/haku/?q=Kes%C3%A4retki")
        titles = re.findall(r'<h3 class="search-result__title"><a href="[^"]+">([^<]+)</a>', html)
        self.assertEqual(sorted(titles), [f"Kesäretki {n}" for n in range(6)])
        self.assertIn("6 tulosta", html)
        if connection.vendor == "sqlite":
            # Too many to rank on SQLite: the most recently published first.
            self.assertEqual(titles, [f"Kesäretki {n}" for n in reversed(range(6))])
