"""Malformed parameters get a 4xx with a JSON body that says what was wrong, never a 500.

The table is run against both API versions and every listing; a new
parameter or endpoint belongs in it.
"""

from .utils import APITestCase

HUGE = "9" * 30

BAD_LISTING_PARAMETERS = [
    "limit=-1",
    "limit=abc",
    "limit=1000",
    f"limit={HUGE}",
    "offset=-5",
    "offset=abc",
    f"offset={HUGE}",
    "fields=nope",
    "fields=*,(",
    "fields=title(x)",
    "order=nope",
    "order=-",
    "order=random&offset=1",
    "search=%00",
    "title=%00",
    "rich_text_format=nope",
    "search=" + "pitkä " * 2000,
    "search=x&search_operator=nope",
    "offset=%C2%B2",
]
BAD_PAGE_LISTING_PARAMETERS = [
    "type=nope.Nope",
    "type=wagtailcore.Nope",
    "type=auth.User",
    "child_of=abc",
    "child_of=-1",
    f"child_of={HUGE}",
    f"descendant_of={HUGE}",
    "child_of=1&descendant_of=1",
    "locale=xx",
    "theme=nope",
    "theme=' OR 1=1 --",
    "status=sleeping",
    "status=%00",
    "type=verkosto_pages.ExpertGroupIndexPage&theme=violence-prevention",
    "type=verkosto_pages.ServicePromisePage&status=active",
    "type=verkosto_pages.CoordinationGroupPage&review_due=tomorrow",
    "type=verkosto_pages.CoordinationGroupPage&term_start=abc",
    "id=abc",
    "site=a:b:c",
    f"type=verkosto_pages.ExpertGroupPage&themes={HUGE}",
    f"type=verkosto_pages.ActionPlanPage&document={HUGE}",
    f"type=verkosto_pages.ActionPlanPage&based_on_report={HUGE}",
    f"type=verkosto_pages.CoordinationGroupPage&meetings_per_year={HUGE}",
]
# Parameters that look hostile but are valid: they must be a plain 200.
HARMLESS = [
    "search=' OR 1=1 --",
    "search=" + " ".join(["ryhmä"] * 30),
    "type=verkosto_pages.ExpertGroupPage&status=active&search=ryhmä",
    "theme=violence-prevention&search=ryhmä",
    "offset=999999",
]
BAD_ADDRESSES = [
    f"pages/{HUGE}/",
    "pages/0/",
    "pages/-1/",
    f"images/{HUGE}/",
    f"documents/{HUGE}/",
    "pages/find/",
    "pages/find/?id=abc",
    "pages/find/?id=%C2%B2",
    "pages/find/?html_path=/" + "a/" * 500,
    "nothing-here/",
]


class BadInputTests(APITestCase):
    def assert_json_4xx(self, url):
        response = self.client.get(url)
        self.assertTrue(400 <= response.status_code < 500, f"{url}: {response.status_code}")
        self.assertIn(response["Content-Type"].split(";")[0], ("application/json", "application/problem+json"), url)
        body = response.json()
        # Says what was wrong: v2 in "message", v3 in "detail" (and "errors" for each parameter).
        self.assertTrue(body.get("message") or body.get("detail"), url)
        return response

    def test_bad_listing_parameters(self):
        for version in ("v2", "v3"):
            for endpoint in ("pages", "images", "documents"):
                params = BAD_LISTING_PARAMETERS + (BAD_PAGE_LISTING_PARAMETERS if endpoint == "pages" else [])
                for query in params:
                    url = f"/api/{version}/{endpoint}/?{query}"
                    if version == "v3" and query in V3_IGNORES:
                        continue
                    with self.subTest(url=url):
                        self.assert_json_4xx(url)

    def test_bad_addresses(self):
        for version in ("v2", "v3"):
            for address in BAD_ADDRESSES:
                with self.subTest(version=version, address=address):
                    self.assert_json_4xx(f"/api/{version}/{address}")

    def test_hostile_looking_but_valid_parameters_are_answered(self):
        for version in ("v2", "v3"):
            for query in HARMLESS:
                url = f"/api/{version}/pages/?{query}"
                with self.subTest(url=url[:120]):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_head_is_answered_like_get_without_a_body(self):
        for url in ("/api/v2/pages/", "/api/v3/pages/", "/api/v3/pages/?theme=nope"):
            get, head = self.client.get(url), self.client.head(url)
            self.assertEqual(head.status_code, get.status_code, url)
            self.assertEqual(head.content, b"", url)
            self.assertEqual(head.get("ETag"), get.get("ETag"), url)

    def test_unknown_filter_values_name_the_problem(self):
        v2 = self.client.get("/api/v2/pages/?theme=nope").json()
        self.assertIn("nope", v2["message"])
        self.assertIn("violence-prevention", v2["message"])  # and lists the known themes
        v3 = self.client.get("/api/v3/pages/?status=sleeping").json()
        self.assertEqual(v3["errors"][0]["loc"], ["query", "status"])


# v3 accepts unknown field names (and so also fields= and title=) silently, as
# Wagtail designs it: those are not errors there, but they must not be 500s either.
V3_IGNORES = {"fields=nope", "fields=*,(", "fields=title(x)", "type=verkosto_pages.CoordinationGroupPage&term_start=abc", "rich_text_format=nope"}
