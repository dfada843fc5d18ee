"""Org charts drawn from a body's member rows, as inline SVG laid out on the server.

The seed sites showed each body as an uploaded figure that went stale the
first time a member changed. Here the chart is computed from the same rows as
the member list, so it is always current, needs no client JavaScript and costs
no query beyond the rows the page has already loaded.

``org_chart(page)`` says *what* the chart shows (the body, its coordinators and
its members in groups); ``layout(chart, …)`` says *where* each box goes for one
width. A page gets two layouts, a wide one and a one-column one for phones;
CSS shows one of them, so neither needs scaling down to unreadable text.
"""

import math
import textwrap
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import MembershipRole, OrganisationKind

# Group headings when members are grouped by the kind of organisation.
KIND_HEADINGS = {
    OrganisationKind.MUNICIPALITY: pgettext_lazy("org chart group", "Municipalities"),
    OrganisationKind.WELFARE_AREA: pgettext_lazy("org chart group", "Welfare services"),
    OrganisationKind.POLICE: pgettext_lazy("org chart group", "Police"),
    OrganisationKind.PARISH: pgettext_lazy("org chart group", "Parishes"),
    OrganisationKind.NGO: pgettext_lazy("org chart group", "NGOs"),
    OrganisationKind.VICTIM_SUPPORT: pgettext_lazy("org chart group", "Victim support"),
    OrganisationKind.COMPETENCE_CENTRE: pgettext_lazy("org chart group", "Competence centres"),
    OrganisationKind.NATIONAL_ORGANISATION: pgettext_lazy("org chart group", "National organisations"),
    OrganisationKind.OTHER: pgettext_lazy("org chart group", "Other members"),
}

# Roles that stand out in a chart grouped by kind: the box is marked and labelled.
MARKED_ROLES = {
    MembershipRole.CHAIR,
    MembershipRole.VICE_CHAIR,
    MembershipRole.CONVENER,
    MembershipRole.COORDINATOR,
    MembershipRole.SECRETARY,
}


@dataclass
class ChartMember:
    name: str
    details: list = field(default_factory=list)
    badge: str = ""  # the role, when the box is marked (chair, convener…)

    @property
    def marked(self):
        return bool(self.badge)


@dataclass
class ChartGroup:
    heading: str
    members: list


@dataclass
class OrgChart:
    title: str
    coordinators: list  # ChartMember for each coordinating person
    groups: list  # ChartGroup

    @property
    def member_count(self):
        return sum(len(group.members) for group in self.groups)


def _member(membership, badge=""):
    details = []
    name = membership.display_name
    organisation = membership.organisation
    if organisation and organisation.short_name and organisation.short_name != name:
        name = f"{name} ({organisation.short_name})"
    if membership.representative_id and membership.organisation_id:
        details.append(str(_("Representative: %(name)s") % {"name": membership.representative.name}))
    if membership.note and membership.note != membership.display_name:
        details.append(membership.note)
    return ChartMember(name=name, details=details, badge=badge)


def _groups_by_kind(rows):
    """Organisations grouped by kind in the kinds' declared order; seats without one last."""
    order = {code: position for position, code in enumerate(OrganisationKind.values)}
    groups = {}
    for membership in rows:
        kind = membership.organisation.kind if membership.organisation_id else OrganisationKind.OTHER
        badge = str(membership.get_role_display()) if membership.role in MARKED_ROLES else ""
        groups.setdefault(kind, []).append((membership, badge))
    result = []
    for kind in sorted(groups, key=lambda code: order.get(code, len(order))):
        # The chair and other marked seats lead their group.
        members = sorted(groups[kind], key=lambda pair: not pair[1])
        heading = KIND_HEADINGS.get(kind, KIND_HEADINGS[OrganisationKind.OTHER])
        result.append(ChartGroup(str(heading), [_member(m, badge) for m, badge in members]))
    return result


def _groups_by_role(page):
    return [
        ChartGroup(str(heading), [_member(m) for m in rows])
        for _role, heading, rows in page.members_by_role()
    ]


def org_chart(page):
    """The chart of a body with members, or ``None`` when it has none to draw.

    Standing bodies group their members by the kind of organisation, so the
    chart answers "who is at the table"; expert groups, whose seats are mostly
    roles rather than organisations, group them by role.
    """
    rows = page.member_rows
    coordinators = [
        ChartMember(
            name=row.person.name,
            details=[d for d in (row.role, row.person.organisation and row.person.organisation.name) if d],
        )
        for row in getattr(page, "coordinator_rows", [])
    ]
    if not rows and not coordinators:
        return None
    by_role = getattr(page, "org_chart_grouping", "kind") == "role"
    groups = _groups_by_role(page) if by_role else _groups_by_kind(rows)
    return OrgChart(title=page.title, coordinators=coordinators, groups=groups)


# --- Layout -----------------------------------------------------------------

# Sizes in SVG user units; the wide chart is drawn at most at its own width,
# the narrow one fits a 360 px phone at about its own size.
MARGIN = 8
PAD = 10
GAP = 14
TITLE_SIZE = 17
NAME_SIZE = 15
DETAIL_SIZE = 13
LINE = 1.35  # line height, in font sizes
# An average character of common sans-serif fonts is about half its size, a
# bold one a little more; wrapping at these widths leaves room for wide letters.
CHAR_WIDTH = {"bold": 0.62, "regular": 0.56}
MIN_SIZE = 11


@dataclass
class Text:
    x: float
    y: float
    lines: list
    css: str
    size: int

    @property
    def tspans(self):
        step = round(self.size * LINE, 1)
        return [(self.x, 0 if i == 0 else step, line) for i, line in enumerate(self.lines)]


@dataclass
class Box:
    x: float
    y: float
    width: float
    height: float
    css: str
    texts: list = field(default_factory=list)


def _one_decimal(value):
    # Halves round up, as the template filter that drew the charts before did.
    return f"{math.floor(value * 10 + 0.5) / 10:.1f}"


@dataclass
class Layout:
    width: int
    height: float
    boxes: list
    lines: list  # (x1, y1, x2, y2) connectors

    @property
    def height_units(self):
        return str(math.floor(self.height + 0.5))

    def svg_shapes(self):
        """The drawing's lines and boxes as SVG markup, names escaped.

        Written here rather than in the template: a chart has hundreds of
        coordinates, and formatting them through template filters cost a body's
        page more time than everything else on it.
        """
        n = _one_decimal
        lines = "".join(
            f'<line x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}"/>' for x1, y1, x2, y2 in self.lines
        )
        parts = [f'<g class="chart-lines">{lines}</g>']
        for box in self.boxes:
            texts = "".join(
                f'<text class="{text.css}" font-size="{text.size:g}" x="{n(text.x)}" y="{n(text.y)}">'
                + "".join(f'<tspan x="{n(x)}" dy="{n(dy)}">{escape(line)}</tspan>' for x, dy, line in text.tspans)
                + "</text>"
                for text in box.texts
            )
            parts.append(
                f'<g class="{box.css}"><rect x="{n(box.x)}" y="{n(box.y)}" width="{n(box.width)}" '
                f'height="{n(box.height)}" rx="6"/>{texts}</g>'
            )
        return mark_safe("\n      ".join(parts))  # noqa: S308 (numbers, our class names, escaped text)


def _fit(text, width, size, weight):
    """Wrap ``text`` into lines for a box ``width`` wide; returns the lines and the font size.

    A word too long for one line (Finnish compounds such as
    "hyvinvointikuntayhtymä") makes the text a little smaller rather than
    being broken in the middle; only below ``MIN_SIZE`` is it broken.
    """
    room = width - 2 * PAD
    longest = max((len(word) for word in text.split()), default=1)
    if longest * size * CHAR_WIDTH[weight] > room:
        size = max(MIN_SIZE, math.floor(10 * room / (longest * CHAR_WIDTH[weight])) / 10)
    chars = max(8, int(room / (size * CHAR_WIDTH[weight])))
    lines = textwrap.wrap(text, chars, break_long_words=True, break_on_hyphens=True)
    return lines or [""], size


class _Stack:
    """Text blocks placed one under another inside a box of a given width."""

    def __init__(self, x, y, width):
        self.x, self.y, self.width = x, y, width
        self.cursor = PAD
        self.texts = []

    def add(self, text, size, css, weight="regular", gap=0):
        lines, size = _fit(text, self.width, size, weight)
        self.cursor += gap
        # Text's y is its baseline: one font size below the line's top.
        self.texts.append(Text(self.x + PAD, self.y + self.cursor + size, lines, css, size))
        self.cursor += size * LINE * len(lines)

    def box(self, css):
        return Box(self.x, self.y, self.width, self.cursor + PAD - 2, css, self.texts)


def _member_box(member, x, y, width):
    stack = _Stack(x, y, width)
    if member.badge:
        stack.add(member.badge, DETAIL_SIZE, "chart-badge", "bold")
    stack.add(member.name, NAME_SIZE, "chart-name", "bold")
    for detail in member.details:
        stack.add(detail, DETAIL_SIZE, "chart-detail", gap=2)
    return stack.box("chart-member chart-member--marked" if member.marked else "chart-member")


def _group_panel(heading, members, css, x, y, width):
    """A labelled panel of member boxes; returns the panel, then its boxes."""
    stack = _Stack(x, y, width)
    stack.add(heading, NAME_SIZE, "chart-heading", "bold")
    boxes = []
    top = y + stack.cursor + 4
    for member in members:
        box = _member_box(member, x + PAD, top, width - 2 * PAD)
        boxes.append(box)
        top += box.height + 8
    panel = Box(x, y, width, top - y + 2, css, stack.texts)
    return [panel, *boxes]


def _panels(chart):
    panels = []
    if chart.coordinators:
        panels.append((str(_("Coordination")), chart.coordinators, "chart-group chart-group--coordination"))
    panels.extend((group.heading, group.members, "chart-group") for group in chart.groups)
    return panels


def _title_box(chart, x, y, width):
    stack = _Stack(x, y, width)
    stack.add(chart.title, TITLE_SIZE, "chart-title", "bold")
    return stack.box("chart-body")


def layout(chart, width, columns):
    """Boxes and connectors for ``chart`` at ``width`` units with up to ``columns`` columns."""
    if columns <= 1:
        return _layout_tree(chart, width)
    return _layout_rows(chart, width, columns)


def _layout_tree(chart, width):
    """One column: the body on top, each panel hanging off a trunk on the left."""
    body = _title_box(chart, MARGIN, MARGIN, width - 2 * MARGIN)
    boxes, lines = [body], []
    trunk_x = MARGIN + 12
    indent = MARGIN + 28
    y = body.y + body.height + GAP
    joint = y
    for heading, members, css in _panels(chart):
        placed = _group_panel(heading, members, css, indent, y, width - indent - MARGIN)
        joint = y + 18
        lines.append((trunk_x, joint, indent, joint))
        boxes.extend(placed)
        y += placed[0].height + GAP
    lines.insert(0, (trunk_x, body.y + body.height, trunk_x, joint))
    return Layout(width, y - GAP + MARGIN, boxes, lines)


def _layout_rows(chart, width, columns):
    """Several columns: the body centred on top, the panels in rows under a connector bus.

    The trunk from the body runs down the gap nearest the middle, so with
    several rows it never crosses a panel; only the last row may be short, and
    the trunk ends above it.
    """
    panels = _panels(chart)
    columns = min(columns, len(panels)) or 1
    column_width = (width - 2 * MARGIN - (columns - 1) * GAP) / columns
    if columns % 2 and len(panels) > columns:
        centre = MARGIN + (columns // 2) * (column_width + GAP) - GAP / 2
    else:
        centre = width / 2
    body_width = min(width - 2 * MARGIN, 440)
    body = _title_box(chart, (width - body_width) / 2, MARGIN, body_width)
    boxes, lines = [body], []
    y = body.y + body.height + 2 * GAP
    bus_y = None
    for start in range(0, len(panels), columns):
        row = panels[start : start + columns]
        # A short last row is centred under the body.
        offset = (columns - len(row)) * (column_width + GAP) / 2
        bus_y = y - GAP
        tallest = 0
        tops = []
        for index, (heading, members, css) in enumerate(row):
            x = MARGIN + offset + index * (column_width + GAP)
            placed = _group_panel(heading, members, css, x, y, column_width)
            boxes.extend(placed)
            tallest = max(tallest, placed[0].height)
            tops.append(x + column_width / 2)
            lines.append((x + column_width / 2, bus_y, x + column_width / 2, y))
        lines.append((min(*tops, centre), bus_y, max(*tops, centre), bus_y))
        y += tallest + 2 * GAP
    if bus_y is not None:
        lines.insert(0, (centre, body.y + body.height, centre, bus_y))
    return Layout(int(width), y - 2 * GAP + MARGIN, boxes, lines)
