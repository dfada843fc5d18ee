"""Query parameters that would reach the database as a crash are refused at the door.

Wagtail validates most parameters itself; these are the ones that got through
to a 500 in our bad-input table (tests/test_api_bad_input.py) or in the
fuzzer (tests/test_api_fuzz.py): a NUL byte (SQLite's full-text search chokes
on it), a search of thousands of words (the query parser recurses per word)
or of only white space (the backend builds a query of no words), a number
beyond what the database's integers hold (also signed, spaced or thousands of
digits long, which int() reads or refuses with a ValueError), an unknown
``search_operator`` and a non-numeric ``id`` on v2's find endpoint.
Each gets the error format of its API version: 400 ``{"message"}`` in v2, 422
problem+json in v3.

Before any of that, a query string longer than a sane request needs is a 414
and more parameters than any listing takes a 400, in both formats: Django
would otherwise parse tens of thousands of them, or answer its own HTML 400.
An id in the address beyond the database's integers is a 404 (with ``?type=``
v2 looked it up and overflowed). A v3 write whose JSON body is not an object
(``[]``, ``"x"``) is a 422: Wagtail 8.0 picks the page type from
``body["meta"]`` and fails on anything else.

The middleware also answers HEAD on v3, which routes GET only, and turns
django-ninja's plain-text 405 for a method an address does not take into
problem+json.
"""

import re

from django.core.exceptions import TooManyFieldsSent
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
# Longer than any sane request, and gunicorn's own limit for the whole request line.
MAX_QUERY_STRING_LENGTH = 4096
# A request with every filter, field and ordering of the API has a few dozen.
MAX_PARAMETERS = 100
# What int() reads as an integer: any digits, a sign, spaces around, underscores between.
INTEGER = re.compile(r"\s*[+-]?\d+(?:_\d+)*\s*")
MAX_INTEGER_DIGITS = len(str(MAX_INTEGER))


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


def is_too_large(value):
    """True for a number, as int() reads it, that no database integer holds."""
    if not INTEGER.fullmatch(value):
        return False
    digits = "".join(character for character in value if character.isdigit()).lstrip("0")
    if len(digits) > MAX_INTEGER_DIGITS:
        return True  # Python refuses to convert thousands of digits; the count alone settles it
    try:
        return abs(int(value)) > MAX_INTEGER
    except ValueError:  # around the digits a space that int() does not strip ("0\x1f")
        return False


def api_error(request, status, message):
    """An error in the format of the request's API version: problem+json in v3,
    ``{"message"}`` in v2. For a request refused as a whole, not one parameter in it."""
    if _is_v3(request):
        return problem_response(status=status, detail=message)
    return JsonResponse({"message": message}, status=status)


def check_size(request):
    """Return ``(status, message)`` if the query string is too long or has too many parameters."""
    length = len(request.META.get("QUERY_STRING", ""))
    if length > MAX_QUERY_STRING_LENGTH:
        message = _("The query string is too long (%(length)d characters); at most %(max)d are allowed.")
        return 414, message % {"length": length, "max": MAX_QUERY_STRING_LENGTH}
    try:
        count = sum(len(values) for name, values in request.GET.lists())
    except TooManyFieldsSent:  # more than DATA_UPLOAD_MAX_NUMBER_FIELDS
        count = MAX_PARAMETERS + 1
    if count > MAX_PARAMETERS:
        message = _("Too many query parameters; at most %(max)d are allowed.")
        return 400, message % {"max": MAX_PARAMETERS}
    return None


def check_parameters(params):
    """Return ``(param, message)`` for the first parameter we refuse, else None."""
    for name, values in params.lists():
        if any("\x00" in value for value in values):
            return name, _("Null characters are not allowed in %(param)s.") % {"param": name}
        if any(is_too_large(value) for value in values):
            return name, _("%(param)s is too large.") % {"param": name}
    offset = params.get("offset", "")
    if _is_number(offset) and int(offset) > MAX_OFFSET:
        return "offset", _("offset cannot be higher than %(max)d.") % {"max": MAX_OFFSET}
    search = params.get("search", "")
    if len(search) > MAX_SEARCH_LENGTH:
        return "search", _("search cannot be longer than %(max)d characters.") % {"max": MAX_SEARCH_LENGTH}
    if search and not search.split():
        # Only spaces: the search backend builds a query of no words, and fails.
        return "search", _("search must contain at least one word.")
    if params.get("search_operator", "and") not in SEARCH_OPERATORS:
        return "search_operator", _("search_operator must be and or or.")
    page_id = params.get("id")
    if page_id is not None and not _is_number(page_id):
        return "id", _("id must be a positive integer.")
    return None


def check_body(request):
    """Return ``(status, message)`` if a v3 write's JSON body is refused, else None.

    Every v3 request body is a JSON object (see the OpenAPI document), so a body
    that does not start with ``{`` is wrong whatever follows; django-ninja
    explains malformed JSON itself, and Django refuses a body over its size
    limit (``RequestDataTooBig``, a 400 from ``verkosto_pages.faults``).
    """
    if not _is_v3(request) or request.method not in ("POST", "PUT", "PATCH"):
        return None
    if request.content_type != "application/json":
        return None
    body = request.body.lstrip(b" \t\r\n")
    if body and not body.startswith(b"{"):
        return 422, _("The request body must be a JSON object.")
    return None


def names_nothing(request):
    """True if the address holds an id beyond what the database's integers hold."""
    return any(is_too_large(segment) for segment in request.path_info.split("/"))


def method_not_allowed(request, response):
    """django-ninja answers a method an address does not take in plain text; v3 answers JSON."""
    message = _("%(method)s is not allowed at this address. Allowed: %(allowed)s.") % {
        "method": request.method,
        "allowed": response.get("Allow", ""),
    }
    answer = problem_response(status=405, detail=message)
    if response.has_header("Allow"):
        answer["Allow"] = response["Allow"]
    return answer


class APIRequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        too_big = check_size(request)
        if too_big:
            return api_error(request, *too_big)
        refused = check_parameters(request.GET)
        if refused:
            return _refused(request, *refused)
        if names_nothing(request):
            return api_not_found(request)
        bad_body = check_body(request)
        if bad_body:
            return api_error(request, *bad_body)
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
        response = self.get_response(request)
        plain = "json" not in response.get("Content-Type", "")
        if response.status_code == 405 and _is_v3(request) and plain:
            return method_not_allowed(request, response)
        return response


def api_not_found(request, *args, **kwargs):
    """Any other address under /api/ answers in JSON, not with the site's HTML 404 page."""
    return api_error(request, 404, _("Not found."))
