from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from ..api.fields import is_public_file, unlink_hidden_targets
from ..rich_text import clean_stored_html

register = template.Library()


@register.filter
def public_richtext(value):
    """Rich text as the public may see it: ``|richtext``, but a link to a draft,
    unpublished or restricted page, or to a private document, keeps its words and
    loses its address (the API does the same, ``api.fields.rich_text_html``).

    Whatever was stored is cleaned first: an import or a migration can store
    markup the editor never would (``verkosto_pages.rich_text``)."""
    source = getattr(value, "source", value) or ""
    return mark_safe(expand_db_html(unlink_hidden_targets(clean_stored_html(source))))  # noqa: S308 (cleaned)


@register.filter
def public_file(obj):
    """The image or document if the public may see it, else None: a file in a
    collection under a view restriction is neither linked nor shown, as in the API."""
    return obj if is_public_file(obj) else None
