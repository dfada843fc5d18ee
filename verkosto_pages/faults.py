"""What the site answers when something below it fails, and the load balancer's health check.

Django turns an exception anywhere in the middleware or view into a call to
``handler500`` while the exception is still being handled, so the handler can
tell a database outage (503, try again later) from a bug (500). Neither shows
a traceback. The API answers in its own error format; pages answer with a
plain page that needs no database.
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views import defaults

from .api.guard import api_error

# Connection refused, lost or timed out: the server cannot do its work, but will again.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request):
    if isinstance(sys.exc_info()[1], OUTAGE_ERRORS):
        return service_unavailable(request)
    if request.path_info.startswith("/api/"):
        return api_error(request, 500, _("Internal server error. The error has been recorded."))
    return defaults.server_error(request)


def service_unavailable(request):
    if request.path_info.startswith("/api/"):
        response = api_error(
            request, 503, _("The service cannot reach its database. Try again in a few minutes.")
        )
    else:
        response = defaults.server_error(request, template_name="503.html")
        response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception):
    """A malformed or oversized request (Django's RequestDataTooBig and the like)."""
    if request.path_info.startswith("/api/"):
        return api_error(request, 400, _("The request was malformed or too large."))
    return defaults.bad_request(request, exception)


@never_cache
def healthz(request):
    """200 while the database answers, else 503: a load balancer takes the server out of use.

    No page data: the check must stay cheap and say nothing about the content.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
