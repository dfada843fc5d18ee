"""axe-core finds no WCAG 2.0/2.1 A or AA violation on any page type, on a desktop or a phone."""

import pytest

from .conftest import AXE, screenshot, screenshot_path, url_of

# One page of every type the public can reach, plus the pages that are not Wagtail pages.
PAGES = {
    "home": "page:home",
    "network-overview": "page:network",
    "coordination-group": "page:coordination-group",
    "safety-network": "page:safety-network",
    "expert-group-index": "page:expert-groups",
    "expert-group": "page:expert-group-mental-health",
    "expert-group-without-convener": "page:expert-group-digi",
    "activity-report": "page:activity-report",
    "action-plan": "page:action-plan",
    "service-promise": "page:service-promise-1",
    "accessibility-statement": "page:accessibility-statement",
}
OTHER_URLS = {
    "search-results": "/haku/?q=poliisi",
    "search-no-results": "/haku/?q=olematon",
    "not-found": "/ei-tallaista-sivua/",
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page):
    # Evaluated by the test driver, not added as a <script>: the site's policy refuses inline scripts.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']][:5]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_every_page_type_passes_axe(site_url, page_at, width):
    urls = {name: url_of(key) for name, key in PAGES.items()} | OTHER_URLS
    page = page_at(width)
    found = {}
    for name, url in urls.items():
        response = page.goto(site_url + url)
        assert response.status == (404 if name == "not-found" else 200), url
        # The chart's text alternative is part of the page: audit it open too.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        violations = axe_violations(page) + layout_problems(page)
        if violations:
            found[url] = violations
        screenshot(page, f"{name}-{width}")
    assert found == {}


def layout_problems(page):
    """What axe does not check: headings that skip a level, and sideways scrolling."""
    problems = []
    levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])")
    if levels[:1] != [1] or levels.count(1) != 1:
        problems.append(f"one h1 first, got {levels}")
    skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    if skips:
        problems.append(f"heading levels skip: {skips}")
    if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
        problems.append("the page scrolls sideways")
    return problems


@pytest.mark.parametrize("width,shown,hidden", [("desktop", "wide", "narrow"), ("phone", "narrow", "wide")])
def test_each_screen_gets_the_chart_drawn_for_it(site_url, page_at, width, shown, hidden):
    page = page_at(width)
    page.goto(site_url + url_of("page:coordination-group"))
    chart = page.locator(f".org-chart__svg--{shown}")
    assert chart.is_visible() and not page.locator(f".org-chart__svg--{hidden}").is_visible()
    box = chart.bounding_box()
    assert box["width"] <= page.viewport_size["width"]
    # Text stays legible: the drawing is not scaled below nine tenths of its size.
    assert box["width"] >= 0.9 * min(float(chart.get_attribute("width")), page.viewport_size["width"] - 32)


def test_print_shows_the_content_and_the_wide_chart_only(site_url, page_at):
    page = page_at("phone")
    page.goto(site_url + url_of("page:safety-network"))
    page.emulate_media(media="print")
    assert page.locator(".org-chart__svg--wide").is_visible()
    assert not page.locator(".org-chart__svg--narrow").is_visible()
    for chrome in (".site-header", ".site-footer", ".search-form--header", ".breadcrumbs"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("main h1").is_visible()
    page.pdf(path=str(screenshot_path("safety-network-print", "pdf")))


def test_axe_reports_a_violation_it_is_shown(site_url, page_at):
    """The audit can fail: an image without a text alternative is caught."""
    page = page_at("desktop")
    page.goto(site_url + url_of("page:home"))
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/favicon.svg\">')"
    )
    assert any(v.startswith("image-alt") for v in axe_violations(page))
