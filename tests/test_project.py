"""Project-level guarantees: migrations match the models, Finnish is compiled, settings are safe."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.utils import translation

ROOT = Path(settings.BASE_DIR)


def po_entries(path):
    """(msgid, msgstr) of the singular, non-fuzzy entries of a .po file."""
    entries, fuzzy, current, field = [], False, {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current.get("msgid") and "msgid_plural" not in current and not fuzzy:
                entries.append((current.get("msgctxt"), current["msgid"], current.get("msgstr", "")))
            current, fuzzy, field = {}, False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        else:
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                field = match.group(1)
                current[field] = match.group(2)
            elif line.startswith('"') and field:
                current[field] += line[1:-1]
    unescape = lambda s: s.encode("latin-1", "backslashreplace").decode("unicode_escape")  # noqa: E731
    return [(ctx, unescape(i), unescape(s)) for ctx, i, s in entries]


class ProjectTests(TestCase):
    def test_models_and_migrations_agree(self):
        out = StringIO()
        try:
            call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
        except SystemExit:
            self.fail(f"Models changed without a migration:\n{out.getvalue()}")

    def test_finnish_catalogue_is_compiled_and_complete(self):
        entries = po_entries(ROOT / "locale/fi/LC_MESSAGES/django.po")
        self.assertGreater(len(entries), 100)
        with translation.override("fi"):
            for context, msgid, msgstr in entries:
                with self.subTest(msgid=msgid):
                    self.assertTrue(msgstr, "untranslated")
                    got = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                    self.assertEqual(got, msgstr, "django.mo is older than django.po: run make compilemessages")

    def test_production_settings_refuse_to_start_without_secrets(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
        env["DJANGO_SETTINGS_MODULE"] = "site.settings.production"
        result = subprocess.run(
            [sys.executable, "-c", "import site_package, django; django.setup()"],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_SECRET_KEY must be set", result.stderr)
