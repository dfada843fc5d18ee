"""Rich text cleaned of anything a script could use, on the way in and on the way out.

The page editor (Draftail) and API v3 writes clean rich text on the way in,
but nothing else does: an import, a data migration or a shell script can
store ``<script>`` or ``onerror=`` in a rich text field, and Wagtail's
``expand_db_html`` copies it to the page as it is. So:

- on the way out, every stored value passes through ``clean_stored_html``
  before it is shown (the ``public_richtext`` filter) or served
  (``api.fields.rich_text_html``): the one place all of it passes, whatever
  wrote it, raw SQL included;
- on the way in, ``CleanRichTextField`` and the body's ``PublicRichTextBlock``
  store the value cleaned, because the admin's editor reads it back and
  fails on markup it would never make itself.

The rules are Wagtail's own whitelister (``wagtail.whitelist``) applied to the
database format, keeping what our editor stores: paragraphs, headings, lists,
bold and italic, links (``<a href>`` with a safe scheme, ``<a linktype="page"
id="3">`` to pages and documents). Anything else loses its
tags but keeps its text, except scripts and styles, which were never text for
a reader and go whole (an unclosed one takes the rest of the field with it, as
it would in a browser). Parsing and writing the HTML out again also closes
tags a broken paste left open.
"""

from functools import lru_cache

from bs4.element import PreformattedString
from wagtail.fields import RichTextField
from wagtail.whitelist import DEFAULT_ELEMENT_RULES, Whitelister, attribute_rule, check_url

# Elements whose content is code, not text: dropped with it.
DROPPED_WITH_CONTENT = {"script", "style"}

# The editor marks each block with a key; it is harmless and Wagtail keeps it.
_block = attribute_rule({"data-block-key": True})
_plain_link = attribute_rule({"href": check_url})
_stored_link = attribute_rule({"linktype": True, "id": True})


def _is_id(value):
    # An id that is not a number makes the editor's converter fail on the page.
    return isinstance(value, str) and value.isascii() and value.isdigit()


def _link(tag):
    # A link to a page or document is stored as its type and id, and gets its
    # address when shown; any other link keeps only an address of a safe scheme.
    if "linktype" not in tag.attrs:
        _plain_link(tag)
    elif _is_id(tag.get("id")):
        _stored_link(tag)
    else:
        tag.unwrap()


class StoredRichTextWhitelister(Whitelister):
    element_rules = {
        # No images, neither "img" nor Wagtail's <embed embedtype="image">: images
        # are not a rich text feature of ours (pages place them in blocks, which
        # check the collection), so one in stored text came from elsewhere; an
        # image embed with an unknown format fails the page, and media embeds
        # show whatever HTML a remote provider answers.
        **{name: rule for name, rule in DEFAULT_ELEMENT_RULES.items() if name != "img"},
        **{name: _block for name in ("p", "h2", "h3", "h4", "li", "ol", "ul")},
        "a": _link,
    }

    def clean_string_node(self, doc, node):
        # Wagtail removes comments; CDATA sections, declarations and processing
        # instructions are no text either, and a browser parses them its own way.
        if isinstance(node, PreformattedString):
            node.extract()

    def clean_tag_node(self, doc, tag):
        if tag.name in DROPPED_WITH_CONTENT or tag.name == "embed":
            tag.decompose()
            return
        super().clean_tag_node(doc, tag)


_whitelister = StoredRichTextWhitelister()


@lru_cache(maxsize=512)
def clean_stored_html(html):
    """Rich text in Wagtail's database format with everything a script could use removed.

    Cached by value: a page shows the same text on every request, and parsing
    it each time would cost a listing of twenty pages twenty parses.
    """
    if not html:
        return html
    return _whitelister.clean(html)


class CleanRichTextField(RichTextField):
    """A ``RichTextField`` that stores its value cleaned, whatever wrote it.

    Cleaning on the way out keeps visitors safe, but the page editor reads the
    stored value too: Draftail's converter fails with a server error on markup
    the editor never makes (an ``<img>`` without ``</img>``), so a page with an
    imported paste could not even be opened to fix it. ``pre_save`` cleans the
    value a save or a revision writes (a revision serialises the page through
    it), ``get_db_prep_save`` what ``update()`` and ``loaddata`` write.
    """

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str):
            value = clean_stored_html(value)
            setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        if isinstance(value, str):
            value = clean_stored_html(value)
        return super().get_db_prep_save(value, connection)

    def deconstruct(self):
        # Migrations see Wagtail's field: the column and the form are the same,
        # and a historical model in a data migration needs no import from here.
        name, _path, args, kwargs = super().deconstruct()
        return name, "wagtail.fields.RichTextField", args, kwargs
