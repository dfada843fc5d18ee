"""An editor changes a member of the safety network in the real admin; the public page follows."""

from urllib.parse import urljoin

from playwright.sync_api import expect

from .conftest import DEV_PASSWORD, screenshot, url_of


def chart_texts(page):
    """The words of the org chart the visitor's screen shows."""
    return page.locator(".org-chart__svg--wide text").evaluate_all(
        "texts => texts.map(t => [...t.querySelectorAll('tspan')].map(s => s.textContent).join(' '))"
    )


def test_editor_replaces_a_member_and_the_page_and_chart_change(site_url, page_at):
    """The editor logs in with the editors' dev login that `make run` creates."""
    network_url = url_of("page:safety-network")
    page = page_at("desktop")
    page.goto(site_url + network_url)
    assert "Poliisi" in chart_texts(page)
    assert "Rikosuhripäivystys (RIKU)" not in chart_texts(page)

    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "paatoimittaja")
    page.fill("#id_password", DEV_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    # From the public page to its editor, as the user bar offers.
    page.goto(site_url + network_url)
    edit = page.locator("[data-wagtail-userbar] a[href*='/edit/']").first.get_attribute("href")
    page.goto(urljoin(page.url, edit))
    police_row = page.locator(".chooser", has=page.locator("[data-chooser-title]", has_text="Poliisi"))
    assert police_row.count() == 1
    chooser = page.locator("#" + police_row.get_attribute("id"))
    chooser.get_by_role("button", name="Toimet").click()
    page.get_by_role("button", name="Valitse toinen organisaatio").click()
    page.locator(".modal-content").get_by_role("link", name="Rikosuhripäivystys").click()
    expect(chooser.locator("[data-chooser-title]")).to_have_text("Rikosuhripäivystys")

    page.get_by_role("button", name="Lisää toimintoja").click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url("**/admin/pages/*/")
    assert "julkaistu" in page.locator(".messages").inner_text()

    page.goto(site_url + network_url)
    members = page.locator(".member-list .member__name").all_inner_texts()
    assert "Rikosuhripäivystys" in members and "Poliisi" not in members
    texts = chart_texts(page)
    assert "Rikosuhripäivystys (RIKU)" in texts and "Poliisi" not in texts
    screenshot(page, "safety-network-after-edit-desktop")
