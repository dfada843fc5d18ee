"""Which pages are due for review: read by the dashboard panel and the review report.

Every page type with a review date (``ReviewMixin``) is read in one query
from ``Page``, its date coalesced from the page types' tables, so the
dashboard costs the same however many bodies and groups there are.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, get_page_models

OVERDUE = "overdue"
DUE_SOON = "due_soon"
SCHEDULED = "scheduled"
MISSING = "missing"

STATE_LABELS = {
    OVERDUE: _("Overdue"),
    DUE_SOON: _("Due soon"),
    SCHEDULED: _("Scheduled"),
    MISSING: _("No review date"),
}


def review_page_models():
    from ..models.mixins import ReviewMixin

    return [model for model in get_page_models() if issubclass(model, ReviewMixin)]


def soon_cutoff(today=None):
    """The last day that counts as "due soon" (``REVIEW_REMINDER_DAYS`` ahead, 30 by default)."""
    today = today or timezone.localdate()
    return today + datetime.timedelta(days=settings.REVIEW_REMINDER_DAYS)


def pages_with_review_dates(today=None):
    """Every page that has a review date field, annotated with ``review_due`` and ``review_state``."""
    today = today or timezone.localdate()
    models = review_page_models()
    dates = [F(f"{model._meta.model_name}__review_due") for model in models]
    review_due = Coalesce(*dates) if len(dates) > 1 else dates[0]
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return (
        Page.objects.filter(content_type__in=content_types.values())
        .annotate(review_due=review_due)
        .annotate(
            review_state=Case(
                When(review_due__isnull=True, then=Value(MISSING)),
                When(review_due__lt=today, then=Value(OVERDUE)),
                When(review_due__lte=soon_cutoff(today), then=Value(DUE_SOON)),
                default=Value(SCHEDULED),
                output_field=CharField(),
            )
        )
        .select_related("content_type", "latest_revision__user")
        # What the page's status ("live + draft", "scheduled", "in moderation") reads.
        .annotate_approved_schedule()
        .prefetch_workflow_states()
        .order_by(F("review_due").asc(nulls_last=True), "path")
    )


def pages_due_for_review(today=None):
    """Pages whose review date has passed or comes within the reminder period, earliest first."""
    return pages_with_review_dates(today).filter(review_state__in=[OVERDUE, DUE_SOON])
