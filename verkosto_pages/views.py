"""Public views beside Wagtail's page serving (the search page is in ``search.py``)."""

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.static import serve
from wagtail.images import get_image_model

from .restrictions import restricted_collection_ids

ROBOTS_DISALLOW = ("/admin/", "/haku/")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Crawlers may read the pages and the API; the admin and search results are not for them."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links.

    The static address is worked out per request: with hashed static files it
    exists only after collectstatic, which must not be needed to import the URLs.
    """
    return HttpResponsePermanentRedirect(static("favicon.ico"))


@require_GET
def bench_floor(request):
    """The benchmark's floor: the least a request through our middleware and server costs.

    Mounted only when ``BENCH_FLOOR_VIEW`` is on (bench/run.py); no database, no template.
    """
    return JsonResponse({"ok": True})


def image_file(request, path):
    """An image rendition's file, unless its image is in a private collection.

    For a server with no web server or object storage in front (``DEBUG`` or
    ``SERVE_MEDIA_IMAGES``). Only renditions (``images/``) are served: the
    originals, uploaded at any size, stay off the web. Wagtail does not check
    an image file's collection, so a private image's file would otherwise be
    public to anyone who learnt its address.
    """
    if not (settings.DEBUG or settings.SERVE_MEDIA_IMAGES):
        raise Http404
    Rendition = get_image_model().get_rendition_model()
    collection_id = (
        Rendition.objects.filter(file=f"images/{path}").values_list("image__collection_id", flat=True).first()
    )
    if collection_id is None or collection_id in restricted_collection_ids():
        raise Http404
    response = serve(request, path, document_root=Path(settings.MEDIA_ROOT) / "images")
    # Caches may keep the file but must ask again before reusing it: a 304 costs
    # little, and an image whose collection is restricted later answers 404 at once.
    response["Cache-Control"] = "no-cache"
    return response
