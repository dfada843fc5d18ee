"""Finds the page for a URL in one query, whatever its depth.

Wagtail walks the tree one level at a time, two queries a level (the child,
then its specific object), and the view-restriction check and breadcrumbs
then read the ancestors again. The site's root page (``HomePage.route``)
instead reads every page on the URL's path in one query, keeps them on the
page it found as ``_route_ancestors`` (for ``restrictions.py`` and the
breadcrumbs), and loads that page's specific object: two queries for any depth.

The answer is Wagtail's: the same slugs under the same parents, and only the
last page must be live. If a page on the way answers routes of its own (a
``route`` override such as RoutablePageMixin), Wagtail's walk takes over.
"""

from django.http import Http404
from wagtail.models import Page
from wagtail.url_routing import RouteResult


def route_from(root, request, path_components):
    """Route ``path_components`` below ``root`` (a specific page); None means "let Wagtail walk"."""
    if not path_components:
        if not root.live:
            raise Http404
        root._route_ancestors = []
        return RouteResult(root)
    depth = root.depth + len(path_components)
    candidates = Page.objects.filter(
        path__startswith=root.path,
        depth__gt=root.depth,
        depth__lte=depth,
        slug__in=set(path_components),
    )
    by_parent_and_slug = {(page.path[: -Page.steplen], page.slug): page for page in candidates}
    chain, parent = [], root
    for slug in path_components:
        page = by_parent_and_slug.get((parent.path, slug))
        if page is None:
            raise Http404
        model = page.specific_class
        if model is None or model.route is not Page.route:
            return None
        chain.append(page)
        parent = page
    found = chain[-1]
    if not found.live:
        raise Http404
    page = found.specific
    page._route_ancestors = [root, *chain[:-1]]
    page._cached_parent_obj = page._route_ancestors[-1]
    return RouteResult(page)
