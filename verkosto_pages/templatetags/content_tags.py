from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from ..api.fields import unlink_hidden_targets

register = template.Library()


@register.filter
def public_richtext(value):
    """Rich text as the public may see it: ``|richtext``, but a link to a draft,
    unpublished or restricted page, or to a private document, keeps its words and
    loses its address (the API does the same, ``api.fields.rich_text_html``)."""
    source = getattr(value, "source", value) or ""
    return mark_safe(expand_db_html(unlink_hidden_targets(source)))
