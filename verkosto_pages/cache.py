"""The server's cache of anonymous GET responses, emptied precisely by what they showed.

**What is cached.** A GET or HEAD with no session cookie and no Authorization
header (so never an editor, a preview or a token) to a public address (not
/admin/, /documents/, static or media files), whose answer is a 200 that sets
no cookie and is not marked private. The key is the full URL, host included.
Editors, previews and password forms never reach the cache; a cached answer
keeps its ETag, and a matching If-None-Match gets a 304.

**What empties it.** While a response is made, every content object loaded
from the database (pages, member rows, organisations, people, themes,
documents, images) is noted as a *tag*, and the response is stored with the
version of each tag. Saving or deleting an object bumps its tags; an entry
whose tags have moved on is a miss. So renaming an organisation refreshes
every page and API answer that showed it, and nothing else. Besides:

- a page's parent is bumped with it, as the parent lists its children, and so
  are the pages that link to it (footer, featured and related pages);
- listings (the API's lists, search, the sitemap) also carry ``listings``,
  bumped by any content change, as a new page can join them and search finds
  bodies by their members' names;
- restrictions, sites and collections bump ``all``, as does moving a page
  (its descendants' addresses change) and ``manage.py clear_page_cache``;
- more than ``MAX_TAGS_PER_MODEL`` tags of one model become one tag for the
  model (for pages: ``listings``), as each tag is a key read on every hit.
  A page that links to fifty others is then refreshed by any publication;
  one that names fifty organisations, by any directory edit.

**Races.** A tag's version is the time of its last bump, and a response is
stored only if none of its tags moved after the request started. Tags are
bumped at once and again after the transaction commits, so a response made
from data read before the commit is never stored as current.

**Processes and failures.** Versions live in the ``pages`` cache: with Redis
(``REDIS_URL``) every process sees every bump; without it the cache is off by
default (``PAGE_CACHE_SECONDS``), as another process's edits would go unheard.
A failed read answers uncached; a failed bump fails the edit (see ``bump``).
"""

import contextvars
import hashlib
import logging
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from modelcluster.fields import ParentalKey
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from .api.caching import PAGE_DETAIL_VIEWS, is_anonymous

ALL = "all"
LISTINGS = "listings"
# The stored format's version is in the key, so a deploy that changes it never reads old entries.
KEY_PREFIX = "response:2:"
TAG_PREFIX = "tag:"

# Addresses whose answers depend on more than the content (files, the admin).
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/bench/")
# More tags than this of one model in one response become the model's own tag
# (bumped by any change to that model), so that checking an entry stays cheap:
# each tag is one more key to read on every hit.
MAX_TAGS_PER_MODEL = 20
# Apps whose models are content shown to the public.
CONTENT_APPS = ("verkosto_pages", "home")

_collected = contextvars.ContextVar("verkosto_cache_tags", default=None)
logger = logging.getLogger(__name__)


def _cache():
    # Its own alias, which raises when Redis fails (site/settings/base.py).
    return caches["pages"]


# --- Tags -------------------------------------------------------------------------


def _parental_key(model):
    for field in model._meta.get_fields():
        if isinstance(field, ParentalKey) and issubclass(field.related_model, Page):
            return field
    return None


@lru_cache(maxsize=None)
def _tag_rule(model):
    """How instances of ``model`` are tagged: a function of the instance, or None."""
    if issubclass(model, Page):
        return lambda page: f"page:{page.pk}"
    if issubclass(model, (PageViewRestriction, CollectionViewRestriction, Site, Collection)):
        return None  # their changes bump "all"
    key = _parental_key(model)
    if key is not None:
        # A page's own rows (members, links) change only when the page is published.
        return lambda row: f"page:{getattr(row, key.attname)}"
    if model._meta.app_label in CONTENT_APPS or model in (get_document_model(), get_image_model()):
        label = model._meta.label_lower
        return lambda instance: f"{label}:{instance.pk}"
    return None


def depends_on(*tags):
    """Note that the response being made shows what these tags name."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def _note_loaded(sender, instance, **kwargs):
    collected = _collected.get()
    if collected is None or instance.pk is None:
        return
    rule = _tag_rule(sender)
    if rule is not None:
        collected.add(rule(instance))


def _compact(tags):
    """Many tags of one model become one: ``<model>:*``, or for pages ``listings``,
    which every page change bumps."""
    by_model = {}
    for tag in tags:
        by_model.setdefault(tag.rsplit(":", 1)[0], []).append(tag)
    compacted = set()
    for model, model_tags in by_model.items():
        if len(model_tags) <= MAX_TAGS_PER_MODEL:
            compacted.update(model_tags)
        elif model == "page":
            compacted.add(LISTINGS)
        else:
            compacted.add(f"{model}:*")
    return compacted


def bump(*tags):
    """Make every stored response that carries one of ``tags`` a miss, now and after commit.

    The first write raises if the cache cannot be written: the edit then fails
    and is rolled back, rather than leaving stale pages served.
    """
    if not tags:
        return

    def write():
        now = time.time()
        _cache().set_many({TAG_PREFIX + tag: now for tag in tags}, timeout=None)

    def write_after_commit():
        try:
            write()
        except Exception:
            logger.exception("The page cache missed an invalidation after commit: %s", sorted(tags))

    write()
    transaction.on_commit(write_after_commit, robust=True)


@lru_cache(maxsize=None)
def _links_to_pages():
    """``(model, target field, owner)`` for every content model with a link to a page:
    when a page changes, the pages that link to it (or leave it out) change too."""
    from django.apps import apps

    # Wagtail's own links between pages (aliases, ...) are Wagtail's to keep in step.
    wagtail_page_fields = {field.name for field in Page._meta.get_fields()}
    links = []
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            parental = _parental_key(model)
            for field in model._meta.get_fields():
                if (
                    field.many_to_one
                    and field.concrete
                    and not isinstance(field, ParentalKey)
                    and field.name not in wagtail_page_fields
                    and issubclass(field.related_model, Page)
                ):
                    if issubclass(model, Page):
                        links.append((model, field.name, "pk"))
                    elif parental is not None:
                        links.append((model, field.name, parental.attname))
    return links


def _linking_pages(page):
    ids = set()
    for model, field, owner in _links_to_pages():
        if isinstance(page, model._meta.get_field(field).related_model):
            ids.update(model._default_manager.filter(**{f"{field}_id": page.pk}).values_list(owner, flat=True))
    return ids


def purge_front_end_subtree(page):
    """Ask the front-end cache to drop a page, its descendants and their API details.

    Wagtail purges a page when it is published, unpublished or deleted, not when a
    view restriction hides or shows it and everything below it.
    """
    if not settings.FRONTEND_CACHE_PURGE_URL:
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    pages = list(Page.objects.descendant_of(page, inclusive=True).live())
    batch = PurgeBatch()
    batch.add_pages(pages)
    base = settings.WAGTAILAPI_BASE_URL.rstrip("/")
    batch.add_urls(f"{base}/api/{version}/pages/{p.pk}/" for p in pages for version in ("v2", "v3"))
    transaction.on_commit(batch.purge)


def _changed(sender, instance, joins_or_leaves):
    if issubclass(sender, (PageViewRestriction, CollectionViewRestriction, Site, Collection)):
        bump(ALL)
        if issubclass(sender, PageViewRestriction) and instance.page_id:
            purge_front_end_subtree(instance.page)
        return
    rule = _tag_rule(sender)
    if rule is None or instance.pk is None:
        return
    # Any content change may change a listing or a search (which finds bodies by
    # their members' names).
    tags = {rule(instance), LISTINGS}
    if issubclass(sender, Page):
        parent_path = instance.path[: -Page.steplen] if instance.path else ""
        parent_id = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
        if parent_id:
            tags.add(f"page:{parent_id}")
        # Pages that link to it showed it, or left it out while it was hidden.
        tags.update(f"page:{pk}" for pk in _linking_pages(instance))
    elif _parental_key(sender) is None:
        tags.add(f"{sender._meta.label_lower}:*")
    bump(*tags)


def _saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw:
        _changed(sender, instance, joins_or_leaves=created)


def _deleted(sender, instance, **kwargs):
    _changed(sender, instance, joins_or_leaves=True)


def _moved(sender, instance, **kwargs):
    bump(ALL)


def connect():
    post_init.connect(_note_loaded, dispatch_uid="verkosto_cache_note_loaded")
    post_save.connect(_saved, dispatch_uid="verkosto_cache_saved")
    post_delete.connect(_deleted, dispatch_uid="verkosto_cache_deleted")
    post_page_move.connect(_moved, dispatch_uid="verkosto_cache_moved")


# --- The middleware -----------------------------------------------------------------


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and is_anonymous(request)
        and not request.path_info.startswith(UNCACHED_PREFIXES)
        and not request.path_info.startswith((settings.STATIC_URL, settings.MEDIA_URL))
    )


def is_storable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _key(request):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return KEY_PREFIX + hashlib.sha256(url.encode()).hexdigest()


def _is_single_object(request):
    """A page's HTML or a page's API detail: what it shows is exactly what it loaded."""
    match = request.resolver_match
    if match is None:
        return False
    return match.url_name == "wagtail_serve" or match.view_name in PAGE_DETAIL_VIEWS


def _versions(tags):
    stored = _cache().get_many([TAG_PREFIX + tag for tag in tags])
    return {tag: stored.get(TAG_PREFIX + tag) for tag in tags}


def _answer(request, headers, content):
    """A stored answer as this request wants it: 304 when its ETag matches, no body for HEAD."""
    response = HttpResponse(b"" if request.method == "HEAD" else content, headers=headers)
    response["X-Cache"] = "hit"
    if request.method == "HEAD":
        response["Content-Length"] = str(len(content))
    return get_conditional_response(request, etag=response.get("ETag"), response=response)


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        try:
            key = _key(request)
        except Exception:  # a host not in ALLOWED_HOSTS: let Django answer it
            return self.get_response(request)
        try:
            entry = _cache().get(key)
            if entry is not None:
                tags, headers, content = entry
                if _versions(tags) == tags:
                    return _answer(request, headers, content)
        except Exception:
            # The cache is down or slow: answer from the database, store nothing.
            logger.warning("Page cache unavailable; answering uncached", exc_info=True)
            return self.get_response(request)

        started = time.time()
        token = _collected.set(set())
        try:
            response = self.get_response(request)
            tags = _collected.get()
        finally:
            _collected.reset(token)
        if request.method != "GET" or not is_storable_response(response):
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Cache-Control"):
            # Browsers check back every time (a 304 when unchanged), as an edit must show at once.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if settings.FRONTEND_CACHE_PURGE_URL:
                # A front-end cache is purged of the edited page only (docs/performance.md).
                patch_cache_control(response, s_maxage=settings.FRONTEND_CACHE_SECONDS)
        try:
            self._store(request, key, response, tags, started)
        except Exception:
            logger.warning("Page cache unavailable; answer not stored", exc_info=True)
        response["X-Cache"] = "miss"
        return get_conditional_response(request, etag=response["ETag"], response=response)

    @staticmethod
    def _store(request, key, response, tags, started):
        if not _is_single_object(request):
            # Any page change bumps "listings", so a listing needs no tag per page:
            # the sitemap's entry stays small with ten thousand pages in it.
            tags = {tag for tag in tags if not tag.startswith("page:")} | {LISTINGS}
        tags = _compact(tags) | {ALL}
        versions = _versions(tags)
        missing = [tag for tag, version in versions.items() if version is None]
        if missing:
            # A tag never bumped starts now (add: a bump that came first wins); this
            # response waits for the next request.
            now = time.time()
            for tag in missing:
                _cache().add(TAG_PREFIX + tag, now, timeout=None)
            return
        if any(version >= started for version in versions.values()):
            return  # something it showed changed while it was being made
        # Headers and bytes, not the response object: a stored page is read far more
        # often than written, and plain bytes load several times faster.
        entry = (versions, dict(response.items()), response.content)
        _cache().set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)


def clear():
    """Make every stored response a miss (after a deploy, or by hand)."""
    bump(ALL)
