"""API v3 (``/api/v3/``): Wagtail's django-ninja API, with our listing filters.

Wagtail's page listing has no hook for extra filters, so ``install()`` swaps
its ``GET /pages/`` operation for ``list_pages`` below: the same steps in the
same order, with ``theme`` and ``status`` added to the filter schema (and so
to the OpenAPI document). Every other operation is Wagtail's own.

``install()`` also makes a page's ``meta.parent`` obey the caller's view:
Wagtail 8.0's v3 names the parent even when it is unpublished or restricted
(v2 checks it).
"""

from typing import Literal, Optional, cast

from django.db.models import Model, Q
from django.http import HttpRequest
from ninja import Query
from ninja.pagination import paginate
from ninja.schema import Resolver
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import as_validation_error
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.querysets import get_pages_queryset
from wagtail.api.v3.registry import registry
from wagtail.api.v3.routers import pages as wagtail_pages
from wagtail.api.v3.schemas import BasePageSchema
from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
from wagtail.api.v3.schemas.params import APIFieldFilterSchema, OrderingSchema, SearchSchema

from ..choices import ExpertGroupStatus
from .filters import FilterError, apply_network_filters

LIST_OPERATION_ID = "pages_list"

StatusCode = Literal[tuple(ExpertGroupStatus.values)]  # ty: ignore[invalid-type-form]


class NetworkPageFilterSchema(wagtail_pages.PageFilterSchema):
    theme: Optional[str] = None
    status: Optional[StatusCode] = None

    # Applied in apply_custom_filters, where the listing's page type is known.
    def filter_theme(self, value):
        return Q()

    def filter_status(self, value):
        return Q()

    def apply_custom_filters(self, request, queryset):
        queryset = super().apply_custom_filters(request, queryset)
        try:
            return apply_network_filters(queryset, {"theme": self.theme, "status": self.status})
        except FilterError as error:
            raise as_validation_error(error, str(error), loc=("query", error.param)) from error


@paginate(WagtailLimitOffsetPagination, pass_parameter="pagination_info")  # noqa: S106
def list_pages(
    request: HttpRequest,
    filters: NetworkPageFilterSchema = Query(...),  # ty: ignore[call-non-callable]
    ordering: OrderingSchema = Query(...),  # ty: ignore[call-non-callable]
    search: SearchSchema = Query(...),  # ty: ignore[call-non-callable]
    **kwargs,
):
    pagination_info = cast(WagtailLimitOffsetPagination.Input, kwargs.get("pagination_info"))
    models = cast(list[type[Model]], filters.type)
    model = models[0] if len(models) == 1 else wagtail_pages.Page
    field_filter = APIFieldFilterSchema.with_exclude_schemas(
        raw_params=request.GET,
        schemas=(NetworkPageFilterSchema, OrderingSchema, SearchSchema),
        base_fields=BASE_PAGE_READ_FIELDS,
    )
    queryset = get_pages_queryset(request, model)
    queryset = filters.filter(queryset, request)
    queryset = field_filter.filter_queryset(queryset)
    queryset = ordering.order_queryset(queryset, pagination_info, base_fields=BASE_PAGE_READ_FIELDS)
    return search.search_queryset(request, queryset)


def visible_parent(obj, context):
    """The page's parent if the caller may see it, else null (as v2 does)."""
    parent = obj.get_parent()
    if parent is None or not get_pages_queryset(context["request"]).filter(pk=parent.pk).exists():
        return None
    return parent


def _guard_parents():
    # Each page type's detail schema copied Wagtail's parent resolver when it
    # was built; replace the copy in each (ninja keeps them per class).
    for model in wagtail_pages.page_models:
        registration = registry.get(model._meta.label)
        if registration and registration.read_schema:
            meta_schema = registration.read_schema.model_fields["meta"].annotation
            if "parent" in meta_schema._ninja_resolvers:
                meta_schema._ninja_resolvers["parent"] = Resolver(staticmethod(visible_parent))


def install():
    """Put ``list_pages`` in place of Wagtail's page listing; call before the URLs load."""
    _guard_parents()
    router = wagtail_pages.router
    path_view = router.path_operations["/"]
    path_view.operations = [
        operation
        for operation in path_view.operations
        if operation.operation_id != LIST_OPERATION_ID
    ]
    router.add_api_operation(
        "/",
        ["GET"],
        list_pages,
        response=list[BasePageSchema],
        url_name="list_pages",
        summary="List pages",
        description=(
            "Live, public pages (with a token: the pages its user may edit). "
            "`theme=<slug>` keeps pages about a theme; `status=<code>` keeps expert groups in a status."
        ),
        operation_id=LIST_OPERATION_ID,
        auth=[BearerTokenAuth(), AllowAnonymous()],
    )
