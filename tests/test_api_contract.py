"""The API gives every page type exactly the fields docs/api.md promises, in v2 and v3.

Other sites build pages from these responses, so a renamed or retyped field
is a broken promise: each test here names the field that drifted.
"""

import datetime

from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from verkosto_pages.models import ContentPage, Person

from .api_contract import FIELDS_BY_TYPE, page_mismatches
from .utils import PAGE_OF_EACH_TYPE, APITestCase, seeded


class ContractTests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The one page type the initial content has no page of.
        cls.content_page = seeded("page:network").add_child(
            instance=ContentPage(title="Saavutettavuusseloste", slug="saavutettavuus", intro="Lyhyesti.")
        )

    def pages_of_every_type(self):
        pages = [seeded(key) for key in PAGE_OF_EACH_TYPE] + [self.content_page]
        self.assertEqual({page.specific_class._meta.label for page in pages}, set(FIELDS_BY_TYPE))
        return pages

    def test_v2_detail_of_every_page_type_matches_the_contract(self):
        for page in self.pages_of_every_type():
            label = page.specific_class._meta.label
            with self.subTest(label):
                self.assertEqual(page_mismatches(self.v2_detail(page), label), [])

    def test_v3_detail_of_every_page_type_matches_the_contract(self):
        for page in self.pages_of_every_type():
            label = page.specific_class._meta.label
            with self.subTest(label):
                data = self.v3_detail(page)
                self.assertEqual(data["meta"]["type"], label)
                self.assertEqual(page_mismatches(data, label), [])

    def test_v2_listing_with_every_field_matches_the_contract(self):
        for label in FIELDS_BY_TYPE:
            with self.subTest(label):
                items = self.v2_listing(label, fields="*")
                self.assertTrue(items, f"no {label} in the listing")
                for item in items:
                    self.assertEqual(page_mismatches(item, label), [])

    def test_v2_and_v3_give_the_same_values(self):
        for page in self.pages_of_every_type():
            with self.subTest(page.specific_class._meta.label):
                v2, v3 = self.v2_detail(page), self.v3_detail(page)
                for field in FIELDS_BY_TYPE[page.specific_class._meta.label]:
                    if field == "last_published_at":  # same instant, each version's own ISO style
                        continue
                    self.assertEqual(
                        _without_detail_urls(v2[field]), _without_detail_urls(v3[field]), field
                    )

    def test_the_v3_openapi_document_types_the_nested_shapes(self):
        schema = self.get_json("/api/v3/openapi.json")
        components = schema["components"]["schemas"]
        members = components["ExpertGroupPageSchema"]["properties"]["members"]
        self.assertIn("MembershipDict", str(members), "members should be typed, not Any")
        listing = schema["paths"]["/api/v3/pages/"]["get"]
        self.assertTrue({"theme", "status"} <= {p["name"] for p in listing["parameters"]})


def _without_detail_urls(value):
    """Page references point at their own API version; everything else must be equal."""
    if isinstance(value, dict):
        return {k: _without_detail_urls(v) for k, v in value.items() if k != "detail_url"}
    if isinstance(value, list):
        return [_without_detail_urls(v) for v in value]
    return value


class ConsumerTasksTests(APITestCase):
    """The three tasks the issue names, each done by another site with one request."""

    def test_expert_groups_with_members_and_statuses_in_one_request(self):
        items = self.v2_listing("verkosto_pages.ExpertGroupPage", fields="members,status,status_display,convener")
        self.assertEqual(len(items), 3)
        by_title = {item["title"]: item for item in items}
        digi = by_title[seeded("page:expert-group-digi").title]
        self.assertEqual((digi["status"], digi["status_display"]), ("active", "Toiminnassa"))
        for item in items:
            if item["status"] == "active":  # a group still being negotiated may have no members yet
                self.assertTrue(item["members"], item["title"])
            self.assertTrue(all(m["role_display"] for m in item["members"]))

    def test_the_five_service_promises_in_order_with_their_goals(self):
        items = self.v2_listing(
            "verkosto_pages.ServicePromisePage", fields="number,statement,goals", order="number"
        )
        self.assertEqual([item["number"] for item in items], [1, 2, 3, 4, 5])
        self.assertEqual(items[0]["title"], "Meillä saa puhua")
        self.assertTrue(all(isinstance(item["goals"], list) for item in items))

    def test_the_coordination_group_found_by_its_path(self):
        group = seeded("page:coordination-group")
        response = self.client.get("/api/v2/pages/find/?html_path=/verkostot/seutukoordinaatioryhma/")
        self.assertEqual(response.status_code, 302)
        self.assertIn(f"/api/v2/pages/{group.pk}/", response["Location"])
        data = self.get_json(response["Location"])
        self.assertEqual(
            [c["person"]["name"] for c in data["coordinators"]], ["Susanna Leimio", "Heli Lehtinen"]
        )
        self.assertTrue(data["members"])
        self.assertIn("org_chart", data)
        self.assertEqual((data["term_start"], data["term_end"], data["meetings_per_year"]), (2017, 2020, 4))

    def test_v3_finds_a_page_by_its_path(self):
        group = seeded("page:coordination-group")
        response = self.client.get("/api/v3/pages/find/?html_path=/verkostot/seutukoordinaatioryhma/")
        self.assertEqual(response.status_code, 302)
        self.assertIn(f"/api/v3/pages/{group.pk}/", response["Location"])


class NestedValuesTests(APITestCase):
    def test_the_safety_networks_chair_comes_from_its_member_list(self):
        data = self.v2_detail(seeded("page:safety-network"))
        self.assertEqual(data["chair"]["name"], "Jukka Ihalainen")
        self.assertEqual(data["chair"]["organisation"]["kind_display"], "Järjestö")
        chair_rows = [m for m in data["members"] if m["role"] == "chair"]
        self.assertEqual(chair_rows[0]["representative"]["name"], "Jukka Ihalainen")

    def test_the_plan_points_at_its_report_in_the_callers_api_version(self):
        plan, report = seeded("page:action-plan"), seeded("page:activity-report")
        v2 = self.v2_detail(plan)["based_on_report"]
        v3 = self.v3_detail(plan)["based_on_report"]
        self.assertEqual((v2["id"], v2["type"]), (report.pk, "verkosto_pages.ActivityReportPage"))
        self.assertTrue(v2["detail_url"].endswith(f"/api/v2/pages/{report.pk}/"))
        self.assertTrue(v3["detail_url"].endswith(f"/api/v3/pages/{report.pk}/"))
        self.assertTrue(v2["html_url"].endswith("/toimintakertomus-2017-2021/"))

    def test_a_membership_without_organisation_is_null_not_missing(self):
        members = self.v2_detail(seeded("page:expert-group-digi"))["members"]
        seat = next(m for m in members if m["organisation"] is None)
        self.assertEqual(seat["representative"], None)
        self.assertTrue(seat["note"])

    def test_rich_text_is_display_html_with_absolute_links(self):
        group, target = seeded("page:expert-group-digi"), seeded("page:safety-network")
        group.purpose = f'<p>Katso <a linktype="page" id="{target.pk}">verkosto</a>.</p>'
        group.body = None
        group.save_revision().publish()
        for data in (self.v2_detail(group), self.v3_detail(group)):
            self.assertNotIn("linktype", data["purpose"])
            self.assertIn(f'href="{target.get_full_url()}"', data["purpose"])

    def test_images_are_renditions_and_documents_are_absolute_links(self):
        image = Image.objects.create(title="Organisaatiokaavio", file=get_test_image_file(size=(1600, 900)))
        document = Document.objects.create(title="Toimintakertomus", file=ContentFile(b"%PDF-1.4", name="kertomus.pdf"))
        group = seeded("page:coordination-group")
        group.org_chart_image = image
        group.org_chart_caption = "Kuva 1: Seutukoordinaatioryhmä 2018"
        group.org_chart_updated_on = datetime.date(2018, 1, 10)
        group.org_chart_updated_by = "SL"
        group.body = [
            ("paragraph", RichText(f'<p><a linktype="document" id="{document.pk}">PDF</a></p>')),
            ("image", {"image": image, "alt_text": "Kaavio ryhmän jäsenistä", "caption": "Kuva 2"}),
            ("document", {"document": document, "title": ""}),
        ]
        group.save_revision().publish()

        for data in (self.v2_detail(group), self.v3_detail(group)):
            chart = data["org_chart"]
            self.assertEqual(chart["updated_on"], "2018-01-10")
            self.assertEqual((chart["caption"], chart["updated_by"]), ("Kuva 1: Seutukoordinaatioryhmä 2018", "SL"))
            self.assertEqual((chart["image"]["width"], chart["image"]["height"]), (1200, 675))
            self.assertNotEqual(chart["image"]["url"], image.file.url)
            self.assertTrue(chart["image"]["url"].startswith("http"))
            paragraph, figure, file_block = data["body"]
            self.assertIn(f'href="http', paragraph["value"])
            self.assertEqual(figure["value"]["image"]["alt"], "Kaavio ryhmän jäsenistä")
            self.assertEqual(file_block["value"]["document"]["id"], document.pk)
            self.assertEqual(file_block["value"]["title"], "Toimintakertomus")
            self.assertTrue(file_block["value"]["document"]["url"].startswith("http"))
        self.assertEqual(page_mismatches(self.v2_detail(group), "verkosto_pages.CoordinationGroupPage"), [])

    def test_a_persons_contact_details_only_where_they_agreed(self):
        group = seeded("page:coordination-group")
        coordinator = group.coordinators.first().person
        Person.objects.filter(pk=coordinator.pk).update(email="s@example.fi", phone="044 123", show_contact_details=False)
        person = self.v2_detail(group)["coordinators"][0]["person"]
        self.assertNotIn("email", person)
        self.assertNotIn("phone", person)
        Person.objects.filter(pk=coordinator.pk).update(show_contact_details=True)
        for data in (self.v2_detail(group), self.v3_detail(group)):
            person = data["coordinators"][0]["person"]
            self.assertEqual((person["email"], person["phone"]), ("s@example.fi", "044 123"))
