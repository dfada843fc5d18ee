"""Query parameters that would reach the database as a crash are refused at the door.

Wagtail validates most parameters itself; these are the ones that got through
to a 500 in our bad-input table (tests/test_api_bad_input.py): a NUL byte
(SQLite's full-text search chokes on it), a search of thousands of words
(the query parser recurses per word), an offset beyond what the database's
integers hold, and a non-numeric ``id`` on v2's find endpoint. Each gets the
error format of its API version: 400 ``{"message"}`` in v2, 422
problem+json in v3.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

# Far beyond any listing this site will have, and far below the 64-bit limit.
MAX_OFFSET = 1_000_000
# Wagtail's query parser recurses once per word: thousands of words overflow the stack.
MAX_SEARCH_LENGTH = 200


def _problem(request, param, message):
    if request.path_info.startswith("/api/v3/"):
        return JsonResponse(
            {
                "type": "about:blank",
                "title": "Unprocessable Entity",
                "status": 422,
                "detail": "Validation failed",
                "errors": [{"type": "value_error", "loc": ["query", param], "msg": message}],
            },
            status=422,
            content_type="application/problem+json",
        )
    return JsonResponse({"message": message}, status=400)


def check_parameters(params):
    """Return ``(param, message)`` for the first parameter we refuse, else None."""
    for name, values in params.lists():
        if any("\x00" in value for value in values):
            return name, _("Null characters are not allowed in %(param)s.") % {"param": name}
    offset = params.get("offset", "")
    if offset.isdigit() and int(offset) > MAX_OFFSET:
        return "offset", _("offset cannot be higher than %(max)d.") % {"max": MAX_OFFSET}
    if len(params.get("search", "")) > MAX_SEARCH_LENGTH:
        return "search", _("search cannot be longer than %(max)d characters.") % {"max": MAX_SEARCH_LENGTH}
    page_id = params.get("id")
    if page_id is not None and not page_id.isdigit():
        return "id", _("id must be a positive integer.")
    return None


class APIRequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            refused = check_parameters(request.GET)
            if refused:
                return _problem(request, *refused)
        return self.get_response(request)


def api_not_found(request, *args, **kwargs):
    """Any other address under /api/ answers in JSON, not with the site's HTML 404 page."""
    return JsonResponse({"message": _("Not found.")}, status=404)
