"""View restrictions read once per request instead of once per ``.public()``.

Wagtail's ``PageQuerySet.public()`` reads every ``PageViewRestriction`` each
time it is called, and serving a page reads the page's ancestors and then their
restrictions. A page view calls ``.public()`` for the menu, the section menu,
the breadcrumbs, the footer and each list of linked pages: five to eight reads
of the same few rows. Within one GET or HEAD request the rows cannot change
(editors change restrictions with POST), so ``RestrictionScopeMiddleware``
lets the first read serve the rest of the request. Outside a request (commands,
tests, a POST) every call reads the table, as Wagtail does.

``install()`` puts two replacements in Wagtail's classes; both give Wagtail's
answer (tests/test_performance.py compares them):

- ``PageQuerySet.private_q`` builds its condition from the request's rows;
- ``Page.get_view_restrictions`` picks the page's restrictions from those rows
  by path when routing already loaded the page's ancestors (``routing.py``),
  so no ancestor query is needed. Aliases fall back to Wagtail's own method.
"""

import contextvars

from django.db.models import Q
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.query import PageQuerySet

_scope = contextvars.ContextVar("verkosto_restriction_scope", default=None)

SAFE_METHODS = ("GET", "HEAD")


def _memoised(key, load):
    scope = _scope.get()
    if scope is None:
        return load()
    if key not in scope:
        scope[key] = load()
    return scope[key]


def page_view_restrictions():
    """Every page view restriction with its page, read at most once per request."""
    return _memoised("pages", lambda: list(PageViewRestriction.objects.select_related("page")))


def restricted_collection_ids():
    """Collections under a view restriction, with their descendants: their files stay private."""

    def load():
        paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
        if not paths:
            return frozenset()
        under = Q()
        for path in paths:
            under |= Q(path__startswith=path)
        return frozenset(Collection.objects.filter(under).values_list("id", flat=True))

    return _memoised("collections", load)


def private_q(prefix=""):
    """A condition matching pages under a view restriction; ``prefix`` reaches them
    through a relation (``"target__"``). None when nothing is restricted."""
    condition = Q()
    for restriction in page_view_restrictions():
        condition |= Q(**{f"{prefix}path__startswith": restriction.page.path})
    return condition or None


def _private_q(self):
    condition = Q()
    for restriction in page_view_restrictions():
        condition |= self.descendant_of_q(restriction.page, inclusive=True)
    # No restriction anywhere: match no page, as Wagtail does.
    return condition if condition else Q(pk__in=[])


_wagtail_get_view_restrictions = Page.get_view_restrictions


def _get_view_restrictions(self):
    ancestors = getattr(self, "_route_ancestors", None)
    if ancestors is None or self.alias_of_id or any(page.alias_of_id for page in ancestors):
        return _wagtail_get_view_restrictions(self)
    return [r for r in page_view_restrictions() if self.path.startswith(r.page.path)]


def install():
    PageQuerySet.private_q = _private_q
    Page.get_view_restrictions = _get_view_restrictions


class RestrictionScopeMiddleware:
    """Opens the per-request scope for GET and HEAD requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        token = _scope.set({})
        try:
            return self.get_response(request)
        finally:
            _scope.reset(token)
