"""The Content Security Policy in a real browser: it blocks injected script, and the admin works under it.

The ``page_at`` fixture fails any test during which the browser reports a
blocked resource, so every browser test also checks the policy; these tests
visit the admin views an editor uses most and prove the policy bites.
"""

from urllib.parse import urljoin

from .conftest import DEV_PASSWORD, url_of


def test_an_injected_inline_script_does_not_run(site_url, browser):
    context = browser.new_context()
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(site_url + url_of("page:home"))
    # As a stored-XSS payload would arrive: markup that reaches the DOM.
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.injected = true';
            document.body.appendChild(script);
            document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.handler = true">');
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => [window.injected, window.handler]") == [None, None]
    assert any("Content Security Policy" in text for text in refused)
    context.close()


ADMIN_VIEWS = (
    "/admin/",
    "/admin/pages/",
    "/admin/images/",
    "/admin/images/multiple/add/",
    "/admin/documents/",
    "/admin/documents/multiple/add/",
    "/admin/verkosto_pages/organisation/",
    "/admin/verkosto_pages/organisation/create/",
    "/admin/verkosto_pages/person/",
    "/admin/verkosto_pages/person/inspect/1/",
    "/admin/users/",
    "/api/v3/docs/",
)


def test_the_admin_works_under_its_policy(site_url, page_at):
    page = page_at("desktop")
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", DEV_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    for path in ADMIN_VIEWS:
        response = page.goto(site_url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")

    # The page editor of a body: inline member panels, choosers, date pickers, rich text.
    page.goto(site_url + url_of("page:safety-network"))
    edit = page.locator("[data-wagtail-userbar] a[href*='/edit/']").first.get_attribute("href")
    page.goto(urljoin(page.url, edit))
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_memberships-TOTAL_FORMS").count() == 1
    assert page.locator(".Draftail-Editor").count() >= 1, "the rich text editor did not start"

    # The preview panel frames the page from our own origin.
    page.locator("[data-side-panel-toggle=preview]").click()
    frame = page.frame_locator("iframe#w-preview-iframe")
    assert frame.locator("h1").first.inner_text(timeout=10_000)
    assert not errors, "\n".join(errors)
