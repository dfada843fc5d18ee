"""API v2 (``/api/v2/``): Wagtail's read-only endpoints, with our filters and listing prefetches."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.validators import SiteFilterValidator
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from ..restrictions import page_view_restrictions
from .filters import FilterError, apply_network_filters, out_of_range


class NetworkFilter(BaseFilterBackend):
    """``theme=<slug>`` and ``status=<code>``; an unknown value is a 400 with a message."""

    def filter_queryset(self, request, queryset, view):
        try:
            return apply_network_filters(queryset, request.GET)
        except FilterError as error:
            raise BadRequestError(str(error)) from error


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's ``?<field>=<value>`` filter, with a 400 instead of a 500 for a value
    the field cannot hold (``review_due=tomorrow``) or the database cannot take
    (``first_published_at=0001-01-01``)."""

    def filter_queryset(self, request, queryset, view):
        try:
            filtered = super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError, TypeError) as error:
            raise BadRequestError(f"field filter error: {error}") from error
        if filtered is not queryset and (error := out_of_range(filtered)):
            raise BadRequestError(error)
        return filtered


class ErrorsSayWhatMixin:
    """Errors that DRF answers itself come in v2's ``{"message"}`` format, and say what was wrong.

    DRF answers an unknown ``?format=`` with an empty 404, an Accept header it
    cannot meet with ``{"detail"}`` and a detail view it cannot find (with
    ``?search=``) with an empty 404; Wagtail passes all three through.
    """

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as error:
            message = _("Unknown format '%(value)s'. The API answers in JSON: leave format out or use format=json.")
            raise BadRequestError(message % {"value": request.query_params.get("format", "")}) from error

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        data = response.data if isinstance(response.data, dict) else {}
        if isinstance(exc, APIException) and "detail" in data:
            response.data = {"message": str(data["detail"])}
        elif isinstance(exc, Http404) and not str(exc):
            # DRF's get_object_or_404 raises a bare Http404 (a detail view with ?search=).
            response.data = {"message": _("Not found.")}
        return response


class NetworkPagesAPIViewSet(ErrorsSayWhatMixin, PagesAPIViewSet):
    # Ours run first, then Wagtail's field filter; search stays last, as it must.
    filter_backends = [NetworkFilter, CheckedFieldsFilter] + [
        backend for backend in PagesAPIViewSet.filter_backends if backend is not FieldsFilter
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["theme", "status"])

    def requested_models(self):
        try:
            return page_models_from_string(self.request.GET["type"]) if self.request.GET.get("type") else []
        except (LookupError, ValueError) as error:
            raise BadRequestError("type doesn't exist") from error

    def find_object(self, queryset, request):
        # With ?type=, the queryset is of that type, whose DoesNotExist is no
        # Page.DoesNotExist (our page types inherit Page through abstract mixins),
        # so Wagtail's find_view let ?id=<a page of another type> through as a 500.
        try:
            return super().find_object(queryset, request)
        except ObjectDoesNotExist:
            return None

    def get_base_queryset(self):
        # Wagtail asks for it up to three times per request, each reading every view
        # restriction; one view instance serves one request, so the first answer stands.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = self.public_pages()
        return self._base_queryset.all()

    def public_pages(self, model=Page):
        """Wagtail's public pages of the request's site, with the site as a path range.

        Wagtail selects the site's pages with ``path LIKE '<root>%'``, which
        neither SQLite nor PostgreSQL (outside the C collation) can answer from
        the path index: every listing and its count read all pages. A range on
        the same paths is the same set, read from the index.
        """
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return super().get_base_queryset()  # other language trees: Wagtail's own way
        try:
            site = SiteFilterValidator(site=self.request.GET.get("site"), request=self.request).site_obj
        except ValueError as error:
            raise BadRequestError(str(error)) from error
        if site is None:
            return model.objects.none()
        root = site.root_page
        last_descendant = root.path + "Z" * (Page._meta.get_field("path").max_length - len(root.path))
        queryset = model.objects.live().filter(path__range=(root.path, last_descendant))
        for restriction in page_view_restrictions():
            if not restriction.accept_request(self.request):
                queryset = queryset.exclude(path__startswith=restriction.page.path)
        return queryset

    def get_queryset(self):
        models = self.requested_models()
        if len(models) == 1 and not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            # Wagtail filters the type's table by "id in (every public page of the
            # site)", reading all of them; the same conditions on the type's own
            # rows read only those (docs/performance.md).
            queryset = self.public_pages(models[0])
        else:
            queryset = super().get_queryset()
        # A listing fetches each page's related rows up front (the locale for
        # every listing; more for one page type with fields=*), so a listing
        # costs the same for 1 page or 20.
        queryset = queryset.select_related("locale")
        prefetch = getattr(queryset.model, "prefetch_listing", None)
        return prefetch(queryset) if prefetch else queryset


class NetworkImagesAPIViewSet(ErrorsSayWhatMixin, ImagesAPIViewSet):
    pass


class NetworkDocumentsAPIViewSet(ErrorsSayWhatMixin, DocumentsAPIViewSet):
    pass


router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", NetworkPagesAPIViewSet)
router.register_endpoint("images", NetworkImagesAPIViewSet)
router.register_endpoint("documents", NetworkDocumentsAPIViewSet)
