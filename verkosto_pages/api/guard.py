"""Query parameters that would reach the database as a crash are refused at the door.

Wagtail validates most parameters itself; these are the ones that got through
to a 500 in our bad-input table (tests/test_api_bad_input.py): a NUL byte
(SQLite's full-text search chokes on it), a search of thousands of words
(the query parser recurses per word), an offset or id beyond what the
database's integers hold, an unknown ``search_operator`` and a non-numeric
``id`` on v2's find endpoint. Each gets the error format of its API version:
400 ``{"message"}`` in v2, 422 problem+json in v3.

The middleware also answers HEAD on v3, which routes GET only.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from wagtail.api.v3.errors import problem_response

# Far beyond any listing this site will have, and far below the 64-bit limit.
MAX_OFFSET = 1_000_000
# Wagtail's query parser recurses once per word: thousands of words overflow the stack.
MAX_SEARCH_LENGTH = 200
# The largest value a database integer column holds; a bigger id can only overflow.
MAX_INTEGER = 2**63 - 1
SEARCH_OPERATORS = ("and", "or")


def _is_v3(request):
    return request.path_info.startswith("/api/v3/")


def _refused(request, param, message):
    if _is_v3(request):
        errors = [{"type": "value_error", "loc": ["query", param], "msg": message}]
        return problem_response(status=422, detail="Validation failed", errors=errors)
    return JsonResponse({"message": message}, status=400)


def _is_number(value):
    # str.isdigit() also accepts "²" and other digits int() rejects.
    return value.isascii() and value.isdigit()


def check_parameters(params):
    """Return ``(param, message)`` for the first parameter we refuse, else None."""
    for name, values in params.lists():
        if any("\x00" in value for value in values):
            return name, _("Null characters are not allowed in %(param)s.") % {"param": name}
        if any(_is_number(value) and int(value) > MAX_INTEGER for value in values):
            return name, _("%(param)s is too large.") % {"param": name}
    offset = params.get("offset", "")
    if _is_number(offset) and int(offset) > MAX_OFFSET:
        return "offset", _("offset cannot be higher than %(max)d.") % {"max": MAX_OFFSET}
    if len(params.get("search", "")) > MAX_SEARCH_LENGTH:
        return "search", _("search cannot be longer than %(max)d characters.") % {"max": MAX_SEARCH_LENGTH}
    if params.get("search_operator", "and") not in SEARCH_OPERATORS:
        return "search_operator", _("search_operator must be and or or.")
    page_id = params.get("id")
    if page_id is not None and not _is_number(page_id):
        return "id", _("id must be a positive integer.")
    return None


class APIRequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        refused = check_parameters(request.GET)
        if refused:
            return _refused(request, *refused)
        if request.method == "HEAD" and _is_v3(request):
            # django-ninja routes GET only; HEAD is the same answer without its body.
            request.method = "GET"
            response = self.get_response(request)
            request.method = "HEAD"
            if not response.streaming:
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
            return response
        return self.get_response(request)


def api_not_found(request, *args, **kwargs):
    """Any other address under /api/ answers in JSON, not with the site's HTML 404 page."""
    if _is_v3(request):
        return problem_response(status=404, detail=_("Not found."))
    return JsonResponse({"message": _("Not found.")}, status=404)
