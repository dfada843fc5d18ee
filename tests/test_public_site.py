"""The public site beyond the pages themselves: org charts, search, sitemap, robots.txt,
link previews, structured data and the accessibility statement."""

import json
import re
from urllib.parse import urlsplit

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from verkosto_pages.charts import layout, org_chart
from verkosto_pages.search import snippet
from verkosto_pages.choices import MembershipRole
from verkosto_pages.models import ContentPage, Membership, Organisation
from verkosto_pages.templatetags.chart_tags import NARROW, WIDE

from .utils import InitialContentTestCase, seeded


def svg_texts(html, variant="wide"):
    """The lines of text one of the page's charts draws, box by box."""
    svg = re.search(rf'<svg class="org-chart__svg org-chart__svg--{variant}".*?</svg>', html, re.S).group(0)
    return [
        " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", text))
        for text in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
    ]


def squeeze(text):
    """Text without spaces, so a name wrapped onto two lines still matches."""
    return re.sub(r"\s+", "", text)


def publish_members(page, rows):
    """Replace the page's members with ``rows`` and publish, as the editor's Publish does."""
    page.memberships.set([Membership(**row) for row in rows])
    page.save_revision().publish()


class OrgChartTests(InitialContentTestCase):
    def test_each_body_has_a_chart_of_its_current_members(self):
        for key in ("page:coordination-group", "page:safety-network", "page:expert-group-mental-health"):
            with self.subTest(key):
                page = seeded(key)
                html = self.get_html(page)
                texts = svg_texts(html)
                self.assertEqual(texts[0], page.title)
                for membership in page.member_rows:
                    self.assertTrue(
                        any(squeeze(membership.display_name) in squeeze(text) for text in texts),
                        f"{membership.display_name} missing from the chart of {key}",
                    )

    def test_chart_has_an_accessible_name_and_a_text_alternative(self):
        html = self.get_html(seeded("page:safety-network"))
        self.assertRegex(html, r'<svg [^>]*role="img" aria-labelledby="org-chart-title-wide"')
        self.assertIn('<title id="org-chart-title-wide">Turvallisuusverkosto: organisaatiokaavio</title>', html)
        text = re.search(r'<details class="org-chart__text">(.*?)</details>', html, re.S).group(1)
        flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
        self.assertIn("Puheenjohtaja: Lahden ensi- ja turvakoti ry", flat)
        self.assertIn("Edustaja: Jukka Ihalainen", flat)
        for heading in ("Kunnat", "Poliisi", "Järjestöt"):
            self.assertIn(heading, flat)

    def test_chair_is_marked_and_coordinators_have_their_own_panel(self):
        safety = self.get_html(seeded("page:safety-network"))
        marked = re.findall(r'<g class="chart-member chart-member--marked">(.*?)</g>', safety, re.S)
        self.assertEqual(len(marked), 2)  # one per drawing: wide and narrow
        self.assertIn(squeeze("Lahden ensi- ja turvakoti ry"), squeeze(re.sub(r"<[^>]+>", "", marked[0])))
        coordination = self.get_html(seeded("page:coordination-group"))
        panel = re.search(r'<g class="chart-group chart-group--coordination">(.*?)</g>', coordination, re.S)
        self.assertIn("Koordinointi", panel.group(1))
        self.assertNotIn("chart-group--coordination", safety)  # the safety network has no coordinators

    def test_chart_changes_when_an_editor_publishes_new_members(self):
        page = seeded("page:safety-network")
        verso = Organisation.objects.get(name="Sosiaalialan osaamiskeskus Verso")
        publish_members(page, [{"organisation": verso, "role": MembershipRole.CHAIR}])
        texts = svg_texts(self.get_html(page))
        self.assertIn("Sosiaalialan osaamiskeskus Verso (Verso)", texts)
        self.assertNotIn("Poliisi", texts)

    def test_a_draft_change_of_members_is_not_drawn(self):
        page = seeded("page:safety-network")
        verso = Organisation.objects.get(name="Sosiaalialan osaamiskeskus Verso")
        page.memberships.set([Membership(organisation=verso)])
        page.save_revision()  # saved as a draft, not published
        texts = svg_texts(self.get_html(page))
        self.assertIn("Poliisi", texts)
        self.assertNotIn("Sosiaalialan osaamiskeskus Verso (Verso)", texts)

    def test_a_body_without_members_has_no_chart(self):
        page = seeded("page:expert-group-violence")
        html = self.get_html(page)
        self.assertNotIn("<svg class=\"org-chart__svg", html)
        self.assertIsNone(org_chart(page))

    def test_boxes_never_overlap_or_leave_the_drawing_at_either_width(self):
        page = seeded("page:coordination-group")
        # Many more groups and members than the seed, so the layout wraps into rows.
        kinds = ["municipality", "welfare_area", "police", "parish", "ngo", "victim_support", "other"]
        rows = [
            {"organisation": Organisation.objects.create(name=f"Hyvin pitkäniminen organisaatio {n}", kind=kinds[n % 7])}
            for n in range(20)
        ]
        publish_members(page, rows)
        page = seeded("page:coordination-group")
        chart = org_chart(page)
        for width, columns in (WIDE, NARROW):
            with self.subTest(width=width):
                drawn = layout(chart, width, columns)
                members = [b for b in drawn.boxes if "chart-member" in b.css]
                panels = [b for b in drawn.boxes if b.css.startswith("chart-group") or b.css == "chart-body"]
                self.assertEqual(len(members), 20 + 2)  # and the two coordinators
                for box in drawn.boxes:
                    self.assertGreaterEqual(box.x, 0)
                    self.assertLessEqual(box.x + box.width, width)
                    self.assertLessEqual(box.y + box.height, drawn.height)
                for i, a in enumerate(panels):
                    for b in panels[i + 1 :]:
                        apart = (
                            a.x + a.width <= b.x or b.x + b.width <= a.x
                            or a.y + a.height <= b.y or b.y + b.height <= a.y
                        )
                        self.assertTrue(apart, f"{a} overlaps {b}")
                # The trunk from the body never runs through a panel.
                trunk = drawn.lines[0]
                for panel in panels[1:]:
                    crosses = panel.x < trunk[0] < panel.x + panel.width and trunk[1] < panel.y < trunk[3]
                    self.assertFalse(crosses, f"the trunk crosses {panel}")

    def test_the_chart_costs_no_query(self):
        page = seeded("page:coordination-group")
        page.member_rows, page.coordinator_rows  # what the page view loads anyway
        with CaptureQueriesContext(connection) as queries:
            chart = org_chart(page)
            layout(chart, *WIDE)
            layout(chart, *NARROW)
        self.assertEqual(len(queries), 0)


class SearchTests(InitialContentTestCase):
    def search(self, query, **params):
        response = self.client.get("/haku/", {"q": query, **params})
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        titles = re.findall(r'<h3 class="search-result__title"><a href="[^"]+">([^<]+)</a>', html)
        return titles, html

    def test_finds_a_body_by_a_member_organisations_name(self):
        titles, html = self.search("Rikosuhripäivystys")
        self.assertEqual(titles, ["Seutukoordinaatioryhmä"])
        self.assertIn('<p class="search-result__type">Seutukoordinaatioryhmä</p>', html)

    def test_results_show_type_and_snippet_with_the_query_marked(self):
        titles, html = self.search("turvallisuusverkosto")
        self.assertIn("Turvallisuusverkosto", titles)
        self.assertIn('<p class="search-result__type">Turvallisuusverkosto</p>', html)
        self.assertIn(
            '<p class="search-result__snippet"><mark>Turvallisuusverkosto</mark> on seudun yhteinen foorumi',
            html,
        )

    def test_snippets_are_plain_text_with_marks_only_around_the_words(self):
        group = seeded("page:expert-group-mental-health")
        group.purpose = "<p>Sosiaali- &amp; terveys</p><p>Toinen kappale &lt;b&gt; mark</p>"
        self.assertEqual(snippet(group), "Sosiaali- &amp; terveys Toinen kappale &lt;b&gt; mark")
        self.assertEqual(
            snippet(group, ["amp", "mark", "terveys"]),
            "Sosiaali- &amp; <mark>terveys</mark> Toinen kappale &lt;b&gt; <mark>mark</mark>",
        )

    def test_hidden_pages_are_never_found(self):
        group = seeded("page:expert-group-mental-health")
        report = seeded("page:activity-report")
        self.assertIn(group.title, self.search("Mente")[0])  # found while public
        self.assertIn(report.title, self.search("toimintakertomus")[0])
        group.unpublish()
        PageViewRestriction.objects.create(page=report, restriction_type=PageViewRestriction.LOGIN)
        draft = ContentPage(title="Salainen luonnos Mente", slug="salainen", live=False)
        seeded("page:home").add_child(instance=draft)
        titles, _html = self.search("Mente")
        self.assertEqual(titles, [])
        titles, _html = self.search("toimintakertomus")
        self.assertNotIn(report.title, titles)

    def test_a_published_member_change_is_found_at_once(self):
        page = seeded("page:safety-network")
        verso = Organisation.objects.get(name="Sosiaalialan osaamiskeskus Verso")
        publish_members(page, [{"organisation": verso, "role": MembershipRole.CHAIR}])
        titles, _html = self.search("Verso")
        self.assertIn("Turvallisuusverkosto", titles)

    def test_word_forms_match_with_finnish_stemming_on_postgresql(self):
        titles, _html = self.search("seutukoordinaatioryhmän")  # genitive of the title
        if connection.vendor == "postgresql":
            self.assertEqual(get_search_backend().config, "finnish")
            self.assertIn("Seutukoordinaatioryhmä", titles)
        else:
            # SQLite's FTS5 has no Finnish stemmer: there the word's own form finds it.
            self.assertIn("Seutukoordinaatioryhmä", self.search("seutukoordinaatioryhmä")[0])

    def test_a_live_pages_draft_text_is_not_searchable(self):
        page = seeded("page:safety-network")
        page.intro = "Salainen luonnoslause kaikkiruokainen"
        page.save_revision()
        self.assertEqual(self.search("kaikkiruokainen")[0], [])

    def test_quotes_and_control_characters_are_no_server_error(self):
        for query in ('"', 'a"b', "turvallisuusverkosto\x00", "\x1f*", "OR AND NOT", "(", "*"):
            with self.subTest(query=query):
                self.search(query)  # asserts a 200

    def test_a_renamed_organisation_is_found_under_its_new_name_at_once(self):
        organisation = Organisation.objects.get(name="Rikosuhripäivystys")
        organisation.name = "Uhrituki Päijät-Häme"
        organisation.save()
        self.assertEqual(self.search("Uhrituki")[0], ["Seutukoordinaatioryhmä"])
        self.assertEqual(self.search("Rikosuhripäivystys")[0], [])

    def test_a_query_is_shown_back_escaped(self):
        _titles, html = self.search('<script>alert(1)</script>')
        self.assertNotIn("<script>alert(1)", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)

    def test_bad_page_numbers_and_long_queries_are_answered_not_refused(self):
        for params in ({"sivu": "abc"}, {"sivu": "99999"}, {"sivu": "-1"}):
            with self.subTest(params):
                titles, _html = self.search("Turvallisuusverkosto", **params)
                self.assertTrue(titles)
        titles, html = self.search("verkosto " * 100)
        self.assertIn('value="verkosto', html)

    def test_empty_query_shows_the_form_only(self):
        _titles, html = self.search("")
        self.assertIn('id="search-page-q"', html)
        self.assertNotIn("results-heading", html)

    def test_every_page_has_a_labelled_search_box_in_the_header(self):
        html = self.get_html(seeded("page:action-plan"))
        self.assertRegex(html, r'<form class="search-form search-form--header" action="/haku/" method="get" role="search">')
        self.assertIn('<label for="header-search-q" class="visually-hidden">Hae sivustolta</label>', html)

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_search_costs_the_same_for_one_result_or_a_page_full(self):
        def count(query):
            self.client.get("/haku/", {"q": query})
            with CaptureQueriesContext(connection) as queries:
                titles, _html = self.search(query)
            return len(titles), len(queries)

        home = seeded("page:home")
        home.add_child(instance=ContentPage(title="Kesäleiri", slug="kesaleiri", intro="Leiri"))
        for n in range(12):
            home.add_child(instance=ContentPage(title=f"Syysleiri {n}", slug=f"syysleiri-{n}", intro="Leiri"))
        self.assertEqual(count("Kesäleiri"), (1, 7))
        self.assertEqual(count("Syysleiri"), (10, 7))


class CrawlerTests(InitialContentTestCase):
    def test_sitemap_lists_public_pages_only(self):
        seeded("page:expert-group-digi").unpublish()
        report = seeded("page:activity-report")
        PageViewRestriction.objects.create(page=report, restriction_type=PageViewRestriction.PASSWORD, password="x")
        xml = self.client.get("/sitemap.xml").content.decode()
        locations = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]*)</loc>", xml)]
        self.assertIn(seeded("page:safety-network").url, locations)
        self.assertIn(seeded("page:accessibility-statement").url, locations)
        self.assertNotIn(seeded("page:expert-group-digi").url, locations)
        self.assertNotIn(report.url, locations)
        self.assertFalse([loc for loc in locations if loc.startswith(report.url)])

    def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        body = response.content.decode()
        self.assertIn("Disallow: /admin/\n", body)
        self.assertIn("Sitemap: http://testserver/sitemap.xml\n", body)

    def test_favicon_is_linked_and_served(self):
        html = self.get_html(seeded("page:home"))
        self.assertIn('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">', html)
        self.assertRedirects(self.client.get("/favicon.ico"), "/static/favicon.ico", 301, fetch_redirect_response=False)

    def test_link_previews_have_title_description_and_address(self):
        page = seeded("page:safety-network")
        html = self.get_html(page)
        self.assertIn('<meta property="og:title" content="Turvallisuusverkosto">', html)
        self.assertIn(f'<meta property="og:url" content="{page.full_url}">', html)
        self.assertIn(f'<link rel="canonical" href="{page.full_url}">', html)
        self.assertRegex(html, r'<meta property="og:description" content="Turvallisuusverkosto on seudun yhteinen foorumi')
        self.assertRegex(html, r'<meta name="description" content="Turvallisuusverkosto on seudun')

    def test_bodies_describe_themselves_as_schema_org_organisations(self):
        for key in ("page:coordination-group", "page:safety-network", "page:expert-group-mental-health"):
            with self.subTest(key):
                page = seeded(key)
                html = self.get_html(page)
                data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
                self.assertEqual(data["@type"], "Organization")
                self.assertEqual(data["name"], page.title)
                names = {member["name"] for member in data.get("member", [])}
                expected = {m.organisation.name for m in page.member_rows if m.organisation}
                self.assertEqual(names, expected)
                self.assertNotIn("Ihalainen", json.dumps(data))  # people stay out
        self.assertNotIn("application/ld+json", self.get_html(seeded("page:action-plan")))

    def test_structured_data_cannot_close_its_script_element(self):
        page = seeded("page:safety-network")
        page.intro = "</script><script>alert(1)</script>"
        page.save_revision().publish()
        html = self.get_html(page)
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        self.assertIn("\\u003c/script\\u003e", block)
        self.assertEqual(json.loads(block)["description"], page.intro)


class AccessibilityStatementTests(InitialContentTestCase):
    def test_statement_has_the_statutory_parts_and_is_linked_from_every_page(self):
        statement = seeded("page:accessibility-statement")
        html = self.get_html(statement)
        for heading in (
            "Vaatimustenmukaisuuden tila",
            "Tiedossa olevat puutteet",
            "Palaute ja yhteystiedot",
            "Valvontaviranomainen",
        ):
            self.assertRegex(html, rf"<h2[^>]*>{heading}</h2>")
        for key in ("page:home", "page:service-promise-2"):
            footer = re.search(r'<footer class="site-footer">(.*?)</footer>', self.get_html(seeded(key)), re.S)
            self.assertIn(f'<a href="{statement.url}">Saavutettavuusseloste</a>', footer.group(1))

    def test_an_unpublished_footer_link_disappears(self):
        seeded("page:accessibility-statement").unpublish()
        self.assertNotIn("Saavutettavuusseloste", self.get_html(seeded("page:home")))


class RichTextLinkTests(InitialContentTestCase):
    def test_links_to_hidden_pages_keep_their_words_but_lose_their_address(self):
        hidden = seeded("page:expert-group-violence")
        hidden.unpublish()
        live = seeded("page:safety-network")
        group = seeded("page:expert-group-mental-health")
        group.purpose = (
            f'<p>Katso <a linktype="page" id="{hidden.pk}">valmisteilla oleva ryhmä</a> '
            f'ja <a linktype="page" id="{live.pk}">turvallisuusverkosto</a>.</p>'
        )
        group.save_revision().publish()
        statement = seeded("page:accessibility-statement")
        statement.body = [("paragraph", RichText(f'<p>Lue <a linktype="page" id="{hidden.pk}">luonnos</a>.</p>'))]
        statement.save_revision().publish()

        html = self.get_html(group)
        self.assertIn("Katso valmisteilla oleva ryhmä ja", html)
        self.assertIn(f'<a href="{live.url}">turvallisuusverkosto</a>', html)
        self.assertNotIn(hidden.url, html)
        html = self.get_html(statement)  # a StreamField paragraph
        self.assertIn("<p>Lue luonnos.</p>", html)
        self.assertNotIn(hidden.url, html)
