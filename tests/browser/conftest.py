"""Browser tests: Playwright drives the Debian chromium against the site as `make run` serves it.

The site runs in its own process (``manage.py runserver`` with the dev
settings) on a database of its own, built the way `make setup` builds one:
migrate, the initial content, the dev logins. The tests read it only through
the browser, as a visitor or an editor would. They run in `make test` and in
CI and are never skipped: a machine without chromium or axe-core fails here
with the command that installs them.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import sync_playwright

from verkosto_pages.initial_content import content

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", ROOT / "test-artifacts"))

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}

# The dev logins `ensure_dev_superuser` creates; the password is the admin's.
DEV_PASSWORD = "browser-tests"


def url_of(key):
    """The address of an initial-content page, from its slug and its ancestors'."""
    specs = {spec.key: spec for spec in content.PAGES}
    slugs = []
    spec = specs[key]
    while spec.parent is not None:  # the home page is the site root: no slug in the path
        slugs.insert(0, spec.slug)
        spec = specs[spec.parent]
    return "/" + "".join(f"{slug}/" for slug in slugs)


def title_of(key):
    return next(spec.title for spec in content.PAGES if spec.key == key)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _browser_database(tmp):
    """A database for the site under test, apart from pytest-django's test database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp}/browser.sqlite3"
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'postgres'}_browser"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _drop_browser_database(url):
    if url.startswith("sqlite"):
        return  # the file goes with the temporary folder
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


@pytest.fixture(scope="session")
def site_url():
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="verkosto-browser-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site.settings.dev",
            # Debug off, as the public sees the site: our 404 page, not Django's.
            "DJANGO_DEBUG": "0",
            "DATABASE_URL": _browser_database(tmp),
            "DJANGO_MEDIA_ROOT": f"{tmp}/media",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
            "DEV_ADMIN_PASSWORD": DEV_PASSWORD,
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "--noinput"], ["load_initial_content"], ["ensure_dev_superuser"]):
            # The dev logins exist only where DEBUG is on, as under `make run`.
            step_env = {**env, "DJANGO_DEBUG": "1"} if command[0] == "ensure_dev_superuser" else env
            done = subprocess.run(manage + command, env=step_env, cwd=ROOT, capture_output=True, text=True)
            if done.returncode:
                pytest.fail(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        log = open(Path(tmp) / "server.log", "w")
        server = subprocess.Popen(
            # --insecure: runserver serves the static files with debug off.
            manage + ["runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(Path(tmp, "server.log").read_text()[-2000:])
                    time.sleep(0.2)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()
            _drop_browser_database(env["DATABASE_URL"])


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No chromium at {CHROMIUM}. Install it with "
            "`apt-get install chromium chromium-driver` (.ci/run does), or set CHROMIUM_PATH."
        )
    if not AXE.exists():
        pytest.fail(f"No axe-core at {AXE}. `make test` installs it (npm ci).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


@pytest.fixture
def page_at(browser):
    """A new browser page at a width (``"desktop"`` or ``"phone"``), closed after the test."""
    contexts = []
    refused = []

    def open_page(width="desktop"):
        context = browser.new_context(viewport=WIDTHS[width], locale="fi-FI")
        contexts.append(context)
        page = context.new_page()
        # Chromium reports what the Content Security Policy blocked on the console:
        # a page or admin view that needs something the policy refuses is broken.
        page.on(
            "console",
            lambda message: refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None,
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not refused, "The Content Security Policy blocked:\n" + "\n".join(refused)


def screenshot_path(name, suffix="png"):
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / "screenshots" / f"{name}.{suffix}"


def screenshot(page, name):
    """A full-page screenshot kept as a test artifact (test-artifacts/screenshots/)."""
    path = screenshot_path(name)
    page.screenshot(path=str(path), full_page=True)
    return path
