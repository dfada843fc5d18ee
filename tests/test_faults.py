"""Failures below the site: a database outage, a bug, an interrupted set-up.

The outage runs in a subprocess whose DATABASE_URL points at a closed port, so
the real connection attempt fails as it would in production. The set-up tests
use their own SQLite file, migrated and loaded by ``manage.py`` as
``make run`` does, then interrupted on purpose.
"""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

from django.test import Client, SimpleTestCase

from .utils import InitialContentTestCase

ROOT = Path(__file__).resolve().parent.parent

OUTAGE_SCRIPT = """
import json, site_package, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
answers = {}
for path in ("/", "/verkostot/", "/haku/?q=verkosto", "/api/v2/pages/", "/api/v3/pages/", "/api/v3/pages/3/", "/healthz/"):
    response = client.get(path)
    answers[path] = {
        "status": response.status_code,
        "type": response.get("Content-Type", ""),
        "retry": response.get("Retry-After"),
        "body": response.content.decode(),
    }
print(json.dumps(answers))
"""


def run_python(code, database_url, settings="site.settings.test", timeout=180):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE=settings, DATABASE_URL=database_url)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


class DatabaseOutageTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Nothing listens on port 1: every connection is refused at once.
        done = run_python(OUTAGE_SCRIPT, "postgres://postgres@127.0.0.1:1/verkosto")
        assert done.returncode == 0, done.stderr[-3000:]
        cls.answers = json.loads(done.stdout.strip().splitlines()[-1])

    def test_pages_answer_503_with_a_plain_finnish_message(self):
        for path in ("/", "/verkostot/", "/haku/?q=verkosto"):
            with self.subTest(path):
                answer = self.answers[path]
                self.assertEqual(answer["status"], 503)
                self.assertEqual(answer["retry"], "30")
                self.assertIn("Palvelu on tilapäisesti poissa käytöstä", answer["body"])
                self.assertNotIn("Traceback", answer["body"])
                self.assertNotIn("OperationalError", answer["body"])

    def test_the_api_answers_503_in_its_own_error_format(self):
        v2 = self.answers["/api/v2/pages/"]
        self.assertEqual(v2["status"], 503)
        self.assertIn("tietokantaan", json.loads(v2["body"])["message"])
        for path in ("/api/v3/pages/", "/api/v3/pages/3/"):
            with self.subTest(path):
                v3 = self.answers[path]
                self.assertEqual(v3["status"], 503)
                self.assertEqual(v3["type"], "application/problem+json")
                problem = json.loads(v3["body"])
                self.assertEqual(problem["status"], 503)
                self.assertIn("tietokantaan", problem["detail"])

    def test_the_health_check_reports_the_database_unreachable(self):
        answer = self.answers["/healthz/"]
        self.assertEqual(answer["status"], 503)
        self.assertEqual(json.loads(answer["body"]), {"status": "unavailable", "database": "unreachable"})


class ServerErrorTests(InitialContentTestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def test_a_bug_is_a_plain_500_page_or_a_json_error_never_a_traceback(self):
        with mock.patch("verkosto_pages.search.paginated_results", side_effect=RuntimeError("bug")):
            page = self.client.get("/haku/?q=verkosto")
        self.assertEqual(page.status_code, 500)
        self.assertIn("Jokin meni vikaan", page.content.decode())
        with mock.patch("verkosto_pages.api.v2.NetworkPagesAPIViewSet.public_pages", side_effect=RuntimeError("bug")):
            api = self.client.get("/api/v2/pages/")
        self.assertEqual(api.status_code, 500)
        self.assertIn("message", api.json())
        self.assertNotIn("bug", api.content.decode())

    def test_the_health_check_is_never_cached(self):
        for _ in range(3):
            response = self.client.get("/healthz/")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.json(), {"status": "ok", "database": "ok"})
            self.assertNotEqual(response.get("X-Cache"), "hit")
            self.assertIn("no-store", response["Cache-Control"])

    def test_an_oversized_form_gets_a_400_with_a_message(self):
        from django.test import override_settings

        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
            page = self.client.post("/admin/login/", {"username": "x" * 5000, "password": "x"})
        self.assertEqual(page.status_code, 400)
        self.assertIn("liian suuri", page.content.decode())


SETUP_COUNTS = """
import json, site_package, django
django.setup()
from wagtail.models import Page, Revision
from verkosto_pages.models import Organisation, Person, SeedRecord
print(json.dumps({
    "pages": Page.objects.count(),
    "revisions": Revision.objects.count(),
    "organisations": Organisation.objects.count(),
    "people": Person.objects.count(),
    "seeds": SeedRecord.objects.count(),
    "tree_problems": sum(len(problems) for problems in Page.find_problems()),
}))
"""

INTERRUPTED_LOAD = """
import site_package, django
django.setup()
from unittest import mock
from django.core.management import call_command
from verkosto_pages.initial_content import loader

calls = {"n": 0}
original = loader.InitialContentLoader._ensure_page
def failing(self, spec):
    calls["n"] += 1
    if calls["n"] == 5:
        raise KeyboardInterrupt("the operator pressed Ctrl-C")
    return original(self, spec)
with mock.patch.object(loader.InitialContentLoader, "_ensure_page", failing):
    call_command("load_initial_content", *%(args)r)
"""

INTERRUPTED_MIGRATION = """
import site_package, django
django.setup()
from unittest import mock
from django.core.management import call_command
from django.db.migrations.recorder import MigrationRecorder

call_command("migrate", "verkosto_pages", "0006", verbosity=0)
def interrupted(self, app, name):
    raise KeyboardInterrupt("the server went down")
with mock.patch.object(MigrationRecorder, "record_applied", interrupted):
    try:
        call_command("migrate", verbosity=0)
    except KeyboardInterrupt:
        print("interrupted")
"""


class SetUpTwiceOrInterruptedTests(SimpleTestCase):
    """``make run`` migrates and loads the content every time; an interruption must cost nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = tempfile.TemporaryDirectory(prefix="verkosto-setup-")
        cls.database = Path(cls.folder.name) / "db.sqlite3"
        cls.url = f"sqlite:///{cls.database}"

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()
        super().tearDownClass()

    def manage(self, *args):
        return run_python(f"import sys, site_package; sys.argv = ['manage.py', *{list(args)!r}]\n"
                          "from django.core.management import execute_from_command_line\n"
                          "execute_from_command_line(sys.argv)", self.url)

    def counts(self):
        done = run_python(SETUP_COUNTS, self.url)
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        return json.loads(done.stdout.strip().splitlines()[-1])

    def index_exists(self):
        with sqlite3.connect(self.database) as db:
            return bool(db.execute("SELECT 1 FROM sqlite_master WHERE name = 'verkosto_page_depth_path'").fetchone())

    def test_setting_up_twice_and_interrupting_loses_nothing(self):
        self.assertEqual(self.manage("migrate", "--noinput").returncode, 0)
        empty = self.counts()

        # Interrupted on a new site: nothing half-made is left behind.
        done = run_python(INTERRUPTED_LOAD % {"args": []}, self.url)
        self.assertIn("KeyboardInterrupt", done.stderr)
        self.assertEqual(self.counts(), empty)

        # Loaded, then loaded again: the second run changes nothing.
        self.assertEqual(self.manage("load_initial_content").returncode, 0)
        loaded = self.counts()
        self.assertGreater(loaded["pages"], 10)
        self.assertEqual(loaded["tree_problems"], 0)
        again = self.manage("load_initial_content")
        self.assertIn("0 luotu", again.stdout)
        self.assertEqual(self.counts(), loaded)

        # A reset interrupted half-way keeps every page as it was, then completes.
        done = run_python(INTERRUPTED_LOAD % {"args": ["--force"]}, self.url)
        self.assertIn("KeyboardInterrupt", done.stderr)
        self.assertEqual(self.counts(), loaded)

        # Migrating again does nothing; a migration cut off before it is recorded is
        # rolled back whole and applied again by the next run.
        self.assertIn("No migrations to apply", self.manage("migrate", "--noinput").stdout)
        done = run_python(INTERRUPTED_MIGRATION, self.url)
        self.assertIn("interrupted", done.stdout, done.stderr[-2000:])
        self.assertFalse(self.index_exists(), "the interrupted migration's index was rolled back")
        self.assertEqual(self.manage("migrate", "--noinput").returncode, 0)
        self.assertTrue(self.index_exists())
        self.assertEqual(self.counts(), loaded)
