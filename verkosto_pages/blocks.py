"""StreamField blocks: the free-form parts of pages, with structure where people need it."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from .api.fields import document_dict, image_dict, rich_text_html
from .rich_text import clean_stored_html

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "verkosto_pages/blocks/heading_block.html"
        form_classname = "title"


class FigureBlock(blocks.StructBlock):
    """An image with the text alternative and caption that accessibility requires."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Text alternative"),
        max_length=255,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "verkosto_pages/blocks/figure_block.html"

    def get_api_representation(self, value, context=None):
        # A rendition with the block's own text alternative, never an image id.
        image = value["image"]  # None when the image has since been deleted
        return {
            "image": image_dict(image, alt=value["alt_text"]),
            "caption": value["caption"],
        }


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "verkosto_pages/blocks/document_link_block.html"

    def get_api_representation(self, value, context=None):
        # None when the document has since been deleted or is in a private collection;
        # then its own title is left out as well (the editor's link text stays).
        document = document_dict(value["document"])
        return {
            "document": document,
            "title": value["title"] or (document["title"] if document else ""),
        }


class PublicRichTextBlock(blocks.RichTextBlock):
    """Rich text whose API value is always display HTML with public links only,
    whatever ``?rich_text_format=`` asks: the database format would name hidden pages.

    Stored cleaned, as ``CleanRichTextField`` is: the editor reads the stored
    value back (``verkosto_pages.rich_text``)."""

    def get_prep_value(self, value):
        return clean_stored_html(super().get_prep_value(value))

    def get_api_representation(self, value, context=None):
        return rich_text_html(value.source)


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = PublicRichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Paragraph"),
        template="verkosto_pages/blocks/paragraph_block.html",
    )
    image = FigureBlock()
    document = DocumentLinkBlock()


class ResponsibilityBlock(blocks.CharBlock):
    class Meta:
        icon = "tick"
        label = _("Responsibility")


class GoalBlock(blocks.StructBlock):
    """One goal of a service promise and how its progress is followed."""

    goal = blocks.TextBlock(label=_("Goal"), rows=2)
    indicator = blocks.TextBlock(
        label=_("Indicator"),
        rows=2,
        required=False,
        help_text=_("How progress towards the goal is measured or followed."),
    )

    class Meta:
        icon = "pick"
        label = _("Goal")


class ActorBlock(blocks.StructBlock):
    """An actor of preventive work and its role, for the levels-and-actors table."""

    actor = blocks.CharBlock(label=_("Actor"), max_length=255)
    role = blocks.TextBlock(label=_("Role and task"), rows=2)

    class Meta:
        icon = "group"
        label = _("Actor")
