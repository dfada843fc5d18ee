"""Builds the initial content once, and only rebuilds it when asked to.

Every object the loader makes is recorded under its key (``SeedRecord``). On
a later run a recorded key is left alone, whatever an editor has done to the
object since (edited, renamed, moved, deleted), unless ``force`` is set; then
the object is reset to the initial content, and a page gets a new revision,
so the editor's version stays in its history.

Whatever an editor made by hand before the loader first ran is adopted, not
duplicated: a theme or organisation with the same name (or slug), a person
with the same name, a page of the same type at the same address. Where the
initial content cannot be written without breaking an editor's data (a name
or an address already taken by something else), the item is skipped and
reported, never overwritten.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from ..editorial.roles import attach_roles_to_site_root
from ..models import Organisation, Person, SeedRecord, Theme
from . import content
from .content import Ref

# The fields by which an object made by hand is recognised as one of ours.
NATURAL_KEYS = {Theme: ("slug", "name"), Organisation: ("name",), Person: ("name",)}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    kept: int = 0
    skipped: list = field(default_factory=list)


class InitialContentLoader:
    def __init__(self, force=False):
        self.force = force
        self.counts = Counts()
        self._to_publish = []

    @transaction.atomic
    def run(self):
        for model, items in (
            (Theme, content.THEMES),
            (Organisation, content.ORGANISATIONS),
            (Person, content.PEOPLE),
        ):
            for key, fields in items.items():
                self._ensure_object(key, model, fields)
        # Pages are saved in tree order first and published afterwards, once
        # every page exists, so links between pages resolve in one revision.
        for spec in content.PAGES:
            self._ensure_page(spec)
        for page_id, spec in self._to_publish:
            # A fresh instance: adding children since has changed the tree
            # fields (numchild) that publishing writes back.
            page = Page.objects.get(pk=page_id).specific
            self._apply_fields(page, spec)
            self._apply_relations(page, spec)
            # Save the rows first, as the admin does, so the revision records
            # their ids: reverting to it then restores these rows instead of
            # adding copies beside them.
            page.save()
            page.save_revision().publish()
        return self.counts

    def _skip(self, key, reason):
        self.counts.skipped.append(f"{key}: {reason}")

    # Directory objects

    def _ensure_object(self, key, model, fields):
        record, obj = self._recorded(key)
        if record and not self.force:
            self.counts.kept += 1
            return
        values = {name: self._resolve(value) for name, value in fields.items()}
        if obj is None:
            obj = self._find_existing(model, values)
            if obj is not None and not self.force:
                self._record(key, obj)
                self.counts.kept += 1
                return
        if obj is None:
            obj = model.objects.create(**values)
            self.counts.created += 1
        else:
            taken = self._taken_unique_field(model, values, exclude_pk=obj.pk)
            if taken:
                self._skip(key, _("%(field)s “%(value)s” is used by another item") % {
                    "field": model._meta.get_field(taken).verbose_name,
                    "value": values[taken],
                })
                self._record(key, obj)
                return
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
            self.counts.updated += 1
        self._record(key, obj)

    @staticmethod
    def _find_existing(model, values):
        query = Q()
        for name in NATURAL_KEYS[model]:
            query |= Q(**{name: values[name]})
        return model.objects.filter(query).order_by("pk").first()

    @staticmethod
    def _taken_unique_field(model, values, exclude_pk):
        for model_field in model._meta.fields:
            name = model_field.name
            if model_field.unique and not model_field.primary_key and name in values:
                clash = model.objects.filter(**{name: values[name]}).exclude(pk=exclude_pk)
                if clash.exists():
                    return name
        return None

    # Pages

    def _ensure_page(self, spec):
        record, page = self._recorded(spec.key)
        if record and not self.force:
            self.counts.kept += 1
            return
        model = apps.get_model(spec.model)
        if page is None:
            parent = self._parent_for(spec)
            if parent is None:
                self._skip(spec.key, _("its parent page has been deleted"))
                return
            existing = parent.get_children().filter(slug=spec.slug).first()
            if existing is not None and existing.specific_class is not model:
                if spec.parent is None and self._is_wagtail_welcome_page(existing):
                    existing.delete()  # Wagtail's "Welcome" page, which the home page replaces
                    existing = None
                else:
                    self._skip(spec.key, _("the address “%(slug)s” is taken by another page") % {
                        "slug": spec.slug,
                    })
                    return
            if existing is not None:
                page = existing.specific
                self._record(spec.key, page)
                if not self.force:
                    self.counts.kept += 1
                    return
        if page is None:
            page = model(live=False)
            self._apply_fields(page, spec)
            parent.add_child(instance=page)
            self.counts.created += 1
            if spec.parent is None:
                self._make_site_root(page)
        else:
            # Under --force an editor may have moved the page, or given its
            # address to a sibling since: keep their address rather than fail.
            if not Page._slug_is_available(spec.slug, page.get_parent(), page):
                self._skip(spec.key, _("the address “%(slug)s” is taken by another page") % {
                    "slug": spec.slug,
                })
                return
            self.counts.updated += 1
        self._record(spec.key, page)
        self._to_publish.append((page.pk, spec))

    def _parent_for(self, spec):
        if spec.parent is not None:
            return self._recorded(spec.parent)[1]
        return Page.get_first_root_node()

    def _apply_fields(self, page, spec):
        page.title, page.slug, page.show_in_menus = spec.title, spec.slug, spec.show_in_menus
        for name, value in spec.fields.items():
            setattr(page, name, self._resolve(value))
        if hasattr(page, "themes"):
            page.themes = [self._resolve(ref) for ref in spec.themes]

    def _apply_relations(self, page, spec):
        for relation, rows in spec.rows.items():
            related_model = page._meta.get_field(relation).related_model
            built = []
            for row in rows:
                values = {name: self._resolve(value) for name, value in row.items()}
                if any(isinstance(row.get(n), Ref) and values[n] is None for n in row):
                    continue  # points at something an editor deleted
                # The admin numbers inline rows; without it their order is the
                # database's whim (PostgreSQL returns them in any order).
                built.append(related_model(**values, sort_order=len(built)))
            setattr(page, relation, built)

    @staticmethod
    def _is_wagtail_welcome_page(page):
        """Wagtail's migrations leave an untouched "Welcome" page of the base type."""
        return page.specific_class is Page and page.depth == 2 and page.numchild == 0

    def _make_site_root(self, home):
        """Point the default site at the new home page and drop Wagtail's "Welcome" page.

        The site's address is taken from WAGTAILADMIN_BASE_URL (the public
        address), so the pages' absolute URLs, as the API gives them, work.
        """
        address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        previous = site.root_page if site.pk else None
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.hostname = address.hostname or "localhost"
        site.port = address.port or (443 if address.scheme == "https" else 80)
        site.save()
        if previous and previous.pk != home.pk and self._is_wagtail_welcome_page(previous):
            previous.delete()
        # The editorial groups' page permissions and workflow hang on the site's root.
        attach_roles_to_site_root(apps, home.pk)

    # Records

    def _recorded(self, key):
        record = SeedRecord.objects.filter(key=key).select_related("content_type").first()
        if record is None:
            return None, None
        return record, record.get_object()

    def _record(self, key, obj):
        SeedRecord.objects.update_or_create(
            key=key,
            defaults={
                "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=False),
                "object_id": obj.pk,
            },
        )

    def _resolve(self, value):
        if isinstance(value, Ref):
            return self._recorded(value.key)[1]
        return value
