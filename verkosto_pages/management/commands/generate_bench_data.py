"""Build a large, realistic dataset on top of the initial content, for benchmarks.

    manage.py migrate && manage.py load_initial_content
    manage.py generate_bench_data --pages 10000

Adds directory entries and pages of every type that can have many instances
until the tree holds ``--pages`` pages; running it again tops up to the new
target and never reuses a slug. ``bench/run.py`` builds its databases with it.

Speed is the point, so it skips what an editor's publish does page by page:
pages are added live through treebeard without revisions, their rows are
written with ``bulk_create``, and the search index is filled once at the end
instead of on every save. Never run it against a database people use.
"""

import random
import re
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils.text import slugify
from wagtail.models import Page, PageLogEntry
from wagtail.rich_text import RichText
from wagtail.search import index
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from home.models import HomePage
from verkosto_pages.choices import ExpertGroupStatus, MembershipRole, OrganisationKind
from verkosto_pages.models import (
    ActionPlanPage,
    ActivityReportPage,
    ContentPage,
    CoordinationGroupPage,
    Coordinator,
    ExpertGroupIndexPage,
    ExpertGroupPage,
    Membership,
    NetworkIndexPage,
    Organisation,
    Person,
    SafetyNetworkPage,
    SeedRecord,
    ServicePromiseGroupLink,
    ServicePromisePage,
    Theme,
)

# The initial content's pages that generated pages hang from (load_initial_content's keys).
ANCHORS = {
    "home": ("page:home", HomePage),
    "network": ("page:network", NetworkIndexPage),
    "expert_groups": ("page:expert-groups", ExpertGroupIndexPage),
    "action_plan": ("page:action-plan", ActionPlanPage),
    "coordination_group": ("page:coordination-group", CoordinationGroupPage),
    "safety_network": ("page:safety-network", SafetyNetworkPage),
}

# How often each kind of page is picked; an action plan brings 3–6 promises along,
# so plans and promises together end up about a quarter of the pages.
PAGE_MIX = {"expert_group": 40, "content": 40, "report": 5, "plan": 5}

# Rows a page is saved with in one transaction; bigger batches write faster on SQLite.
BATCH_SIZE = 250
INDEX_CHUNK_SIZE = 500
STANDING_BODY_MEMBERS = 30
STANDING_BODY_COORDINATORS = 5

# Slugs of generated pages: a prefix and a running number, so a top-up continues
# where the last run stopped and never collides with an editor's page.
SLUG_PREFIX = {
    ExpertGroupPage: "ryhma",
    ContentPage: "sivu",
    ActivityReportPage: "kertomus",
    ActionPlanPage: "suunnitelma",
}

ORGANISATION_PREFIX = {
    OrganisationKind.MUNICIPALITY: "Kunta",
    OrganisationKind.WELFARE_AREA: "Hyvinvointialue",
    OrganisationKind.POLICE: "Poliisilaitos",
    OrganisationKind.PARISH: "Seurakunta",
    OrganisationKind.NGO: "Järjestö",
    OrganisationKind.VICTIM_SUPPORT: "Rikosuhripäivystys",
    OrganisationKind.COMPETENCE_CENTRE: "Osaamiskeskus",
    OrganisationKind.NATIONAL_ORGANISATION: "Valtakunnallinen järjestö",
    OrganisationKind.OTHER: "Toimija",
}
# Päijät-Häme's municipalities; "" for a regional organisation.
MUNICIPALITIES = [
    "Lahti", "Heinola", "Hollola", "Orimattila", "Asikkala", "Hartola", "Kärkölä", "Padasjoki",
    "Sysmä", "",
]  # fmt: skip
FIRST_NAMES = [
    "Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Minna", "Niko", "Outi", "Pekka",
    "Riikka", "Sami", "Tiina", "Ville", "Anni", "Jussi", "Laura", "Mikko", "Satu", "Timo",
]  # fmt: skip
LAST_NAMES = [
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
    "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
    "Heikkilä", "Kinnunen", "Salonen", "Turunen",
]  # fmt: skip
JOB_TITLES = [
    "Ehkäisevän työn koordinaattori", "Sosiaaliohjaaja", "Erityisasiantuntija",
    "Kehittämispäällikkö", "Nuorisotyöntekijä", "Terveydenhoitaja", "Projektipäällikkö",
    "Ylikonstaapeli", "Diakoni", "Toiminnanjohtaja",
]  # fmt: skip
# Every generated text names "verkosto", so the benchmark's search finds thousands of pages.
TOPICS = [
    "päihteiden käytön ehkäisy", "mielen hyvinvointi", "rahapelihaitat", "lähisuhdeväkivalta",
    "nuorten osallisuus", "ikäihmisten yksinäisyys", "koulujen hyvinvointityö",
    "digitaalinen pelaaminen", "perheiden tuki", "työikäisten jaksaminen",
]  # fmt: skip
PROMISE_TITLES = [
    "Meillä saa puhua", "Ehkäisemme syrjäytymistä", "Huomioimme läheiset",
    "Vahvistamme minäpystyvyyttä", "Ehkäisevä työ kuuluu kaikille", "Tuemme ajoissa",
]  # fmt: skip
# Seats of an expert group besides its convener and chair; roles repeat as in real groups.
EXTRA_ROLES = [MembershipRole.MEMBER] * 4 + [
    MembershipRole.DEPUTY,
    MembershipRole.EXPERIENCE_EXPERT,
    MembershipRole.SECRETARY,
    MembershipRole.COORDINATOR,
    MembershipRole.VICE_CHAIR,
]
STATUS_WEIGHTS = {
    ExpertGroupStatus.ACTIVE: 70,
    ExpertGroupStatus.FORMING: 10,
    ExpertGroupStatus.NEGOTIATING: 10,
    ExpertGroupStatus.CLOSED: 10,
}


@contextmanager
def search_indexing_paused():
    """Stop Wagtail's search receivers from indexing every saved object.

    Wagtail (modelsearch) connects ``post_save_signal_handler`` to each indexed
    model, and it indexes the object at once: several queries per save, and on
    a page saved before its member rows, an entry that is wrong anyway. The
    command indexes everything it made in bulk at the end instead.
    """
    models = [
        model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)
    ]
    paused = [
        model for model in models if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    try:
        yield
    finally:
        for model in paused:
            post_save.connect(post_save_signal_handler, sender=model)


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def related_lookups(search_fields, prefix=""):
    """Prefetch lookups for a model's RelatedFields, nested ones included.

    Wagtail's own indexing prefetches one level only, which costs a query per
    member row when a page is indexed by its members' organisations.
    """
    for field in search_fields:
        if isinstance(field, index.RelatedFields):
            path = prefix + field.field_name
            yield path
            yield from related_lookups(field.fields, path + "__")


class TreeWriter:
    """Adds pages under their parents as treebeard's ``add_child`` does, minus its queries.

    ``add_child`` locks and reloads the parent, looks up its last child,
    validates the page (a query per foreign key), bumps the parent's child
    count and logs the creation: about 20 queries a page, 25 ms on PostgreSQL.
    Here a page costs its own INSERTs; paths are counted in memory, and child
    counts and log entries are written once per batch (``flush``). The first
    page of each type is validated in full, so a generator bug still shows.
    """

    def __init__(self):
        self._next_step = {}  # parent id -> the step number its next child gets
        self._added = Counter()  # parent id -> children added since the last flush
        self._validated = set()
        self._log_entries = []

    def add(self, parent, page):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, self._step(parent))
        page._cached_parent_obj = parent  # Page.save builds url_path from it
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        if type(page) not in self._validated:
            page.full_clean()
            self._validated.add(type(page))
        page.save(clean=False, log_action=None)
        parent.numchild += 1
        self._added[parent.pk] += 1
        self._log_entries.append(
            PageLogEntry(
                page_id=page.pk,
                content_type_id=page.content_type_id,
                label=page.title,
                action="wagtail.create",
                timestamp=page.first_published_at,
                content_changed=True,
                data={},
            )
        )

    def _step(self, parent):
        step = self._next_step.get(parent.pk)
        if step is None:
            # Only a parent that had children before this run needs a look at the database.
            last = parent.get_last_child() if parent.numchild else None
            step = last._get_lastpos_in_path() + 1 if last else 1
        self._next_step[parent.pk] = step + 1
        return step

    def flush(self):
        for parent_id, added in self._added.items():
            Page.objects.filter(pk=parent_id).update(numchild=F("numchild") + added)
        PageLogEntry.objects.bulk_create(self._log_entries, batch_size=500)
        self._added.clear()
        self._log_entries = []


class Command(BaseCommand):
    help = (
        "Add organisations, people and pages of every repeatable type on top of the initial "
        "content until the tree holds --pages pages (for benchmarks; see bench/run.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pages", type=int, default=3000, help="Total pages wanted in the tree (default 3000)."
        )
        parser.add_argument(
            "--organisations",
            type=int,
            default=300,
            help="Total organisations wanted in the directory (default 300).",
        )
        parser.add_argument(
            "--people",
            type=int,
            default=600,
            help="Total people wanted in the directory (default 600).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Random seed; the same seed on the same data gives the same result.",
        )

    def handle(self, *args, pages, organisations, people, seed, **options):
        started = time.monotonic()
        self.verbosity = options["verbosity"]
        self.anchors = self._load_anchors()
        # The seed is mixed with the tree's size: a top-up does not repeat the first run's choices.
        self.rng = random.Random(f"{seed}:{Page.objects.count()}")
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.created = defaultdict(list)  # model -> ids made by this run
        self.touched = []  # existing pages whose rows changed (to be re-indexed)

        # The reference index (the admin's "usage" counts) is left for
        # `manage.py rebuild_references_index`: updating it per page would double the time.
        with search_indexing_paused(), disable_reference_index_auto_update():
            self._top_up_organisations(organisations)
            self._top_up_people(people)
            self._load_directory()
            self._enlarge_standing_bodies()
            self._add_pages(pages)
        generated = time.monotonic() - started
        self._update_search_index()
        self._report(started, generated)

    # Set-up

    def _load_anchors(self):
        anchors, missing = {}, []
        for name, (key, model) in ANCHORS.items():
            record = SeedRecord.objects.filter(key=key).select_related("content_type").first()
            page = record.get_object() if record else None
            if not isinstance(page, model):
                missing.append(f"{key} ({model.__name__})")
            anchors[name] = page
        if missing:
            raise CommandError(
                "The initial content is missing: "
                + ", ".join(missing)
                + ". Run `manage.py migrate` and `manage.py load_initial_content` first."
            )
        return anchors

    def _say(self, message):
        if self.verbosity:
            self.stdout.write(message)
            self.stdout.flush()

    # Directory

    def _top_up_organisations(self, target):
        missing = target - Organisation.objects.count()
        if missing <= 0:
            return
        kinds = list(OrganisationKind.values)
        taken = set(Organisation.objects.values_list("name", flat=True))
        rows = []
        number = Organisation.objects.count()
        while len(rows) < missing:
            number += 1
            kind = kinds[number % len(kinds)]  # every kind, in equal shares
            name = f"{ORGANISATION_PREFIX[kind]} {number}"
            if name in taken:  # an editor's, or an earlier run's
                continue
            national = kind == OrganisationKind.NATIONAL_ORGANISATION
            short_name = (
                f"{ORGANISATION_PREFIX[kind][:4].upper()}{number}" if number % 3 == 0 else ""
            )
            rows.append(
                Organisation(
                    name=name,
                    short_name=short_name,
                    kind=kind,
                    municipality="" if national else self.rng.choice(MUNICIPALITIES),
                    website=f"https://example.fi/{slugify(name)}/" if number % 2 == 0 else "",
                )
            )
        with transaction.atomic():
            made = Organisation.objects.bulk_create(rows, batch_size=500)
        self.created[Organisation] += [o.pk for o in made]
        self._say(f"Organisations: {len(made)} added, {Organisation.objects.count()} in all.")

    def _top_up_people(self, target):
        missing = target - Person.objects.count()
        if missing <= 0:
            return
        organisation_ids = list(Organisation.objects.values_list("pk", flat=True))
        start = Person.objects.count() + 1
        rows = []
        for number in range(start, start + missing):
            first = FIRST_NAMES[number % len(FIRST_NAMES)]
            last = LAST_NAMES[(number // len(FIRST_NAMES)) % len(LAST_NAMES)]
            public = self.rng.random() < 0.3
            rows.append(
                Person(
                    name=f"{first} {last}",
                    title=self.rng.choice(JOB_TITLES),
                    organisation_id=self.rng.choice(organisation_ids),
                    email=f"henkilo{number}@example.fi",
                    phone=f"040 {number:07d}" if public else "",
                    show_contact_details=public,
                )
            )
        with transaction.atomic():
            made = Person.objects.bulk_create(rows, batch_size=500)
        self.created[Person] += [p.pk for p in made]
        self._say(f"People: {len(made)} added, {Person.objects.count()} in all.")

    def _load_directory(self):
        self.organisation_ids = list(
            Organisation.objects.order_by("pk").values_list("pk", flat=True)
        )
        self.people_by_organisation = defaultdict(list)
        self.person_ids = []
        for person_id, organisation_id in Person.objects.order_by("pk").values_list(
            "pk", "organisation_id"
        ):
            self.person_ids.append(person_id)
            if organisation_id:
                self.people_by_organisation[organisation_id].append(person_id)
        self.theme_ids = list(Theme.objects.order_by("sort_order").values_list("pk", flat=True))
        if not self.organisation_ids or not self.person_ids:
            raise CommandError(
                "The directory is empty: run `manage.py load_initial_content` first."
            )

    def _representative_for(self, organisation_id):
        people = self.people_by_organisation.get(organisation_id)
        return self.rng.choice(people) if people else None

    # Standing bodies: the singletons stay, but their member lists grow to a realistic size.

    def _enlarge_standing_bodies(self):
        # No second chair or convener: the forms refuse one, and the pages show one.
        roles = [MembershipRole.MEMBER] * 6 + [
            MembershipRole.DEPUTY,
            MembershipRole.EXPERIENCE_EXPERT,
        ]
        memberships, coordinators = [], []
        for name in ("coordination_group", "safety_network"):
            page = self.anchors[name]
            members = Membership.objects.filter(page=page).count()
            for order in range(members, max(members, STANDING_BODY_MEMBERS)):
                organisation_id = self.rng.choice(self.organisation_ids)
                memberships.append(
                    Membership(
                        page_id=page.pk,
                        organisation_id=organisation_id,
                        representative_id=self._representative_for(organisation_id),
                        role=self.rng.choice(roles),
                        sort_order=order,
                    )
                )
            have = Coordinator.objects.filter(page=page).count()
            for order in range(have, max(have, STANDING_BODY_COORDINATORS)):
                coordinators.append(
                    Coordinator(
                        page_id=page.pk,
                        person_id=self.rng.choice(self.person_ids),
                        role=self.rng.choice(JOB_TITLES),
                        sort_order=order,
                    )
                )
            if members < STANDING_BODY_MEMBERS or have < STANDING_BODY_COORDINATORS:
                self.touched.append(page)  # its members' names are in its search entry
        with transaction.atomic():
            Membership.objects.bulk_create(memberships)
            Coordinator.objects.bulk_create(coordinators)
        if memberships or coordinators:
            self._say(
                f"Standing bodies: {len(memberships)} members and {len(coordinators)} "
                "coordinators added."
            )

    # Pages

    def _add_pages(self, target):
        count = Page.objects.count()
        if count >= target:
            self._say(f"Pages: {count} already, nothing to add (--pages {target}).")
            return
        self._say(f"Pages: {count} now, adding {target - count}…")
        self.next_number = {model: self._next_number(model) for model in SLUG_PREFIX}
        self.expert_groups = list(
            ExpertGroupPage.objects.child_of(self.anchors["expert_groups"]).order_by("path")
        )
        self.reports = list(ActivityReportPage.objects.values_list("pk", flat=True))
        self.content_parents = [
            self.anchors["network"],
            self.anchors["home"],
            self.anchors["coordination_group"],
            self.anchors["safety_network"],
        ]
        self.tree = TreeWriter()
        kinds, weights = zip(*PAGE_MIX.items())
        last_report = time.monotonic()
        while count < target:
            with transaction.atomic():
                self.rows = defaultdict(list)  # relation rows of this batch, written in bulk
                batch_end = min(target, count + BATCH_SIZE)
                while count < batch_end:
                    kind = self.rng.choices(kinds, weights)[0]
                    if kind == "plan" and not self.reports:
                        kind = "report"  # a plan is based on a report
                    count += getattr(self, f"_add_{kind}")()
                self.tree.flush()
                for model, rows in self.rows.items():
                    model.objects.bulk_create(rows, batch_size=500)
            if time.monotonic() - last_report > 5 or count >= target:
                last_report = time.monotonic()
                self._say(f"  {count} pages")

    def _next_number(self, model):
        """One past the highest number any generated slug of this type has used."""
        pattern = re.compile(rf"^{SLUG_PREFIX[model]}-(\d+)$")
        slugs = Page.objects.filter(slug__startswith=f"{SLUG_PREFIX[model]}-").values_list(
            "slug", flat=True
        )
        numbers = [int(m.group(1)) for m in map(pattern.match, slugs) if m]
        return max(numbers, default=0) + 1

    def _take_number(self, model):
        number = self.next_number[model]
        self.next_number[model] += 1
        return number

    def _published_at(self):
        """A first and a last publication in the past five years."""
        first = self.now - timedelta(
            days=self.rng.randint(30, 5 * 365), seconds=self.rng.randint(0, 86399)
        )
        last = first + timedelta(days=self.rng.randint(0, (self.now - first).days))
        return first, min(last, self.now)

    def _add(self, parent, page):
        """Add ``page`` under ``parent`` as a published page with no revision."""
        first, last = self._published_at()
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = first
        page.last_published_at = last
        page.latest_revision_created_at = last
        self.tree.add(parent, page)
        self.created[type(page)].append(page.pk)
        return page

    def _themes(self, page, low=1, high=3):
        field = type(page)._meta.get_field("themes")
        through = field.remote_field.through
        page_column, theme_column = (
            f"{field.m2m_field_name()}_id",
            f"{field.m2m_reverse_field_name()}_id",
        )
        count = min(len(self.theme_ids), self.rng.randint(low, high))
        for theme_id in self.rng.sample(self.theme_ids, k=count):
            self.rows[through].append(through(**{page_column: page.pk, theme_column: theme_id}))

    def _text(self, topic, sentences=2):
        """A sentence or two of plausible Finnish about a topic."""
        area = self.rng.choice([m for m in MUNICIPALITIES if m] + ["Päijät-Häme"])
        parts = [
            f"Alueellinen verkosto kehittää ehkäisevää työtä teemalla {topic}.",
            f"Toimijat kokoontuvat alueella {area} ja jakavat tietoa hyvistä käytännöistä.",
            "Tavoitteena on tunnistaa huolet ajoissa ja ohjata ihmiset tuen pariin.",
            "Työtä arvioidaan vuosittain yhdessä kuntien ja järjestöjen kanssa.",
        ]
        return " ".join(parts[:sentences])

    def _add_expert_group(self):
        number = self._take_number(ExpertGroupPage)
        topic = self.rng.choice(TOPICS)
        status = self.rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
        page = ExpertGroupPage(
            title=f"Asiantuntijaryhmä {number}: {topic}",
            slug=f"ryhma-{number}",
            purpose=f"<p>{self._text(topic, 3)}</p><ul><li>Koulutus</li><li>Konsultaatio</li></ul>",
            status=status,
            review_due=(self.now + timedelta(days=self.rng.randint(-120, 700))).date(),
        )
        # An active group names its convener (the page's rule); others often have none yet.
        has_convener = status == ExpertGroupStatus.ACTIVE or self.rng.random() < 0.5
        if not has_convener:
            page.convener_note = "Koollekutsuja valitaan seuraavassa kokouksessa."
        self._add(self.anchors["expert_groups"], page)
        self.expert_groups.append(page)
        self._members(page, self.rng.randint(5, 15), has_convener)
        self._themes(page)
        return 1

    def _members(self, page, seats, has_convener):
        roles = [MembershipRole.CONVENER] if has_convener else []
        if self.rng.random() < 0.4:
            roles.append(MembershipRole.CHAIR)
        while len(roles) < seats:
            roles.append(self.rng.choice(EXTRA_ROLES))
        for order, role in enumerate(roles):
            if role == MembershipRole.EXPERIENCE_EXPERT:
                # A seat held by a role, not an organisation.
                row = Membership(
                    page_id=page.pk, role=role, note="Kokemusasiantuntija", sort_order=order
                )
            else:
                organisation_id = self.rng.choice(self.organisation_ids)
                representative = (
                    self._representative_for(organisation_id) if self.rng.random() < 0.7 else None
                )
                row = Membership(
                    page_id=page.pk,
                    organisation_id=organisation_id,
                    representative_id=representative,
                    role=role,
                    sort_order=order,
                )
            self.rows[Membership].append(row)

    def _add_content(self):
        number = self._take_number(ContentPage)
        topic = self.rng.choice(TOPICS)
        # Mostly beside the bodies; some under an expert group, as its own subpages.
        if self.expert_groups and self.rng.random() < 0.3:
            parent = self.rng.choice(self.expert_groups)
        else:
            parent = self.rng.choice(self.content_parents)
        page = ContentPage(
            title=f"{topic.capitalize()} – ohje {number}",
            slug=f"sivu-{number}",
            intro=self._text(topic, 1),
            body=[
                ("heading", "Taustaa"),
                ("paragraph", RichText(f"<p>{self._text(topic, 4)}</p>")),
                ("paragraph", RichText(f"<p>{self._text(self.rng.choice(TOPICS), 2)}</p>")),
            ],
        )
        self._add(parent, page)
        return 1

    def _period(self):
        start = self.rng.randint(2000, 2030)
        return start, start + self.rng.randint(2, 5)

    def _add_report(self):
        number = self._take_number(ActivityReportPage)
        start, end = self._period()
        page = ActivityReportPage(
            title=f"Toimintakertomus {start}–{end} ({number})",
            slug=f"kertomus-{number}",
            period_start=start,
            period_end=end,
            summary=(
                f"<p>{self._text(self.rng.choice(TOPICS), 4)}</p>"
                f"<p>{self._text(self.rng.choice(TOPICS), 2)}</p>"
            ),
        )
        self._add(self.rng.choice([self.anchors["network"], self.anchors["home"]]), page)
        self.reports.append(page.pk)
        return 1

    def _add_plan(self):
        number = self._take_number(ActionPlanPage)
        start, end = self._period()
        plan = ActionPlanPage(
            title=f"Toimintasuunnitelma {start}–{end} ({number})",
            slug=f"suunnitelma-{number}",
            period_start=start,
            period_end=end,
            summary=f"<p>{self._text(self.rng.choice(TOPICS), 3)}</p>",
            based_on_report_id=self.rng.choice(self.reports),
        )
        self._add(self.rng.choice([self.anchors["network"], self.anchors["home"]]), plan)
        promises = self.rng.randint(3, 6)
        for promise_number in range(1, promises + 1):
            self._add_promise(plan, promise_number)
        return 1 + promises

    def _add_promise(self, plan, number):
        title = PROMISE_TITLES[(number - 1) % len(PROMISE_TITLES)]
        topic = self.rng.choice(TOPICS)
        goals = [
            (
                "goal",
                {
                    "goal": f"{self._text(topic, 1)} Tavoite {goal}.",
                    "indicator": "Kouluterveyskyselyn tulokset ja verkoston vuosiarvio.",
                },
            )
            for goal in range(1, self.rng.randint(2, 4) + 1)
        ]
        page = ServicePromisePage(
            title=f"{number}. {title}",
            slug=f"lupaus-{number}",  # unique under its own plan
            number=number,
            statement=self._text(topic, 2),
            goals=goals,
        )
        self._add(plan, page)
        groups = self.rng.sample(
            self.expert_groups, k=min(len(self.expert_groups), self.rng.randint(1, 3))
        )
        for order, group in enumerate(groups):
            self.rows[ServicePromiseGroupLink].append(
                ServicePromiseGroupLink(page_id=page.pk, target_id=group.pk, sort_order=order)
            )
        self._themes(page)

    # Search index and summary

    def _update_search_index(self):
        """Index what this run made, in bulk, in every backend that indexes on save."""
        started = time.monotonic()
        work = [(model, ids) for model, ids in self.created.items() if ids]
        for page in self.touched:
            work.append((type(page), [page.pk]))
        backends = list(get_search_backends(with_auto_update=True))
        indexed = 0
        for model, ids in work:
            lookups = list(related_lookups(model.get_search_fields()))
            for chunk in chunks(ids, INDEX_CHUNK_SIZE):
                objects = list(
                    model.get_indexed_objects().filter(pk__in=chunk).prefetch_related(*lookups)
                )
                with transaction.atomic():
                    for backend in backends:
                        backend.add_bulk(model, objects)
                indexed += len(objects)
        self._say(f"Search index: {indexed} objects indexed in {time.monotonic() - started:.1f} s.")

    def _report(self, started, generated):
        pages = Counter(
            Page.objects.values_list("content_type__app_label", "content_type__model").iterator()
        )
        self._say("Pages by type:")
        for (app_label, model), number in sorted(pages.items(), key=lambda item: -item[1]):
            label = f"{app_label}.{model}"
            added = sum(len(ids) for m, ids in self.created.items() if m._meta.label_lower == label)
            self._say(f"  {label:<38} {number:>6}  (+{added})")
        self._say(
            f"Total: {sum(pages.values())} pages, {Organisation.objects.count()} organisations, "
            f"{Person.objects.count()} people. Generated in {generated:.1f} s, "
            f"{time.monotonic() - started:.1f} s with the search index."
        )
