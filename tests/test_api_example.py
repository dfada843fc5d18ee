"""The consumer's guide's runnable example works against a running server."""

import importlib.util
import io
from pathlib import Path

from django.core.management import call_command
from django.test import LiveServerTestCase

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "expert_groups.py"


class ConsumerExampleTests(LiveServerTestCase):
    def setUp(self):
        call_command("load_initial_content", stdout=io.StringIO())

    def test_the_example_lists_the_expert_groups_with_their_members(self):
        spec = importlib.util.spec_from_file_location("expert_groups_example", EXAMPLE)
        example = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(example)
        out = io.StringIO()
        example.main(self.live_server_url, out=out)
        text = out.getvalue()
        self.assertIn("Mielenterveys ja päihteet -asiantuntijaryhmä (Toiminnassa)", text)
        self.assertIn("Koollekutsuja: Päijät-Hämeen sosiaalipsykiatrinen säätiö", text)
        self.assertIn("(Neuvotteluvaiheessa)", text)
