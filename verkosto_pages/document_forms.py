"""The document upload form: a file must be what its name says (WAGTAILDOCS_DOCUMENT_FORM_BASE).

Apart from the page forms because Wagtail's document forms import the models.
"""

import os

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm


# What a file of each allowed document type starts with. Office Open XML and
# OpenDocument files are zip archives.
DOCUMENT_SIGNATURES = {
    "pdf": (b"%PDF-",),
    **{ext: (b"PK\x03\x04",) for ext in ("docx", "xlsx", "pptx", "odt", "ods", "odp")},
}
# Markup a browser would run if it ever took a text file for a web page.
MARKUP_MARKERS = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<iframe", b"<body")


class DocumentForm(BaseDocumentForm):
    """Refuses a document whose content is not what its name says.

    Wagtail checks the extension only, so a web page or an SVG renamed
    ``.pdf`` or ``.txt`` would pass. Documents are always served as downloads
    with ``nosniff``, but a file that lies about itself is refused at the door.
    """

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or "file" not in self.changed_data:
            return upload
        extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
        if extension not in settings.WAGTAILDOCS_EXTENSIONS:
            return upload  # the model's extension check names the allowed ones
        upload.seek(0)
        head = upload.read(2048)
        upload.seek(0)
        signatures = DOCUMENT_SIGNATURES.get(extension)
        if signatures and not head.startswith(signatures):
            raise forms.ValidationError(
                _("The file's content is not a .%(extension)s file. Save it again in that format and upload it."),
                code="content_mismatch",
                params={"extension": extension},
            )
        if not signatures and any(marker in head.lower() for marker in MARKUP_MARKERS):
            raise forms.ValidationError(
                _("Web pages, SVG images and other markup cannot be uploaded as documents."),
                code="markup",
            )
        return upload

    def _post_clean(self):
        # A refused file never reaches the model, whose extension check would then
        # add a confusing second error about an empty file name.
        if self.has_error("file"):
            return
        super()._post_clean()
