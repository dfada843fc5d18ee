"""``theme=<slug>`` and ``status=<code>`` keep exactly the pages they name, in both versions."""

from verkosto_pages.models import Theme

from .utils import APITestCase, seeded


class FilterTests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.theme = Theme.objects.get(slug="violence-prevention")
        for key in ("page:expert-group-violence", "page:service-promise-3"):
            page = seeded(key)
            page.themes.add(cls.theme)
            page.save_revision().publish()

    def ids(self, url):
        return sorted(item["id"] for item in self.get_json(url)["items"])

    def test_theme_keeps_the_pages_about_it(self):
        group, promise = seeded("page:expert-group-violence"), seeded("page:service-promise-3")
        # The initial content already gives the theme to the home page and the two bodies.
        about_violence = sorted(
            [group.pk, promise.pk] + [seeded(k).pk for k in ("page:home", "page:coordination-group", "page:safety-network")]
        )
        for version in ("v2", "v3"):
            with self.subTest(version):
                self.assertEqual(self.ids(f"/api/{version}/pages/?theme=violence-prevention"), about_violence)
                self.assertEqual(
                    self.ids(f"/api/{version}/pages/?type=verkosto_pages.ServicePromisePage&theme=violence-prevention"),
                    [promise.pk],
                )
                self.assertNotIn(promise.pk, self.ids(f"/api/{version}/pages/?theme=mental-health-promotion"))

    def test_status_keeps_the_expert_groups_in_it(self):
        violence = seeded("page:expert-group-violence")
        self.assertEqual(violence.status, "negotiating")
        active = sorted(seeded(k).pk for k in ("page:expert-group-digi", "page:expert-group-mental-health"))
        for version in ("v2", "v3"):
            with self.subTest(version):
                self.assertEqual(self.ids(f"/api/{version}/pages/?status=negotiating"), [violence.pk])
                self.assertEqual(
                    self.ids(f"/api/{version}/pages/?type=verkosto_pages.ExpertGroupPage&status=active"), active
                )

    def test_filters_combine_with_wagtails_own(self):
        index = seeded("page:expert-groups")
        url = f"/api/v2/pages/?child_of={index.pk}&status=active&theme=violence-prevention"
        self.assertEqual(self.ids(url), [])
        url = f"/api/v3/pages/?descendant_of={index.pk}&theme=violence-prevention&search=asiantuntijaryhmä"
        self.assertEqual(self.ids(url), [seeded("page:expert-group-violence").pk])
