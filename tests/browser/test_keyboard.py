"""A keyboard user reaches every body's page from the front page, and always sees where focus is."""

import pytest

from .conftest import title_of, url_of

MAX_TABS = 80


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                href: el.getAttribute('href'),
                text: el.textContent.trim(),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
            };
        }"""
    )


def tab_to(page, href):
    """Press Tab until the link to ``href`` has focus; every stop on the way shows its focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = focused(page)
        assert state["outline"], f"no visible focus on {state}"
        if state["href"] == href:
            return
    raise AssertionError(f"{href} not reached in {MAX_TABS} presses of Tab")


def follow(page, href):
    tab_to(page, href)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")


def test_skip_link_is_first_and_moves_focus_to_the_content(site_url, page_at):
    page = page_at("desktop")
    page.goto(site_url + url_of("page:coordination-group"))
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the skip link stays off screen when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    "route",
    [
        ["page:coordination-group"],
        ["page:safety-network"],
        ["page:network", "page:expert-group-digi"],
        ["page:network", "page:expert-group-mental-health"],
        ["page:network", "page:expert-group-violence"],
    ],
)
def test_each_body_is_reached_from_the_front_page_by_keyboard(site_url, page_at, route):
    page = page_at("desktop")
    page.goto(site_url + url_of("page:home"))
    for key in route:
        follow(page, url_of(key))
        assert page.locator("h1").inner_text() == title_of(key)


def test_search_from_the_header_by_keyboard(site_url, page_at):
    page = page_at("phone")
    page.goto(site_url + "/")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "header-search-q":
            break
    page.keyboard.type("Rikosuhripäivystys")
    page.keyboard.press("Enter")
    page.wait_for_url("**/haku/?q=*")
    titles = page.locator(".search-result__title a").all_inner_texts()
    assert title_of("page:coordination-group") in titles
