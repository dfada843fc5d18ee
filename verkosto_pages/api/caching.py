"""HTTP caching for anonymous API reads: ETag, Cache-Control, 304 and Last-Modified.

Only If-None-Match decides a 304. Last-Modified is the page's last
publication, which is worth knowing but not proof of "unchanged": renaming a
member organisation changes the JSON (and so the ETag), not the page's date.
"""

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import http_date
from wagtail.models import Page

API_PREFIX = "/api/"

# Page detail views by URL name, with the name of their page id argument.
PAGE_DETAIL_VIEWS = {"wagtailapi:pages:detail": "pk", "wagtailapi_v3:detail_page": "page_id"}


def is_anonymous(request):
    # A token (v3) or a session can see more than the public, so its answer is private.
    return "HTTP_AUTHORIZATION" not in request.META and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _last_published_at(request):
    match = request.resolver_match
    argument = PAGE_DETAIL_VIEWS.get(match.view_name) if match else None
    if argument is None:
        return None
    return Page.objects.filter(pk=match.kwargs[argument]).values_list("last_published_at", flat=True).first()


class APICacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(API_PREFIX):
            return response
        patch_vary_headers(response, ["Authorization"])
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if not is_anonymous(request):
            response["Cache-Control"] = "private, no-store"
            return response
        if response.streaming:
            return response
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
        set_response_etag(response)
        published = _last_published_at(request)
        if published:
            response["Last-Modified"] = http_date(published.timestamp())
        return get_conditional_response(request, etag=response["ETag"], response=response)
