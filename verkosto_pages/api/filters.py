"""The listing filters of our own, ``theme=<slug>`` and ``status=<code>``, for both API versions.

An unknown value is an error with a message (400 in v2, 422 in v3), never a
quietly empty list: a consumer with a typo should find out at once.
"""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page, get_page_models

from ..choices import ExpertGroupStatus
from ..models import ExpertGroupPage, Theme
from ..models.mixins import ThemedMixin


class FilterError(ValueError):
    """A filter value the API cannot use; ``param`` names the query parameter."""

    def __init__(self, param, message):
        super().__init__(message)
        self.param = param


def themed_page_models():
    return [model for model in get_page_models() if issubclass(model, ThemedMixin)]


def _pages_of(models, **lookups):
    """Match pages of any of ``models`` that meet ``lookups``, on a base-Page queryset."""
    condition = Q(pk__in=[])
    for model in models:
        condition |= Q(pk__in=model.objects.filter(**lookups).values("pk"))
    return condition


def filter_by_theme(queryset, slug):
    """Pages about the theme ``slug``; on a listing of all pages, only page types with themes."""
    theme = Theme.objects.filter(slug=slug).first()
    if theme is None:
        known = ", ".join(Theme.objects.order_by("sort_order", "name").values_list("slug", flat=True))
        raise FilterError("theme", _("Unknown theme '%(value)s'. Known themes: %(known)s.") % {"value": slug, "known": known})
    model = queryset.model
    if issubclass(model, ThemedMixin):
        return queryset.filter(themes=theme)
    if model is Page:
        return queryset.filter(_pages_of(themed_page_models(), themes=theme))
    raise FilterError("theme", _("Pages of type %(type)s have no themes.") % {"type": model._meta.label})


def filter_by_status(queryset, code):
    """Expert groups in the status ``code``; other page types have no status."""
    if code not in ExpertGroupStatus.values:
        raise FilterError(
            "status",
            _("Unknown status '%(value)s'. Use one of: %(known)s.")
            % {"value": code, "known": ", ".join(ExpertGroupStatus.values)},
        )
    model = queryset.model
    if issubclass(model, ExpertGroupPage):
        return queryset.filter(status=code)
    if model is Page:
        return queryset.filter(_pages_of([ExpertGroupPage], status=code))
    raise FilterError("status", _("Pages of type %(type)s have no status.") % {"type": model._meta.label})


def out_of_range(queryset):
    """A message if a date the query filters by is out of range once in UTC, else None.

    A date and time in year 1 or 9999 is valid, but no longer a date once turned to
    UTC (0001-01-01 00:00 in Helsinki is in year 0). Django raises only when the
    query is made into SQL, as the answer is being written, and on SQLite only:
    psycopg sends the offset along and PostgreSQL answers. Checking the values
    here gives both databases the same answer, an error.
    """
    for value in _filter_values(queryset.query.where):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            try:
                value.astimezone(datetime.timezone.utc)
            except OverflowError as error:
                return _("A value to filter by is out of range (%(error)s).") % {"error": error}
    return None


def _filter_values(node):
    for child in getattr(node, "children", ()):
        if hasattr(child, "children"):
            yield from _filter_values(child)
            continue
        rhs = getattr(child, "rhs", None)
        if isinstance(rhs, (list, tuple)):
            yield from rhs
        else:
            yield rhs


def apply_network_filters(queryset, params):
    """Apply ``theme`` and ``status`` from the query string, raising FilterError on bad values."""
    if params.get("theme") is not None:
        queryset = filter_by_theme(queryset, params["theme"])
    if params.get("status") is not None:
        queryset = filter_by_status(queryset, params["status"])
    return queryset
