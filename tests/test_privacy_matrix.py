"""The privacy matrix: every way of reading the site × every kind of hidden content.

Nothing hidden may reach an anonymous reader, by any channel. The matrix is data:

- ``CASES``: the kinds of hidden content. Each builds content that carries
  its own secret markers (in a title, rich text, a document's title and
  contents, an image's title and file name, a person's email and phone, an
  editor's user name, email and names), hides it the way an editor would
  (or time does), and shows it again for whoever may see it: the positive
  control, so that the matrix can fail. The address of a hidden page or
  file is checked too: nothing may link or list it.
- ``CHANNELS``: the ways in. Each gives the anonymous addresses that could
  show a case's content: the page itself, its parent and every page type's
  HTML (menus, child listings, cards, footer), the search page, the sitemap,
  API v2 listing, detail, find and search, its documents and images, API v3
  listing, detail, draft, find and search, and the document's file.

There are no feeds (RSS, Atom or Django's syndication) in this project: a
case-insensitive grep for feed, rss, atom and syndication over site/,
verkosto_pages/, home/ and templates/ finds only transaction.atomic,
"feedback" in the initial content and two comments on feed readers asking
for /favicon.ico.

The response cache is on in the tests (``PAGE_CACHE_SECONDS``), and content
is hidden the way it happens on a live site: the public reads it first, so
the cache holds it, and then it is unpublished, restricted, expires, gets a
draft or a scheduled change, or its person withdraws consent. A cache that
kept serving the old answer would leak it, so each case's cached addresses
are read again at once, before the next case changes anything. Scheduled
publishing runs from the request cycle (verkosto_pages/scheduling.py), as in
production.

Each case's markers are checked without regard to case. The search
channels search for a case's *probe*, a harmless word of the hidden content
that the search page repeats back; a marker never goes into a query.
"""

import datetime
import json
from dataclasses import dataclass, field
from typing import Callable, Optional

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)
from wagtail.rich_text import RichText

from verkosto_pages import scheduling
from verkosto_pages.choices import ExpertGroupStatus, MembershipRole
from verkosto_pages.models import (
    ActivityReportPage,
    ContentPage,
    Coordinator,
    ExpertGroupPage,
    Membership,
    Organisation,
    Person,
)

from .utils import PAGE_OF_EACH_TYPE, InitialContentTestCase, make_user, seeded


def secret(name):
    """A marker that must never reach the public: one ASCII word, found nowhere else."""
    return f"Zsala{name}Q91"


def probe(name):
    """A harmless word of the case's content that search channels look for."""
    return f"Hakuzq{name}"


@dataclass
class PageRef:
    """A page as the channels address it (plain values: they survive setUpTestData's copies)."""

    id: int
    url: str
    parent_url: str
    parent_id: int
    type: str

    @classmethod
    def of(cls, page):
        page = page.specific
        parent = page.get_parent()
        return cls(page.pk, page.url, parent.url, parent.pk, page.specific_class._meta.label)


@dataclass
class Hidden:
    """What a case built: the markers it hid, and where they could show."""

    markers: tuple
    probe: str
    pages: list  # PageRef: the page(s) that carry or link the hidden content
    # Addresses of hidden pages and files: they must not be linked or listed anywhere
    # but may come back on the page's own address (a login form's ?next=).
    hidden_paths: tuple = ()
    document_id: Optional[int] = None
    document_url: str = ""
    image_id: Optional[int] = None
    # Text the page's own HTML must still show (the live version of a changed page).
    still_shown: str = ""
    # Where the public saw the markers before they were hidden (default: the first page).
    shown_at: str = ""
    objects: dict = field(default_factory=dict)  # ids the case's own steps need


def now():
    return timezone.now()


def add_page(parent, page, user=None, publish=True):
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return Page.objects.get(pk=page.pk).specific


def expert_groups():
    return seeded("page:expert-groups")


def group_page(name, title, live=True, **fields):
    """A new expert group, slug without any marker (its address is checked separately)."""
    return ExpertGroupPage(
        title=title, slug=f"ryhma-{name}", status=ExpertGroupStatus.FORMING, live=live, **fields
    )


# --- The cases ------------------------------------------------------------------------
#
# build(cls) runs in setUpTestData and returns a Hidden. Where the case has a
# hide step, build leaves the content public, the test reads it anonymously
# (so the response cache holds it) and hide() then hides it.


def build_draft_change(cls):
    marker, word = secret("luonnos"), probe("luonnos")
    group = group_page("luonnos", f"Luonnosryhmä {word}", purpose=f"<p>{word}</p>")
    page = add_page(expert_groups(), group)
    return Hidden((marker,), word, [PageRef.of(page)], still_shown=f"Luonnosryhmä {word}")


def hide_draft_change(test, hidden):
    page = ExpertGroupPage.objects.get(pk=hidden.pages[0].id)
    marker = hidden.markers[0]
    page.title = f"Luonnosryhmä {hidden.probe} {marker}"
    page.purpose = f"<p>{hidden.probe} {marker}</p>"
    page.save_revision()  # saved, not published


def build_never_published(cls):
    marker, word = secret("uusi"), probe("uusi")
    page = add_page(
        expert_groups(),
        group_page("uusi", f"{marker} {word}", live=False, purpose=f"<p>{marker}</p>"),
        publish=False,
    )
    return Hidden((marker,), word, [PageRef.of(page)], hidden_paths=(page.url,))


def build_unpublished(cls):
    marker, word = secret("poistettu"), probe("poistettu")
    # In the main menu of every page while it is live.
    page = add_page(
        seeded("page:home"),
        ContentPage(title=f"{marker} {word}", slug="poistunut", show_in_menus=True, intro=marker),
    )
    return Hidden((marker,), word, [PageRef.of(page)], hidden_paths=(page.url,))


def hide_unpublished(test, hidden):
    Page.objects.get(pk=hidden.pages[0].id).specific.unpublish()


def build_scheduled_new(cls):
    marker, word = secret("tuleva"), probe("tuleva")
    page = group_page("tuleva", f"{marker} {word}", live=False, purpose=f"<p>{marker}</p>")
    page.go_live_at = now() + datetime.timedelta(days=1)
    page = add_page(expert_groups(), page)  # publishing with a future go-live only schedules it
    assert not page.live
    return Hidden((marker,), word, [PageRef.of(page)], hidden_paths=(page.url,))


def build_scheduled_change(cls):
    marker, word = secret("ajastettu"), probe("ajastettu")
    page = add_page(expert_groups(), group_page("ajastettu", f"Ajastettu ryhmä {word}"))
    return Hidden((marker,), word, [PageRef.of(page)], still_shown=f"Ajastettu ryhmä {word}")


def hide_scheduled_change(test, hidden):
    page = ExpertGroupPage.objects.get(pk=hidden.pages[0].id)
    page.title = f"{hidden.markers[0]} {hidden.probe}"
    page.purpose = f"<p>{hidden.markers[0]}</p>"
    page.go_live_at = now() + datetime.timedelta(days=1)
    page.save_revision().publish()  # scheduled: the live page keeps its old content
    page.refresh_from_db()
    assert page.live and page.title == f"Ajastettu ryhmä {hidden.probe}", page.title


def build_expired(cls):
    marker, word = secret("vanhentunut"), probe("vanhentunut")
    page = group_page("vanhentunut", f"{marker} {word}", purpose=f"<p>{marker}</p>")
    page.expire_at = now() + datetime.timedelta(days=1)  # the editor sets an expiry time
    page = add_page(expert_groups(), page)
    return Hidden((marker,), word, [PageRef.of(page)], hidden_paths=(page.url,))


def hide_expired(test, hidden):
    # The expiry time passes. Time passing sends no signal, so the row is updated
    # without one; the scheduled-publishing middleware (verkosto_pages/scheduling.py)
    # must then unpublish the page on the next request, before the response cache
    # answers it.
    expired = now() - datetime.timedelta(minutes=1)
    Page.objects.filter(pk=hidden.pages[0].id).update(expire_at=expired)
    test.a_minute_passes()


def build_restricted(name, parent_key, make_page):
    def build(cls):
        marker, word = secret(name), probe(name)
        page = add_page(seeded(parent_key), make_page(name, marker, word))
        return Hidden((marker,), word, [PageRef.of(page)], hidden_paths=(page.url,))

    return build


def restrict(restriction_type, **fields):
    def hide(test, hidden):
        restriction = PageViewRestriction.objects.create(
            page_id=hidden.pages[0].id, restriction_type=restriction_type, **fields
        )
        if restriction_type == PageViewRestriction.GROUPS:
            restriction.groups.set([Group.objects.get(name=SECRET_GROUP)])

    return hide


SECRET_GROUP = "Sisäpiiri"
PASSWORD = "avoinna-vain-jasenille"


def build_private_collection(cls):
    marker, word = secret("muistio"), probe("muistio")
    collection = Collection.get_first_root_node().add_child(name="Sisäiset muistiot")
    document = Document.objects.create(
        title=f"Muistio {word} {marker}",
        collection=collection,
        # The file name is no secret (a login form repeats the address it was asked
        # for), but the address is: hidden_paths.
        file=ContentFile(f"{marker} sisainen".encode(), name="sisainen-muistio.txt"),
    )
    image = Image.objects.create(
        title=f"Kaavio {marker}",
        collection=collection,
        file=get_test_image_file(f"{marker.lower()}.png"),
    )
    link = f'<p>Lue <a linktype="document" id="{document.pk}">muistio</a>.</p>'
    report = add_page(
        seeded("page:home"),
        ActivityReportPage(
            title=f"Raportti {word}", slug="raportti", summary=link, document=document
        ),
    )
    notes = add_page(
        seeded("page:network"),
        ContentPage(
            title=f"Muistiinpanot {word}",
            slug="muistiinpanot",
            body=[
                ("paragraph", RichText(link)),
                ("document", {"document": document, "title": ""}),
                ("image", {"image": image, "alt_text": "Kaavio", "caption": ""}),
            ],
        ),
    )
    # The safety network's uploaded org chart figure, from the same collection.
    safety = seeded("page:safety-network")
    safety.org_chart_image = image
    safety.save_revision().publish()
    return Hidden(
        (marker,),
        word,
        [PageRef.of(report), PageRef.of(notes), PageRef.of(safety)],
        hidden_paths=(document.url,),
        document_id=document.pk,
        document_url=document.url,
        image_id=image.pk,
        objects={"collection": collection.pk},
    )


def hide_private_collection(test, hidden):
    CollectionViewRestriction.objects.create(
        collection_id=hidden.objects["collection"], restriction_type=CollectionViewRestriction.LOGIN
    )


def build_contact_details(cls):
    marker, word = secret("yhteys"), probe("yhteys")
    phone_digits = "9182736"
    person = Person.objects.create(
        name=f"Henna {word}",
        title="Suunnittelija",
        organisation=Organisation.objects.first(),
        email=f"{marker.lower()}@example.fi",
        phone=f"040 {phone_digits}",
        # Public at first: the person withdraws consent after the pages were read.
        show_contact_details=True,
    )
    group = group_page("yhteys", f"Yhteysryhmä {word}")
    group.memberships.add(
        Membership(
            representative=person, organisation=person.organisation, role=MembershipRole.CHAIR
        )
    )
    group = add_page(expert_groups(), group)
    coordination = seeded("page:coordination-group")
    coordination.coordinators.add(Coordinator(person=person, role="Seutukoordinaattori"))
    coordination.save_revision().publish()
    return Hidden(
        (marker, phone_digits),
        word,
        [PageRef.of(group), PageRef.of(coordination)],
        shown_at=coordination.url,  # the coordinators' contact details show on the page
        objects={"person": person.pk},
    )


def hide_contact_details(test, hidden):
    person = Person.objects.get(pk=hidden.objects["person"])
    person.show_contact_details = False
    person.save()


def build_editor_account(cls):
    marker, word = secret("toimittaja"), probe("toimittaja")
    editor = make_user(f"{marker.lower()}tunnus", superuser=True)
    editor.email = f"{marker.lower()}posti@example.fi"
    editor.first_name = f"{marker}Etunimi"
    editor.last_name = f"{marker}Sukunimi"
    editor.save()
    public = Collection.get_first_root_node()
    document = Document.objects.create(
        title=f"Liite {word}",
        collection=public,
        uploaded_by_user=editor,
        file=ContentFile(b"julkinen liite", name="liite.txt"),
    )
    image = Image.objects.create(
        title=f"Kuva {word}",
        collection=public,
        uploaded_by_user=editor,
        file=get_test_image_file("kuva.png"),
    )
    page = ContentPage(
        title=f"Toimitettu sivu {word}",
        slug="toimitettu",
        owner=editor,
        body=[
            ("paragraph", RichText(f"<p>{word}</p>")),
            ("document", {"document": document, "title": ""}),
            ("image", {"image": image, "alt_text": "Kuva", "caption": ""}),
        ],
    )
    page = add_page(seeded("page:network"), page, user=editor)
    # A later draft, and the page left locked by the editor.
    page.intro = "Luonnos"
    page.save_revision(user=editor)
    Page.objects.filter(pk=page.pk).update(locked=True, locked_by=editor, locked_at=now())
    return Hidden(
        (marker,),
        word,
        [PageRef.of(page)],
        document_id=document.pk,
        document_url=document.url,
        image_id=image.pk,
    )


# --- Positive controls: the content is there for whoever may see it -------------------


def reveal_by_publishing(test, hidden):
    """Publishing the latest revision shows the markers to everyone, at once."""
    page = Page.objects.get(pk=hidden.pages[0].id).get_latest_revision_as_object()
    page.expire_at = None
    page.go_live_at = None
    page.save_revision().publish()
    test.assert_shown(hidden, hidden.pages[0].url)


def reveal_by_schedule(test, hidden):
    """When the scheduled time comes, the next request publishes the page (scheduling.py)."""
    page = Page.objects.get(pk=hidden.pages[0].id)
    revision = page.revisions.get(approved_go_live_at__isnull=False)
    # The time has come: for the approval and for the go-live time the revision carries.
    revision.approved_go_live_at = now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = revision.approved_go_live_at.isoformat()
    revision.save()
    test.a_minute_passes()
    test.assert_shown(hidden, hidden.pages[0].url)


def reveal_with_password(test, hidden):
    restriction = PageViewRestriction.objects.get(page_id=hidden.pages[0].id)
    url = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, hidden.pages[0].id]
    )
    response = test.client.post(url, {"password": PASSWORD, "return_url": hidden.pages[0].url})
    test.assertEqual(response.status_code, 302)
    test.assert_shown(hidden, hidden.pages[0].url)


def reveal_to_user(username, *groups):
    def reveal(test, hidden):
        test.client.force_login(make_user(username, *groups))
        test.assert_shown(hidden, hidden.pages[0].url)

    return reveal


def reveal_file_to_user(test, hidden):
    test.client.force_login(make_user("lukija"))
    test.assert_shown(hidden, hidden.document_url)


def reveal_contact_details(test, hidden):
    person = Person.objects.get(pk=hidden.objects["person"])
    person.show_contact_details = True
    person.save()
    test.assert_shown(hidden, hidden.shown_at)  # the expert group's member list shows names only
    for page in hidden.pages:
        test.assert_shown(hidden, f"/api/v2/pages/{page.id}/", f"/api/v3/pages/{page.id}/")


def reveal_in_admin(test, hidden):
    test.client.force_login(make_user("paakayttaja", superuser=True))
    test.assert_shown(hidden, f"/admin/pages/{hidden.pages[0].id}/history/")


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable
    reveal: Callable
    hide: Optional[Callable] = None
    # Whether the markers show to the public before hide() (the cache then holds them).
    public_before: bool = True


# The restricted pages: an expert group (its index lists it in cards), a content
# page in the menus, and a report (the home page's menu lists it).


def restricted_group(name, marker, word):
    return group_page(name, f"{marker} {word}", purpose=f"<p>{marker}</p>")


def restricted_content(name, marker, word):
    return ContentPage(
        title=f"{marker} {word}", slug=f"sivu-{name}", show_in_menus=True, intro=marker
    )


def restricted_report(name, marker, word):
    return ActivityReportPage(
        title=f"{marker} {word}",
        slug=f"raportti-{name}",
        show_in_menus=True,
        summary=f"<p>{marker}</p>",
    )


CASES = [
    Case(
        "draft change",
        build_draft_change,
        reveal_by_publishing,
        hide_draft_change,
        public_before=False,
    ),
    Case("never-published page", build_never_published, reveal_by_publishing),
    Case("unpublished page", build_unpublished, reveal_by_publishing, hide_unpublished),
    Case("scheduled page before go-live", build_scheduled_new, reveal_by_schedule),
    Case(
        "scheduled change before go-live",
        build_scheduled_change,
        reveal_by_schedule,
        hide_scheduled_change,
        public_before=False,
    ),
    Case("expired page", build_expired, reveal_by_publishing, hide_expired),
    Case(
        "password-restricted page",
        build_restricted("salasana", "page:expert-groups", restricted_group),
        reveal_with_password,
        restrict(PageViewRestriction.PASSWORD, password=PASSWORD),
    ),
    Case(
        "login-restricted page",
        build_restricted("kirjautuminen", "page:network", restricted_content),
        reveal_to_user("jasen"),
        restrict(PageViewRestriction.LOGIN),
    ),
    Case(
        "group-restricted page",
        build_restricted("ryhma", "page:home", restricted_report),
        reveal_to_user("sisapiirilainen", SECRET_GROUP),
        restrict(PageViewRestriction.GROUPS),
    ),
    Case(
        "private document collection",
        build_private_collection,
        reveal_file_to_user,
        hide_private_collection,
    ),
    Case(
        "non-public email and phone",
        build_contact_details,
        reveal_contact_details,
        hide_contact_details,
    ),
    Case("editor account", build_editor_account, reveal_in_admin, public_before=False),
]


# --- The channels ---------------------------------------------------------------------
#
# Each gives {label: address} for one case. An address may show up under
# several cases (the home page); the matrix reads it once.


def html_own_page(hidden):
    return {f"own page {ref.url}": ref.url for ref in hidden.pages}


def html_parent(hidden):
    return {f"parent {ref.parent_url}": ref.parent_url for ref in hidden.pages}


def html_site_pages(hidden):
    """A page of every type: menus, section menus, breadcrumbs, cards, footer, links."""
    return {key: seeded(key).url for key in PAGE_OF_EACH_TYPE}


def search_page(hidden):
    return {"search page": f"/haku/?q={hidden.probe}"}


def sitemap(hidden):
    return {"sitemap": "/sitemap.xml"}


def api_v2_pages(hidden):
    urls = {"v2 search": f"/api/v2/pages/?search={hidden.probe}"}
    for ref in hidden.pages:
        urls.update(
            {
                f"v2 listing {ref.type}": f"/api/v2/pages/?type={ref.type}&fields=*",
                f"v2 children of {ref.parent_id}": f"/api/v2/pages/?child_of={ref.parent_id}",
                f"v2 detail {ref.id}": f"/api/v2/pages/{ref.id}/",
                f"v2 find {ref.url}": f"/api/v2/pages/find/?html_path={ref.url}",
            }
        )
    return urls


def api_v2_files(hidden):
    urls = {
        "v2 documents": "/api/v2/documents/?fields=*",
        "v2 images": "/api/v2/images/?fields=*",
    }
    if hidden.document_id:
        urls["v2 document detail"] = f"/api/v2/documents/{hidden.document_id}/"
        urls["v2 document search"] = f"/api/v2/documents/?search={hidden.probe}&fields=*"
    if hidden.image_id:
        urls["v2 image detail"] = f"/api/v2/images/{hidden.image_id}/"
        urls["v2 image search"] = f"/api/v2/images/?search={hidden.probe}&fields=*"
    return urls


def api_v3_pages(hidden):
    urls = {"v3 search": f"/api/v3/pages/?search={hidden.probe}"}
    for ref in hidden.pages:
        urls.update(
            {
                f"v3 listing {ref.type}": f"/api/v3/pages/?type={ref.type}",
                f"v3 children of {ref.parent_id}": f"/api/v3/pages/?child_of={ref.parent_id}",
                f"v3 detail {ref.id}": f"/api/v3/pages/{ref.id}/",
                f"v3 draft {ref.id}": f"/api/v3/pages/{ref.id}/?version=draft",
                f"v3 find {ref.url}": f"/api/v3/pages/find/?html_path={ref.url}",
                f"v3 revisions {ref.id}": f"/api/v3/pages/{ref.id}/revisions/",
            }
        )
    return urls


def document_file(hidden):
    return {"document file": hidden.document_url} if hidden.document_url else {}


CHANNELS = [
    html_own_page,
    html_parent,
    html_site_pages,
    search_page,
    sitemap,
    api_v2_pages,
    api_v2_files,
    api_v3_pages,
    document_file,
]


def read_first(hidden):
    """What the public reads before a case is hidden, so that the cache holds it:
    a page of each kind of answer (a page, a listing, search) in HTML and both APIs.
    (Every channel would do, at twice the requests: each address is read twice.)"""
    urls = {"home": "/", "search page": f"/haku/?q={hidden.probe}", "sitemap": "/sitemap.xml"}
    urls.update(api_v2_files(hidden))
    for ref in hidden.pages:
        urls.update(
            {
                f"own page {ref.url}": ref.url,
                f"parent {ref.parent_url}": ref.parent_url,
                f"v2 listing {ref.type}": f"/api/v2/pages/?type={ref.type}&fields=*",
                f"v2 detail {ref.id}": f"/api/v2/pages/{ref.id}/",
                f"v3 listing {ref.type}": f"/api/v3/pages/?type={ref.type}",
                f"v3 detail {ref.id}": f"/api/v3/pages/{ref.id}/",
            }
        )
    return urls


# Channels that ask for the hidden address itself, which may come back in a
# login form's ?next= or a password form's return address.
ASKS_FOR_THE_ADDRESS = ("own page", "v2 find", "v3 find", "document file")


def body_text(response):
    if response.streaming:
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    text = content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json") and text:
        # API v3 escapes non-ASCII letters.
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


# Scheduled publishing runs from the request cycle, as in production (off in the
# test settings so that other tests' query counts leave it out).
@override_settings(SCHEDULED_PUBLISHING_INTERVAL=60)
class PrivacyMatrixTests(InitialContentTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Group.objects.create(name=SECRET_GROUP)
        cls.hidden = {case.name: case.build(cls) for case in CASES}

    def get(self, url):
        return self.client.get(url, follow=True)

    def a_minute_passes(self):
        """Scheduled publishing is due again: the shared lock has lapsed, and the
        next request reaches a server process that has not checked lately."""
        cache.delete(scheduling.LOCK_KEY)
        self.client = self.client_class()

    def addresses(self, hidden):
        for channel in CHANNELS:
            yield from channel(hidden).items()

    def assert_shown(self, hidden, *urls):
        for url in urls:
            text = body_text(self.get(url)).lower()
            self.assertTrue(
                any(marker.lower() in text for marker in hidden.markers),
                f"positive control: nothing at {url}",
            )

    def assert_hidden(self, case, label, url, status, text):
        hidden = self.hidden[case.name]
        self.assertLess(status, 500, url)
        markers = hidden.markers
        if not label.startswith(ASKS_FOR_THE_ADDRESS):
            markers += hidden.hidden_paths
        for marker in markers:
            self.assertNotIn(marker.lower(), text, f"{case.name} leaked by {label}: {url}")

    def read_then_hide(self, case):
        """The public reads the case's content, so that the cache holds it; then it
        is hidden, and nothing of it may come back from the cache."""
        hidden = self.hidden[case.name]
        urls = read_first(hidden)
        for _ in range(2):  # the first answer notes what it showed, the second is stored
            for url in urls.values():
                self.get(url)
        if case.public_before:
            url = hidden.shown_at or hidden.pages[0].url
            self.assertEqual(self.get(url).get("X-Cache"), "hit", url)
            self.assert_shown(hidden, url)
        case.hide(self, hidden)
        for label, url in urls.items():
            with self.subTest(case=case.name, channel=f"{label}, cached before"):
                response = self.get(url)
                text = body_text(response).lower()
                self.assert_hidden(case, label, url, response.status_code, text)

    def test_nothing_hidden_reaches_an_anonymous_reader(self):
        for case in CASES:
            if case.hide:
                self.read_then_hide(case)
        # Everything is hidden now, each case in its own way: every channel for each.
        answers = {}
        for case in CASES:
            hidden = self.hidden[case.name]
            for label, url in self.addresses(hidden):
                with self.subTest(case=case.name, channel=label):
                    if url not in answers:
                        response = self.get(url)
                        answers[url] = (response.status_code, body_text(response).lower())
                    self.assert_hidden(case, label, url, *answers[url])
            if hidden.still_shown:
                with self.subTest(case=case.name, channel="live version still shown"):
                    self.assertIn(hidden.still_shown.lower(), answers[hidden.pages[0].url][1])

    def test_the_hidden_content_is_there_for_whoever_may_see_it(self):
        for case in CASES:
            if case.hide:
                case.hide(self, self.hidden[case.name])
        for case in CASES:
            with self.subTest(case=case.name):
                self.client = self.client_class()
                case.reveal(self, self.hidden[case.name])
