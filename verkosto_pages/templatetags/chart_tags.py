from django import template

from ..charts import layout, org_chart

register = template.Library()

# The wide chart's width in SVG units and its columns; the narrow one is for phones.
WIDE = (720, 3)
NARROW = (360, 1)


@register.inclusion_tag("verkosto_pages/includes/org_chart.html")
def org_chart_figure(page):
    """The body's generated org chart, with its text alternative, or nothing."""
    chart = org_chart(page)
    if chart is None:
        return {"chart": None}
    return {
        "chart": chart,
        "page": page,
        "layouts": [("wide", layout(chart, *WIDE)), ("narrow", layout(chart, *NARROW))],
    }
