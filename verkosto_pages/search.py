"""The public search page: every live, public page, with its type and a snippet.

Wagtail's database search backend does the matching: PostgreSQL's full-text
search with the Finnish configuration in production (stemming, so "verkoston"
finds "verkosto"), SQLite's FTS5 in development. A body is found by its member
organisations' and representatives' names too (``MEMBERSHIP_SEARCH``).
"""

import re

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

RESULTS_PER_PAGE = 10
# Longer queries are cut: nobody types more, and the backend's cost grows with it.
MAX_QUERY_LENGTH = 200
SNIPPET_WORDS = 40

# What a result's type is called on the public site (the admin's names say "page").
PAGE_TYPE_LABELS = {
    "home.homepage": _("Front page"),
    "verkosto_pages.contentpage": _("Page"),
    "verkosto_pages.networkindexpage": _("Network overview"),
    "verkosto_pages.coordinationgrouppage": _("Coordination group"),
    "verkosto_pages.safetynetworkpage": _("Safety network"),
    "verkosto_pages.expertgroupindexpage": _("Expert groups"),
    "verkosto_pages.expertgrouppage": _("Expert group"),
    "verkosto_pages.activityreportpage": _("Activity report"),
    "verkosto_pages.actionplanpage": _("Action plan"),
    "verkosto_pages.servicepromisepage": _("Service promise"),
}

# The first of these a page has is its snippet, as editors wrote it for people.
SNIPPET_FIELDS = ("search_description", "intro", "summary", "statement", "purpose")


def type_label(page):
    return PAGE_TYPE_LABELS.get(page._meta.label_lower, page._meta.verbose_name)


def snippet(page, words=()):
    """A short plain-text summary of ``page``, with the query's words marked."""
    text = next((getattr(page, name, "") for name in SNIPPET_FIELDS if getattr(page, name, "")), "")
    text = Truncator(strip_tags(str(text)).replace("\n", " ")).words(SNIPPET_WORDS)
    html = escape(text)
    for word in words:
        # Escaped like the text, so a query never injects markup.
        html = re.sub(f"({re.escape(escape(word))})", r"<mark>\1</mark>", html, flags=re.IGNORECASE)
    return mark_safe(html)


def search_pages(query, site):
    pages = Page.objects.live().public().specific()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages.search(query, operator="and")


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    page_obj = None
    if query:
        paginator = Paginator(search_pages(query, Site.find_for_request(request)), RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("sivu"))
        words = [word for word in re.split(r"\W+", query) if len(word) > 2]
        results = [
            {"page": page, "type": type_label(page), "snippet": snippet(page, words)}
            for page in page_obj.object_list
        ]
    return TemplateResponse(
        request,
        "verkosto_pages/search.html",
        {"query": query, "results": results, "page_obj": page_obj},
    )
