"""The loader builds the whole site once, and never undoes an editor's work without --force."""

import io
import re

from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Page, Revision, Site

from home.models import HomePage
from verkosto_pages.models import (
    ActionPlanPage,
    ActivityReportPage,
    CoordinationGroupPage,
    ExpertGroupPage,
    Membership,
    Organisation,
    Person,
    SafetyNetworkPage,
    ServicePromisePage,
    Theme,
)

from .utils import seeded


def load(*args, stderr=None):
    out = io.StringIO()
    call_command("load_initial_content", *args, stdout=out, stderr=stderr or io.StringIO())
    return out.getvalue()


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "memberships": Membership.objects.count(),
        "organisations": Organisation.objects.count(),
        "people": Person.objects.count(),
        "themes": Theme.objects.count(),
    }


class FirstLoadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load()

    def test_site_root_is_the_new_home_page(self):
        site = Site.objects.get(is_default_site=True)
        self.assertIsInstance(site.root_page.specific, HomePage)
        self.assertFalse(Page.objects.filter(depth=2).exclude(pk=site.root_page_id).exists())

    def test_directory_holds_the_themes_organisations_and_people(self):
        self.assertEqual(
            list(Theme.objects.values_list("slug", flat=True)),
            [
                "substance-abuse-prevention",
                "mental-health-promotion",
                "gambling-harm-prevention",
                "violence-prevention",
            ],
        )
        names = set(Organisation.objects.values_list("name", flat=True))
        for name in (
            "Sosiaalialan osaamiskeskus Verso",
            "Lahden ensi- ja turvakoti ry",
            "Päijät-Hämeen hyvinvointikuntayhtymä",
            "Rikosuhripäivystys",
            "Päijät-Hämeen sosiaalipsykiatrinen säätiö, Mente-palvelut",
        ):
            self.assertIn(name, names)
        self.assertEqual(
            sorted(Person.objects.values_list("name", flat=True)),
            ["Heli Lehtinen", "Jukka Ihalainen", "Susanna Leimio"],
        )
        self.assertFalse(Person.objects.exclude(email="").exists(), "no invented contact details")

    def test_every_page_type_exists_once_live_with_a_revision(self):
        expected = {
            HomePage: 1,
            CoordinationGroupPage: 1,
            SafetyNetworkPage: 1,
            ExpertGroupPage: 3,
            ActivityReportPage: 1,
            ActionPlanPage: 1,
            ServicePromisePage: 5,
        }
        for model, count in expected.items():
            with self.subTest(model=model.__name__):
                pages = model.objects.all()
                self.assertEqual(pages.count(), count)
                for page in pages:
                    self.assertTrue(page.live)
                    self.assertEqual(page.revisions.count(), 1)

    def test_bodies_carry_the_facts_of_the_sources(self):
        group = seeded("page:coordination-group")
        self.assertEqual((group.meetings_per_year, group.term_start, group.term_end), (4, 2017, 2020))
        self.assertEqual(
            [c.person.name for c in group.coordinator_rows], ["Susanna Leimio", "Heli Lehtinen"]
        )
        self.assertEqual(seeded("page:safety-network").chair.name, "Jukka Ihalainen")
        statuses = dict(ExpertGroupPage.objects.values_list("slug", "status"))
        self.assertEqual(sorted(statuses.values()), ["active", "active", "negotiating"])
        self.assertEqual(seeded("page:expert-group-mental-health").convener.short_name, "Mente")
        self.assertEqual(seeded("page:action-plan").based_on_report, seeded("page:activity-report"))
        self.assertEqual(
            [p.number for p in seeded("page:action-plan").service_promises], [1, 2, 3, 4, 5]
        )


class RerunTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load()

    def test_second_run_changes_nothing(self):
        before = snapshot()
        output = load()
        self.assertEqual(snapshot(), before)
        created, reset, kept = map(int, re.findall(r"\d+", output))
        self.assertEqual((created, reset, kept), (0, 0, 33))

    def test_editor_changes_survive_a_rerun(self):
        page = seeded("page:safety-network")
        page.title = "Turvallisuusverkosto (päivitetty)"
        page.save_revision().publish()
        Organisation.objects.filter(name="Poliisi").update(name="Hämeen poliisilaitos")
        load()
        self.assertEqual(seeded("page:safety-network").title, "Turvallisuusverkosto (päivitetty)")
        self.assertFalse(Organisation.objects.filter(name="Poliisi").exists())

    def test_a_deleted_page_is_not_recreated(self):
        seeded("page:expert-group-violence").delete()
        load()
        self.assertFalse(ExpertGroupPage.objects.filter(slug="perhe-ja-lahisuhdevakivalta").exists())

    def test_force_resets_content_and_keeps_the_editors_version_in_history(self):
        page = seeded("page:safety-network")
        page.title = "Muokattu otsikko"
        page.save_revision().publish()
        load("--force")
        page = seeded("page:safety-network")
        self.assertEqual(page.title, "Turvallisuusverkosto")
        titles = [r.content["title"] for r in page.revisions.order_by("created_at", "id")]
        self.assertEqual(titles, ["Turvallisuusverkosto", "Muokattu otsikko", "Turvallisuusverkosto"])
        self.assertEqual(SafetyNetworkPage.objects.count(), 1)
        self.assertEqual(page.memberships.count(), 6)

    def test_existing_directory_entries_are_adopted_not_duplicated(self):
        # An editor added Verso by hand on a database the loader had not seen.
        from verkosto_pages.models import SeedRecord

        SeedRecord.objects.filter(key="org:verso").delete()
        load()
        self.assertEqual(Organisation.objects.filter(name="Sosiaalialan osaamiskeskus Verso").count(), 1)


class HandMadeContentTests(TestCase):
    """What an editor made by hand is adopted or left alone, never duplicated or overwritten."""

    def test_a_theme_made_by_hand_is_adopted_by_its_name(self):
        Theme.objects.create(name="Ehkäisevä päihdetyö", slug="paihteet")
        load()
        self.assertEqual(Theme.objects.count(), 4)
        self.assertEqual(Theme.objects.get(name="Ehkäisevä päihdetyö").slug, "paihteet")

    def test_force_skips_an_item_whose_name_is_taken_and_says_so(self):
        load()
        police = Organisation.objects.get(name="Poliisi")
        police.name = "Hämeen poliisilaitos"
        police.save()
        Organisation.objects.create(name="Poliisi", kind="police")
        errors = io.StringIO()
        load("--force", stderr=errors)
        self.assertIn("org:poliisi", errors.getvalue())
        self.assertEqual(Organisation.objects.filter(name="Poliisi").count(), 1)
        self.assertTrue(Organisation.objects.filter(pk=police.pk, name="Hämeen poliisilaitos").exists())

    def test_a_page_of_another_type_at_the_address_is_left_alone(self):
        from verkosto_pages.models import ContentPage, SeedRecord

        load()
        group = seeded("page:expert-group-violence")
        index = group.get_parent()
        group.delete()
        SeedRecord.objects.filter(key="page:expert-group-violence").delete()
        page = index.add_child(
            instance=ContentPage(title="Väkivallan ehkäisy", slug="perhe-ja-lahisuhdevakivalta")
        )
        errors = io.StringIO()
        output = load(stderr=errors)
        self.assertIn("page:expert-group-violence", errors.getvalue())
        self.assertIn("perhe-ja-lahisuhdevakivalta", errors.getvalue())
        self.assertRegex(output, r"^Alkusisältö: 0 ")
        self.assertEqual(ExpertGroupPage.objects.count(), 2)
        self.assertEqual(ContentPage.objects.get(pk=page.pk).title, "Väkivallan ehkäisy")
