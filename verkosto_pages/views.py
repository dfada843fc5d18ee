"""Public views beside Wagtail's page serving (the search page is in ``search.py``)."""

from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

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
