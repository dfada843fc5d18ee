"""The public search page: every live, public page, with its type and a snippet.

Wagtail's database search backend does the matching: PostgreSQL's full-text
search with the Finnish configuration in production (stemming, so "verkoston"
finds "verkosto"), SQLite's FTS5 in development. A body is found by its member
organisations' and representatives' names too (``MEMBERSHIP_SEARCH``).
"""

import html
import re

from django.core.paginator import Paginator
from django.db import connection
from django.template.response import TemplateResponse
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

RESULTS_PER_PAGE = 10
# SQLite ranks by a correlated subquery per match: a word on every one of 10,000
# pages took 40 s. Past this many matches SQLite lists the newest first instead.
# PostgreSQL ranks any number of matches in well under a second.
SQLITE_MAX_RANKED = 500
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


def plain_text(value):
    """Text of a plain or rich-text field, paragraphs kept apart and entities decoded."""
    text = re.sub(r"</(p|li|h[1-6])>|<br\s*/?>", " ", str(value))
    return " ".join(html.unescape(strip_tags(text)).split())


def description_of(page):
    """What a page says about itself in a sentence or two, as plain text.

    The first field of ``SNIPPET_FIELDS`` the page has filled in; search
    results and the description meta tags both show it.
    """
    value = next((getattr(page, name) for name in SNIPPET_FIELDS if getattr(page, name, "")), "")
    return plain_text(value)


def snippet(page, words=()):
    """A short plain-text summary of ``page``, with the query's words marked.

    The text is split on the words first and each piece escaped on its own,
    so neither the page's text nor the query can make markup.
    """
    text = Truncator(description_of(page)).words(SNIPPET_WORDS)
    if not words:
        return escape(text)
    pattern = re.compile("(" + "|".join(re.escape(word) for word in words) + ")", re.IGNORECASE)
    pieces = pattern.split(text)
    # split() with one group alternates text and matches: odd pieces matched.
    return mark_safe(
        "".join(f"<mark>{escape(piece)}</mark>" if i % 2 else escape(piece) for i, piece in enumerate(pieces))
    )


def clean_query(raw):
    """The query as the backend can take it: no quotes or control characters, bounded length.

    SQLite's full-text syntax fails on an unbalanced quote, and PostgreSQL
    refuses a NUL byte; either would be a server error for a typo.
    """
    return " ".join(re.sub(r'[\x00-\x1f"]', " ", raw).split())[:MAX_QUERY_LENGTH]


def search_pages(query, site, ranked=True):
    """Live, public pages of the request's site that match; none when no site matches.

    Best matches first, or with ``ranked=False`` the most recently published first.
    """
    if site is None:
        return Page.objects.none()
    pages = Page.objects.live().public().specific().descendant_of(site.root_page, inclusive=True)
    if not ranked:
        pages = pages.order_by("-last_published_at", "path")
    return pages.search(query, operator="and", order_by_relevance=ranked)


def paginated_results(query, site):
    results = search_pages(query, site)
    total = results.count()
    if connection.vendor == "sqlite" and total > SQLITE_MAX_RANKED:
        results = search_pages(query, site, ranked=False)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    paginator.count = total  # counted above: no second count query
    return paginator


def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = None
    page_obj = None
    if query:
        paginator = paginated_results(query, Site.find_for_request(request))
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
