"""Shared set-up: the initial content, loaded once per test class."""

import io

from django.core.management import call_command
from wagtail.test.utils import WagtailPageTestCase

from verkosto_pages.models import SeedRecord

# One seeded page of every page type that the initial content creates.
PAGE_OF_EACH_TYPE = (
    "page:home",
    "page:network",
    "page:coordination-group",
    "page:safety-network",
    "page:expert-groups",
    "page:expert-group-digi",
    "page:activity-report",
    "page:action-plan",
    "page:service-promise-1",
)


def seeded(key):
    """The object the initial-content loader made for ``key`` (pages come back specific)."""
    return SeedRecord.objects.get(key=key).get_object()


class InitialContentTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_initial_content", stdout=io.StringIO())

    def get_html(self, page_or_url, status=200):
        url = page_or_url if isinstance(page_or_url, str) else page_or_url.url
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, url)
        return response.content.decode()


class StaffTestCase(InitialContentTestCase):
    """Logged in to the admin as an administrator, "toimittaja"."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.user = make_user("toimittaja", superuser=True)

    def setUp(self):
        self.client.force_login(self.user)


class APITestCase(InitialContentTestCase):
    """Reads the API as another site would."""

    def get_json(self, url, status=200, **headers):
        response = self.client.get(url, **headers)
        self.assertEqual(response.status_code, status, f"{url}: {response.content[:300]!r}")
        return response.json()

    def v2_detail(self, page):
        return self.get_json(f"/api/v2/pages/{page.pk}/")

    def v3_detail(self, page):
        return self.get_json(f"/api/v3/pages/{page.pk}/")

    def v2_listing(self, page_type, **params):
        query = "&".join(f"{key}={value}" for key, value in {"type": page_type, **params}.items())
        return self.get_json(f"/api/v2/pages/?{query}")["items"]


def streamfield_post_data(page):
    """Form data for the page's StreamFields as the editor's JavaScript would post them.

    The page editor draws StreamFields in the browser, so they are missing from
    the server-rendered form that a test parses.
    """
    from wagtail import blocks
    from wagtail.fields import StreamField
    from wagtail.test.utils.form_data import rich_text

    def value_data(prefix, block, value):
        if isinstance(block, blocks.RichTextBlock):
            return {prefix: rich_text(value.source)}
        if isinstance(block, blocks.StructBlock):
            data = {}
            for name, child in block.child_blocks.items():
                data.update(value_data(f"{prefix}-{name}", child, value[name]))
            return data
        return {prefix: "" if value is None else str(value)}

    data = {}
    for field in page._meta.get_fields():
        if not isinstance(field, StreamField):
            continue
        stream = getattr(page, field.name)
        data[f"{field.name}-count"] = str(len(stream))
        for index, child in enumerate(stream):
            prefix = f"{field.name}-{index}"
            data.update(
                {f"{prefix}-type": child.block_type, f"{prefix}-deleted": "", f"{prefix}-order": str(index), f"{prefix}-id": child.id or ""}
            )
            data.update(value_data(f"{prefix}-value", child.block, child.value))
    return data


def make_user(username, *groups, superuser=False):
    """A staff member in the given editorial groups (names from verkosto_pages.editorial.roles)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, "", "salasana")
    user = User.objects.create_user(username, "", "salasana", first_name=username.capitalize())
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def edit_form_data(client, url, page, changes=None):
    """The page editor's form at ``url`` as a browser would post it, with ``changes`` applied."""
    from wagtail.test.utils.form_data import querydict_from_html

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for name, value in {**streamfield_post_data(page), **(changes or {})}.items():
        data[name] = value
    return data


def post_page_edit(client, page, changes=None, action="action-publish"):
    """Open the page in the editor, apply ``changes`` and press a button (publish by default).

    ``action`` is the button's name: "action-publish", "action-submit" (for
    moderation) or None to save a draft.
    """
    url = f"/admin/pages/{page.pk}/edit/"
    data = edit_form_data(client, url, page, changes)
    if action:
        data[action] = action
    return client.post(url, data)
