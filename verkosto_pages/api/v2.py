"""API v2 (``/api/v2/``): Wagtail's read-only endpoints, with our filters and listing prefetches."""

from django.core.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from .filters import FilterError, apply_network_filters


class NetworkFilter(BaseFilterBackend):
    """``theme=<slug>`` and ``status=<code>``; an unknown value is a 400 with a message."""

    def filter_queryset(self, request, queryset, view):
        try:
            return apply_network_filters(queryset, request.GET)
        except FilterError as error:
            raise BadRequestError(str(error)) from error


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's ``?<field>=<value>`` filter, with a 400 instead of a 500 for a value
    the field cannot hold (``review_due=tomorrow``)."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError, TypeError) as error:
            raise BadRequestError(f"field filter error: {error}") from error


class NetworkPagesAPIViewSet(PagesAPIViewSet):
    # Ours run first, then Wagtail's field filter; search stays last, as it must.
    filter_backends = [NetworkFilter, CheckedFieldsFilter] + [
        backend for backend in PagesAPIViewSet.filter_backends if backend is not FieldsFilter
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["theme", "status"])

    def get_base_queryset(self):
        # Wagtail asks for it up to three times per request, each reading every view
        # restriction; one view instance serves one request, so the first answer stands.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset.all()

    def get_queryset(self):
        # A listing fetches each page's related rows up front (the locale for
        # every listing; more for one page type with fields=*), so a listing
        # costs the same for 1 page or 20.
        queryset = super().get_queryset().select_related("locale")
        prefetch = getattr(queryset.model, "prefetch_listing", None)
        return prefetch(queryset) if prefetch else queryset


router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", NetworkPagesAPIViewSet)
router.register_endpoint("images", ImagesAPIViewSet)
router.register_endpoint("documents", DocumentsAPIViewSet)
