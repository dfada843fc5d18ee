"""The shapes of the JSON contract (docs/api.md), as serializer fields.

Each field is a Django REST framework field: API v2 uses it directly and
API v3 wraps it, reading the ``to_representation`` return annotation for its
OpenAPI schema. So one ``api_fields`` list per page type serves both
versions. API v3 calls these fields without a request, so none may need one;
absolute URLs come from ``WAGTAILAPI_BASE_URL`` instead.
"""

import datetime
import re
from functools import lru_cache

from django.urls import reverse
from django.utils.translation import get_language
from rest_framework.fields import Field
from typing_extensions import NotRequired, TypedDict
from wagtail.api.utils import get_full_url
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from ..cache import depends_on
from ..restrictions import restricted_collection_ids
from ..rich_text import clean_stored_html

# The size consumers get for org charts and body images: large enough for a
# full-width figure, never the original upload.
RENDITION_SPEC = "max-1200x1200"

_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")(/(?!/))')


def absolute_url(url):
    """``/path/`` becomes ``https://public.host/path/``; absolute URLs pass through."""
    return get_full_url(None, url) if url else url


def absolute_links(html):
    """Make root-relative links in HTML absolute, so they work on other sites."""
    base = absolute_url("/")[:-1]
    return _ROOT_RELATIVE.sub(lambda m: m.group(1) + base + m.group(2), html)


_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def is_public_file(obj):
    """An image or document the public may see (not in a restricted collection)."""
    return obj is not None and obj.collection_id not in restricted_collection_ids()


_LINK_TYPES = ("page", "document")


def _link_target(match):
    """``(linktype, id)`` of a stored link to a page or document, else None."""
    attributes = dict(_ATTRIBUTE.findall(match.group(1)))
    kind, pk = attributes.get("linktype"), attributes.get("id", "")
    if kind not in _LINK_TYPES:
        return None
    return kind, int(pk) if pk.isascii() and pk.isdigit() else None


def _public_ids(kind, ids):
    if not ids:
        return set()
    # A hidden target is not loaded, yet its publication must refresh a cached copy.
    depends_on(*(f"{'page' if kind == 'page' else 'wagtaildocs.document'}:{pk}" for pk in ids))
    if kind == "page":
        visible = Page.objects.live().public()
    else:
        visible = get_document_model().objects.exclude(collection__in=restricted_collection_ids())
    return set(visible.filter(pk__in=ids).values_list("pk", flat=True))


def unlink_hidden_targets(html):
    """Keep the text but drop the link where it points at a page or document the public may not see."""
    targets = [target for target in map(_link_target, _LINK.finditer(html)) if target]
    if not targets:
        return html
    public = {kind: _public_ids(kind, {pk for k, pk in targets if k == kind}) for kind in _LINK_TYPES}

    def unlink(match):
        target = _link_target(match)
        return match.group(2) if target and target[1] not in public[target[0]] else match.group(0)

    return _LINK.sub(unlink, html)


def rich_text_html(value):
    """Wagtail's stored rich text as display HTML with absolute links, and none to hidden pages or files.

    Cleaned first: what an import stored is not trusted (``verkosto_pages.rich_text``)."""
    return absolute_links(expand_db_html(unlink_hidden_targets(clean_stored_html(value)))) if value else ""


class ThemeDict(TypedDict):
    slug: str
    name: str


class OrganisationDict(TypedDict):
    id: int
    name: str
    short_name: str
    kind: str
    kind_display: str
    website: str


class PersonDict(TypedDict):
    name: str
    title: str
    organisation: OrganisationDict | None
    # Only present when the person has agreed to publish them.
    email: NotRequired[str]
    phone: NotRequired[str]


class MembershipDict(TypedDict):
    organisation: OrganisationDict | None
    representative: PersonDict | None
    role: str
    role_display: str
    note: str


class CoordinatorDict(TypedDict):
    person: PersonDict
    role: str


class PageReferenceDict(TypedDict):
    id: int
    title: str
    type: str
    html_url: str | None
    detail_url: str


class ImageDict(TypedDict):
    url: str
    width: int
    height: int
    alt: str


class OrgChartDict(TypedDict):
    image: ImageDict
    caption: str
    updated_on: datetime.date | None
    updated_by: str


class DocumentDict(TypedDict):
    id: int
    title: str
    url: str


class GoalDict(TypedDict):
    goal: str
    indicator: str


class ActorDict(TypedDict):
    actor: str
    role: str


@lru_cache(maxsize=256)
def _choice_label(model, field_name, value, language):
    return str(dict(model._meta.get_field(field_name).flatchoices).get(value, value))


def choice_label(instance, field_name):
    """``get_<field>_display()`` without rebuilding the choices on every call:
    a listing shows hundreds of member roles and organisation kinds."""
    return _choice_label(type(instance), field_name, getattr(instance, field_name), get_language())


def theme_dict(theme) -> ThemeDict:
    return {"slug": theme.slug, "name": theme.name}


def organisation_dict(organisation) -> OrganisationDict | None:
    if organisation is None:
        return None
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "kind_display": choice_label(organisation, "kind"),
        "website": organisation.website,
    }


def person_dict(person) -> PersonDict | None:
    if person is None:
        return None
    data = {
        "name": person.name,
        "title": person.title,
        "organisation": organisation_dict(person.organisation),
    }
    if person.public_email:
        data["email"] = person.public_email
    if person.public_phone:
        data["phone"] = person.public_phone
    return data


def membership_dict(membership) -> MembershipDict:
    return {
        "organisation": organisation_dict(membership.organisation),
        "representative": person_dict(membership.representative),
        "role": membership.role,
        "role_display": choice_label(membership, "role"),
        "note": membership.note,
    }


def image_dict(image, alt=None) -> ImageDict | None:
    if not is_public_file(image):
        return None
    rendition = image.get_rendition(RENDITION_SPEC)
    return {
        "url": absolute_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": rendition.alt if alt is None else alt,
    }


def document_dict(document) -> DocumentDict | None:
    if not is_public_file(document):
        return None
    return {"id": document.pk, "title": document.title, "url": absolute_url(document.url)}


def page_reference(page, context) -> PageReferenceDict:
    """A small summary of a linked page, pointing at the same API version as the caller."""
    router = context.get("router")
    if router is not None:  # API v2 hands its router to serializers; v3 does not.
        path = router.get_object_detail_urlpath(type(page), page.pk)
    else:
        path = reverse("wagtailapi_v3:detail_page", kwargs={"page_id": page.pk})
    specific_class = page.specific_class or type(page)
    return {
        "id": page.pk,
        "title": page.title,
        "type": specific_class._meta.label,
        "html_url": page.get_full_url(),
        "detail_url": absolute_url(path),
    }


class ReadOnlyField(Field):
    """A field that reads the page (``source="*"``) unless given a source."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)


class ThemesField(ReadOnlyField):
    def to_representation(self, themes) -> list[ThemeDict]:
        return [theme_dict(theme) for theme in themes.all()]


class MembersField(ReadOnlyField):
    def __init__(self, **kwargs):
        super().__init__(source="member_rows", **kwargs)

    def to_representation(self, rows) -> list[MembershipDict]:
        return [membership_dict(row) for row in rows]


class CoordinatorsField(ReadOnlyField):
    def __init__(self, **kwargs):
        super().__init__(source="coordinator_rows", **kwargs)

    def to_representation(self, rows) -> list[CoordinatorDict]:
        return [{"person": person_dict(row.person), "role": row.role} for row in rows]


class PersonField(ReadOnlyField):
    def to_representation(self, person) -> PersonDict:
        return person_dict(person)


class OrganisationField(ReadOnlyField):
    def to_representation(self, organisation) -> OrganisationDict:
        return organisation_dict(organisation)


class PageReferenceField(ReadOnlyField):
    def to_representation(self, page) -> PageReferenceDict:
        return page_reference(page, self.context)


class PageReferenceListField(ReadOnlyField):
    def to_representation(self, pages) -> list[PageReferenceDict]:
        return [page_reference(page, self.context) for page in pages]


class DocumentField(ReadOnlyField):
    def to_representation(self, document) -> DocumentDict:
        return document_dict(document)


class OrgChartField(ReadOnlyField):
    """The body's org chart figure with its caption and who updated it, or null."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page) -> OrgChartDict | None:
        # No figure, or one the public may not see: no org chart.
        image = image_dict(page.org_chart_image, alt=page.org_chart_caption or None)
        if image is None:
            return None
        return {
            "image": image,
            "caption": page.org_chart_caption,
            "updated_on": page.org_chart_updated_on,
            "updated_by": page.org_chart_updated_by,
        }


class ChoiceDisplayField(ReadOnlyField):
    """The Finnish label of a choice, beside its stable code: ``source="get_status_display"``."""

    def to_representation(self, label) -> str:
        return str(label)


class RichTextHTMLField(ReadOnlyField):
    def to_representation(self, value) -> str:
        return rich_text_html(value)


class _StreamValuesField(ReadOnlyField):
    """A StreamField of one block type as a plain list of its values."""

    def values(self, stream):
        return [child.block.get_api_representation(child.value) for child in stream]


class StringListField(_StreamValuesField):
    def to_representation(self, stream) -> list[str]:
        return self.values(stream)


class GoalsField(_StreamValuesField):
    def to_representation(self, stream) -> list[GoalDict]:
        return self.values(stream)


class ActorsField(_StreamValuesField):
    def to_representation(self, stream) -> list[ActorDict]:
        return self.values(stream)
