"""Scheduled publishing without a cron job.

Wagtail publishes a page at its "go live" time and unpublishes it at its
"expiry" time only when ``manage.py publish_scheduled`` runs. A server with no
cron job would show an expired page, a privacy risk for content meant to end,
for as long as nobody ran it. This middleware runs Wagtail's own command from
the request cycle, at most once per ``SCHEDULED_PUBLISHING_INTERVAL`` seconds
for all server processes together (a shared cache key), and only when
something is due. It sits before the response cache, so the unpublishing
removes the page's cached answers before the request is looked up.
"""

import io
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision

logger = logging.getLogger(__name__)

LOCK_KEY = "scheduled-publishing:checked"


def something_is_due(now=None):
    now = now or timezone.now()
    return (
        Page.objects.filter(live=True, expire_at__lt=now).exists()
        or Revision.objects.filter(approved_go_live_at__lt=now).exists()
    )


_failing = False


def publish_due():
    """Publish and unpublish what is due, as ``manage.py publish_scheduled`` does. Never raises.

    A failure waits out the interval before the next try, like a success: with
    the database down every request would otherwise try again. Its traceback is
    logged once, until a run succeeds.
    """
    global _failing
    try:
        published = something_is_due()
        if published:
            call_command("publish_scheduled", stdout=io.StringIO())
    except Exception:  # a failed run must not fail the visitor's request
        if not _failing:
            logger.exception("Scheduled publishing failed; retrying every interval, logged again once it works")
        _failing = True
        return False
    if _failing:
        logger.warning("Scheduled publishing works again")
    _failing = False
    return published


class ScheduledPublishingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Per process: most requests skip even the shared cache.
        self.next_check = 0.0

    def __call__(self, request):
        interval = settings.SCHEDULED_PUBLISHING_INTERVAL
        if interval and time.monotonic() >= self.next_check:
            self.next_check = time.monotonic() + interval
            # add() is False when another process checked within the interval. None
            # means the cache is down (django-redis ignoring its errors): then each
            # process checks once per interval on its own.
            if cache.add(LOCK_KEY, True, timeout=interval) is not False:
                publish_due()
        return self.get_response(request)
