"""Navigation built from the page tree: the main menu, breadcrumbs and the section menu.

Each tag costs one query, whatever the depth of the tree, and shows only live,
public pages.
"""

from django import template
from django.db.models import Q
from wagtail.models import Page, Site

from home.models import FooterLink

from ..models.mixins import public_link_rows

register = template.Library()

SECTION_NAV_MAX = 30


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("includes/primary_nav.html", takes_context=True)
def primary_nav(context):
    request = context.get("request")
    current = context.get("page")
    root = _site_root(request)
    items = []
    if root is not None:
        for item in root.get_children().live().public().in_menu():
            items.append(
                {
                    "page": item,
                    "is_current": current is not None and current.pk == item.pk,
                    "in_section": current is not None and current.path.startswith(item.path),
                }
            )
    return {"root": root, "items": items, "current": current}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    root = _site_root(context.get("request"))
    if page is None or root is None or page.pk == root.pk:
        return {"ancestors": [], "page": page}
    routed = getattr(page, "_route_ancestors", None)
    if routed is not None:
        # Routing read them already (verkosto_pages/routing.py).
        ancestors = [ancestor for ancestor in routed if ancestor.depth >= root.depth and ancestor.live]
    else:
        ancestors = page.get_ancestors().filter(depth__gte=root.depth).live()
    return {"ancestors": ancestors, "page": page}


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """The site's footer links that the public may see, in the editors' order."""
    root = _site_root(context.get("request"))
    if root is None:
        return {"links": []}
    rows = public_link_rows(FooterLink).filter(page_id=root.pk)
    return {"links": [row.target for row in rows]}


@register.simple_tag(takes_context=True)
def section_nav(context):
    """The pages of the current top-level section, two levels deep.

    A simple tag (``{% section_nav as nav %}``) rather than an inclusion tag,
    so the layout can leave out the sidebar when there is nothing to put in it.
    """
    page = context.get("page")
    root = _site_root(context.get("request"))
    if page is None or root is None or not page.path.startswith(root.path) or page.depth <= root.depth:
        return {"section": None}
    section_path = page.path[: (root.depth + 1) * Page.steplen]
    section_depth = root.depth + 1

    def level(depth, limit, **filters):
        # A range on the indexed path, as Wagtail's child_of does (LIKE scans on SQLite).
        steps = (depth - section_depth) * Page.steplen
        under = (section_path + "0" * steps, section_path + "Z" * steps)
        return (
            Page.objects.filter(path__range=under, depth=depth, **filters)
            .live()
            .public()
            .order_by("path")
            .values("pk")[:limit]
        )

    # One query, bounded however many pages the section holds: a level longer than
    # SECTION_NAV_MAX is left to its index page, which pages through it. A long
    # second level keeps only the pages editors put in menus.
    pages = list(
        Page.objects.filter(
            Q(path=section_path)
            | Q(pk__in=level(section_depth + 1, SECTION_NAV_MAX + 1))
            | Q(pk__in=level(section_depth + 1, SECTION_NAV_MAX, show_in_menus=True))
            | Q(pk__in=level(section_depth + 2, SECTION_NAV_MAX + 1))
        )
        .live()
        .public()
        .order_by("path")
    )
    if sum(item.depth == section_depth + 1 for item in pages) > SECTION_NAV_MAX:
        pages = [item for item in pages if item.depth != section_depth + 1 or item.show_in_menus]
    if sum(item.depth == section_depth + 2 for item in pages) > SECTION_NAV_MAX:
        pages = [item for item in pages if item.depth != section_depth + 2]
    if not pages or pages[0].path != section_path or len(pages) == 1:
        return {"section": None}
    section, rest = pages[0], pages[1:]
    children = []
    for item in rest:
        if item.depth == section.depth + 1:
            children.append({"page": item, "children": []})
        elif children and item.path.startswith(children[-1]["page"].path):
            children[-1]["children"].append({"page": item, "children": []})
    return {"section": section, "children": children, "current": page}
