"""Tags for what search engines and link previews read: JSON-LD structured data."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Site

from ..search import description_of

register = template.Library()

# The page's description for the meta tags, the same text search results show.
register.simple_tag(description_of, name="page_description")

# JSON inside <script> must not be able to close the element or open a comment.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld(data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def organisation_json_ld(context, page):
    """schema.org Organization for a body: its name, address, member organisations and themes.

    Only what the page itself shows publicly; people are left out, as their
    details are not the body's to publish in machine-readable form.
    """
    request = context.get("request")
    # The request's site is cached on the request: no query, unlike page.get_site().
    site = Site.find_for_request(request) if request else None
    members = []
    seen = set()
    for membership in page.member_rows:
        organisation = membership.organisation
        if organisation is None or organisation.pk in seen:
            continue
        seen.add(organisation.pk)
        member = {"@type": "Organization", "name": organisation.name}
        if organisation.website:
            member["url"] = organisation.website
        members.append(member)
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": page.title,
        "url": page.get_full_url(request),
        "inLanguage": "fi",
    }
    description = getattr(page, "intro", "") or getattr(page, "search_description", "")
    if description:
        data["description"] = description
    if site is not None:
        data["parentOrganization"] = {
            "@type": "Organization",
            "name": _("Päijät-Häme regional preventive work"),
            "url": site.root_url + "/",
        }
    if members:
        data["member"] = members
    themes = [theme.name for theme in page.theme_list]
    if themes:
        data["knowsAbout"] = themes
    return json_ld(data)
