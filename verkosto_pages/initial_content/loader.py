"""Builds the initial content once, and only rebuilds it when asked to.

Every object the loader makes is recorded under its key (``SeedRecord``). On
a later run a recorded key is left alone, whatever an editor has done to the
object since (edited, renamed, moved, deleted), unless ``force`` is set; then
the object is reset to the initial content, and a page gets a new revision,
so the editor's version stays in its history.
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page, Site

from ..models import Organisation, Person, SeedRecord, Theme
from . import content
from .content import Ref


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    kept: int = 0


class InitialContentLoader:
    def __init__(self, force=False):
        self.force = force
        self.counts = Counts()
        self._to_publish = []

    @transaction.atomic
    def run(self):
        for key, fields in content.THEMES.items():
            self._ensure_object(key, Theme, fields, lookup={"slug": fields["slug"]})
        for key, fields in content.ORGANISATIONS.items():
            self._ensure_object(key, Organisation, fields, lookup={"name": fields["name"]})
        for key, fields in content.PEOPLE.items():
            self._ensure_object(key, Person, fields, lookup={"name": fields["name"]})
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
            page.save_revision().publish()
        return self.counts

    # Directory objects

    def _ensure_object(self, key, model, fields, lookup):
        record, obj = self._recorded(key)
        if record and not self.force:
            self.counts.kept += 1
            return obj
        if obj is None:
            # Adopt an object an editor made by hand before the loader ran.
            obj = model.objects.filter(**lookup).first() if not record else None
            if obj is not None and not self.force:
                self._record(key, obj)
                self.counts.kept += 1
                return obj
        values = {name: self._resolve(value) for name, value in fields.items()}
        if obj is None:
            obj = model.objects.create(**values)
            self.counts.created += 1
        else:
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
            self.counts.updated += 1
        self._record(key, obj)
        return obj

    # Pages

    def _ensure_page(self, spec):
        record, page = self._recorded(spec.key)
        if record and not self.force:
            self.counts.kept += 1
            return
        parent = self._parent_for(spec)
        if parent is None:
            return  # the parent was deleted by an editor: nothing to hang this on
        if page is None and not record:
            existing = parent.get_children().filter(slug=spec.slug).first()
            if existing is not None:
                self._record(spec.key, existing)
                if not self.force:
                    self.counts.kept += 1
                    return
                page = existing
        if page is None:
            page = apps.get_model(spec.model)(live=False)
            self._apply_fields(page, spec)
            parent.add_child(instance=page)
            self.counts.created += 1
            if spec.parent is None:
                self._make_site_root(page)
        else:
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
                built.append(related_model(**values))
            setattr(page, relation, built)

    def _make_site_root(self, home):
        """Point the default site at the new home page and drop Wagtail's placeholder page."""
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", root_page=home, is_default_site=True,
                site_name=settings.WAGTAIL_SITE_NAME,
            )
            return
        previous = site.root_page
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
        # Wagtail's migrations leave an untouched "Welcome" page of the base type.
        if previous.specific_class is Page and previous.depth == 2 and previous.numchild == 0:
            previous.delete()

    # Records

    def _recorded(self, key):
        record = SeedRecord.objects.filter(key=key).select_related("content_type").first()
        if record is None:
            return None, None
        obj = record.get_object()
        if isinstance(obj, Page):
            obj = obj.specific
        return record, obj

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
