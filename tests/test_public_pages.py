"""What the public sees on each page type, built from the initial content."""

import re

from django.test import override_settings
from django.template.loader import render_to_string

from verkosto_pages.models import ActionPlanPage, ContentPage, Person

from .utils import InitialContentTestCase, seeded


def text(html):
    """The page's visible text with whitespace collapsed, for reading order checks."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r" ([,.:;)])", r"\1", flat).strip()


class LayoutTests(InitialContentTestCase):
    def test_every_page_has_landmarks_language_and_skip_link(self):
        html = self.get_html(seeded("page:coordination-group"))
        self.assertIn('<html lang="fi">', html)
        self.assertRegex(html, r'<a class="skip-link" href="#main">Siirry pääsisältöön</a>')
        self.assertIn('<main id="main"', html)
        for landmark in ("<header", "<nav", "<footer"):
            self.assertIn(landmark, html)

    def test_breadcrumbs_lead_from_home_to_the_page(self):
        html = self.get_html(seeded("page:expert-group-digi"))
        crumbs = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', html, re.S).group(1)
        self.assertEqual(
            re.findall(r">([^<>]+)</a>", crumbs),
            [
                "Etusivu",
                "Verkostot ja yhteistyö",
                "Asiantuntijaryhmät",
                "Digi- ja rahapelihaittojen ehkäisyn asiantuntijaryhmä",
            ],
        )
        self.assertIn('aria-current="page"', crumbs)

    def test_main_menu_lists_the_top_sections(self):
        html = self.get_html("/")
        menu = re.search(r'<nav class="primary-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
        self.assertEqual(
            re.findall(r">([^<>]+)</a>", menu),
            ["Etusivu", "Verkostot ja yhteistyö", "Toimintakertomus 2017–2021", "Toimintasuunnitelma 2021–2025"],
        )

    def test_section_menu_reaches_every_body_and_expert_group(self):
        html = self.get_html(seeded("page:safety-network"))
        menu = re.search(r'<nav class="section-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
        for key in (
            "page:coordination-group",
            "page:safety-network",
            "page:expert-groups",
            "page:expert-group-digi",
            "page:expert-group-mental-health",
            "page:expert-group-violence",
        ):
            self.assertIn(f'href="{seeded(key).url}"', menu)

    def test_last_updated_shows_the_last_publication_date(self):
        page = seeded("page:safety-network")
        html = self.get_html(page)
        local = page.last_published_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Helsinki"))
        self.assertIn(f"Päivitetty <time datetime=", html)
        self.assertIn(f"{local.day}.{local.month}.{local.year}</time>", html)

    def test_unknown_address_gets_a_finnish_404_page(self):
        html = self.get_html("/ei-ole-olemassa/", status=404)
        self.assertIn("Sivua ei löytynyt", html)
        self.assertIn('<html lang="fi">', html)

    def test_500_page_renders_without_a_request_or_database(self):
        html = render_to_string("500.html")
        self.assertIn('<html lang="fi">', html)
        self.assertIn("Jokin meni vikaan", html)


class HomePageTests(InitialContentTestCase):
    def test_home_shows_the_four_winds_and_featured_bodies(self):
        html = text(self.get_html("/"))
        self.assertIn("Ehkäisevän työn seutukoordinaatio", html)
        for name in (
            "Ehkäisevä päihdetyö",
            "Edistävä mielenterveystyö",
            "Pelihaittojen ehkäisy (digi- ja rahapelihaitat)",
            "Perhe- ja lähisuhdeväkivallan ehkäisy",
        ):
            self.assertIn(name, html)
        for title in ("Seutukoordinaatioryhmä", "Turvallisuusverkosto", "Asiantuntijaryhmät"):
            self.assertIn(title, html)


class NetworkIndexTests(InitialContentTestCase):
    def test_overview_links_the_bodies_and_lists_actors_with_roles(self):
        raw = self.get_html(seeded("page:network"))
        self.assertIn(f'href="{seeded("page:coordination-group").url}"', raw)
        table = re.search(r'<table class="actors">(.*?)</table>', raw, re.S).group(1)
        actors = re.findall(r'<th scope="row">([^<]+)</th>', table)
        self.assertEqual(
            actors,
            [
                "Asiakas",
                "Asiakkaan lähipiiri",
                "Seurakunta",
                "Poliisi",
                "Kolmannen sektorin toimijat",
                "Peruspalvelujen tuottajat",
                "Erityisasiantuntijat",
            ],
        )


class CoordinationGroupTests(InitialContentTestCase):
    def test_shows_members_meeting_rhythm_term_and_coordinators(self):
        html = text(self.get_html(seeded("page:coordination-group")))
        self.assertIn("Sosiaalialan osaamiskeskus Verso", html)
        self.assertIn("Lahden ensi- ja turvakoti ry", html)
        self.assertIn("Rikosuhripäivystys", html)
        self.assertIn("Kokoontuminen 4 kertaa vuodessa", html)
        self.assertIn("Toimikausi 2017–2020", html)
        self.assertIn("Susanna Leimio Ehkäisevän työn seutukoordinaattori Sosiaalialan osaamiskeskus Verso", html)
        self.assertIn("Heli Lehtinen Verkostokoordinaattori Lahden ensi- ja turvakoti ry", html)
        self.assertIn("Tiivis yhteistyö Turvallisuusverkosto", html)

    def test_responsibilities_are_listed(self):
        html = text(self.get_html(seeded("page:coordination-group")))
        self.assertIn("Tehtävät Ehkäisevän työn prosessit Koulutus Konsultaatio", html)


class SafetyNetworkTests(InitialContentTestCase):
    def test_chair_is_jukka_ihalainen(self):
        html = text(self.get_html(seeded("page:safety-network")))
        self.assertIn("Puheenjohtaja Jukka Ihalainen Lahden ensi- ja turvakoti ry", html)

    def test_member_list_is_grouped_by_role_chair_first(self):
        html = text(self.get_html(seeded("page:safety-network")))
        members = html[html.index("Jäsenet Puheenjohtaja"):]
        self.assertLess(members.index("Lahden ensi- ja turvakoti ry"), members.index("Jäsenet Päijät-Hämeen kunnat"))
        self.assertIn("Edustaja: Jukka Ihalainen", members)

    def test_contact_details_stay_private_until_the_person_agrees(self):
        person = seeded("person:jukka-ihalainen")
        Person.objects.filter(pk=person.pk).update(email="jukka@example.org", phone="040 123 4567")
        html = self.get_html(seeded("page:safety-network"))
        self.assertNotIn("jukka@example.org", html)
        self.assertNotIn("040 123 4567", html)
        Person.objects.filter(pk=person.pk).update(show_contact_details=True)
        html = self.get_html(seeded("page:safety-network"))
        self.assertIn('href="mailto:jukka@example.org"', html)
        self.assertIn('href="tel:0401234567"', html)

    def test_coordinators_contact_details_stay_private_until_they_agree(self):
        person = seeded("person:heli-lehtinen")
        Person.objects.filter(pk=person.pk).update(email="heli@example.org", phone="044 765 4321")
        page = seeded("page:coordination-group")
        html = self.get_html(page)
        self.assertIn("Heli Lehtinen", html)
        self.assertNotIn("heli@example.org", html)
        self.assertNotIn("044 765 4321", html)
        Person.objects.filter(pk=person.pk).update(show_contact_details=True)
        html = self.get_html(page)
        self.assertIn('href="mailto:heli@example.org"', html)
        self.assertIn("044 765 4321", html)


class ExpertGroupTests(InitialContentTestCase):
    def test_index_lists_three_groups_with_statuses(self):
        html = text(self.get_html(seeded("page:expert-groups")))
        self.assertEqual(html.count("Tila:"), 3)
        self.assertEqual(html.count("Toiminnassa"), 2)
        self.assertIn("Perhe- ja lähisuhdeväkivallan ehkäisyn asiantuntijaryhmä Tila: Neuvotteluvaiheessa", html)

    def test_group_page_shows_status_convener_members_and_themes(self):
        html = text(self.get_html(seeded("page:expert-group-mental-health")))
        self.assertIn("Tila Toiminnassa", html)
        self.assertIn("Koollekutsuja Päijät-Hämeen sosiaalipsykiatrinen säätiö, Mente-palvelut", html)
        self.assertIn("Kokemusasiantuntijat Kokemusasiantuntija", html)
        self.assertIn("Edistävä mielenterveystyö", html)
        self.assertIn("Ehkäisevä päihdetyö", html)

    def test_group_under_negotiation_says_so(self):
        html = text(self.get_html(seeded("page:expert-group-violence")))
        self.assertIn("Tila Neuvotteluvaiheessa", html)


class ReportAndPlanTests(InitialContentTestCase):
    def test_report_shows_period_and_links_the_plan_built_on_it(self):
        html = text(self.get_html(seeded("page:activity-report")))
        self.assertIn("Kausi 2017–2021", html)
        self.assertIn("Toimintasuunnitelma 2021–2025", html)

    def test_plan_lists_the_five_service_promises_in_order(self):
        raw = self.get_html(seeded("page:action-plan"))
        titles = re.findall(r'class="promise__title">.*?<a [^>]+>([^<]+)</a>', raw, re.S)
        self.assertEqual(
            titles,
            [
                "Meillä saa puhua",
                "Ehkäisemme syrjäytymistä",
                "Huomioimme läheiset",
                "Vahvistamme minäpystyvyyttä",
                "Meillä ehkäisevä työ kuuluu kaikille",
            ],
        )
        self.assertIn("Pohjana Toimintakertomus 2017–2021", text(raw))

    def test_promises_follow_their_numbers_not_the_tree_order(self):
        first = seeded("page:service-promise-1")
        first.number = 9
        first.save_revision().publish()
        raw = self.get_html(seeded("page:action-plan"))
        titles = re.findall(r'class="promise__title">.*?<a [^>]+>([^<]+)</a>', raw, re.S)
        self.assertEqual(titles[-1], "Meillä saa puhua")

    def test_promise_page_shows_number_statement_and_goals(self):
        promise = seeded("page:service-promise-2")
        promise.goals = [("goal", {"goal": "Nuorten osallisuus kasvaa", "indicator": "Kouluterveyskysely"})]
        promise.save_revision().publish()
        html = text(self.get_html(promise))
        self.assertIn("Palvelulupaus 2 Ehkäisemme syrjäytymistä", html)
        self.assertIn("Syrjäytymisen riskit tunnistetaan ajoissa", html)
        self.assertIn("Nuorten osallisuus kasvaa Mittari: Kouluterveyskysely", html)


class ContentPageTests(InitialContentTestCase):
    def test_content_page_shows_title_intro_and_body(self):
        home = seeded("page:home")
        page = ContentPage(
            title="Saavutettavuus",
            slug="saavutettavuus",
            intro="Sivuston saavutettavuudesta.",
            body=[("heading", "Palaute"), ("paragraph", "<p>Anna palautetta.</p>")],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        html = text(self.get_html(page))
        self.assertIn("Saavutettavuus Sivuston saavutettavuudesta. Palaute Anna palautetta.", html)


class PrivacyTests(InitialContentTestCase):
    def test_a_draft_change_is_not_shown_to_the_public(self):
        page = seeded("page:safety-network")
        page.intro = "LUONNOS, ei julkinen"
        page.save_revision()
        self.assertNotIn("LUONNOS", self.get_html(seeded("page:safety-network")))

    def test_an_unpublished_body_disappears_from_menus_and_links(self):
        seeded("page:safety-network").unpublish()
        html = self.get_html(seeded("page:coordination-group"))
        self.assertNotIn("/verkostot/turvallisuusverkosto/", html)
        self.get_html("/verkostot/turvallisuusverkosto/", status=404)

    def test_a_promise_does_not_link_a_plan_the_public_cannot_see(self):
        promise = seeded("page:service-promise-1")
        plan = seeded("page:action-plan")
        self.assertIn(f'href="{plan.url}"', self.get_html(promise))
        # An editor takes the plan back to draft while its promises stay live.
        ActionPlanPage.objects.filter(pk=plan.pk).update(live=False)
        html = self.get_html(promise)
        self.assertNotIn(f'href="{plan.url}"', html)
        self.assertNotIn("Toimintasuunnitelma 2021–2025</a>", html)

    @override_settings(DEBUG=False)
    def test_a_login_restricted_page_is_not_served_or_linked(self):
        from wagtail.models import PageViewRestriction

        page = seeded("page:expert-group-violence")
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(page.url, self.get_html(seeded("page:expert-groups")))
