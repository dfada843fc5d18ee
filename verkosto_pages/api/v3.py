"""API v3 (``/api/v3/``): Wagtail's django-ninja API, with our listing filters.

Wagtail's page listing has no hook for extra filters, so ``install()`` swaps
its ``GET /pages/`` operation for ``list_pages`` below: the same steps in the
same order, with ``theme`` and ``status`` added to the filter schema (and so
to the OpenAPI document). Every other operation is Wagtail's own.

``install()`` also makes a page's ``meta.parent`` obey the caller's view:
Wagtail 8.0's v3 names the parent even when it is unpublished or restricted
(v2 checks it). And it refuses input that Wagtail 8.0's operations answer
with a 500 (found by tests/test_api_fuzz.py): copying or aliasing the root
page without a ``destination_id`` and moving a page beside the root (the root
has no parent), a ``site`` whose port is no number on find, a ``user_id`` that
no user id can be on a page's revisions, ``pk`` as a listing filter, a date
that is out of range in UTC as a filter, and a ``page_id`` that is no number
on a page's PATCH.
"""

import functools
from typing import Literal, Optional, cast

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
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
from wagtail.api.v3.schemas import pages as wagtail_page_schemas
from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
from wagtail.api.v3.schemas.params import APIFieldFilterSchema, OrderingSchema, SearchSchema
from wagtail.models import Page, Revision

from ..choices import ExpertGroupStatus
from .filters import FilterError, apply_network_filters, out_of_range

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
    if "pk" in request.GET:
        # Wagtail 8.0 lists "pk" among every page's filters, but no field has that
        # name: the filter failed with a 500 (found by tests/test_api_fuzz.py).
        raise _refuse(("query", "pk"), _("Filter pages by id, not by pk."))
    queryset = get_pages_queryset(request, model)
    queryset = filters.filter(queryset, request)
    filtered = field_filter.filter_queryset(queryset)
    if filtered is not queryset and (error := out_of_range(filtered)):
        raise _refuse(("query",), error)
    queryset = filtered
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


# Positions that put the moved page under the destination; any other puts it
# beside the destination, under the destination's parent.
CHILD_POSITIONS = ("first-child", "last-child", "sorted-child")


def _is_root(page_id):
    return Page.objects.filter(pk=page_id, depth=1).exists()


def _refuse(param, message):
    return as_validation_error(ValueError(message), message, loc=param)


def _check_copy(kwargs):
    if kwargs["data"].destination_id is None and _is_root(kwargs["page_id"]):
        message = _("The root page has no parent to copy it under: give destination_id.")
        raise _refuse(("body", "destination_id"), message)


def _check_move(kwargs):
    data = kwargs["data"]
    if data.position not in CHILD_POSITIONS and _is_root(data.destination_id):
        message = _("No page can be placed beside the root page: use position first-child or last-child.")
        raise _refuse(("body", "position"), message)


def _check_site(kwargs):
    site = kwargs.get("site")
    if site and ":" in site and not site.split(":", 1)[1].isdecimal():
        message = _("site must be a host name, or a host name and a port number: localhost:8000.")
        raise _refuse(("query", "site"), message)


def _check_revision_filters(kwargs):
    filters = kwargs["filters"]
    if filters.user_id is not None:
        try:
            get_user_model()._meta.pk.to_python(filters.user_id)
        except ValidationError:
            raise _refuse(("query", "user_id"), _("user_id must be the id of a user.")) from None
    if error := out_of_range(filters.filter(Revision.objects.all())):
        raise _refuse(("query",), error)


# Checks that run before Wagtail's view, by operation id: each of these
# operations answered some input with a 500 in Wagtail 8.0 (tests/test_api_fuzz.py).
OPERATION_CHECKS = {
    "pages_actions_copy": _check_copy,
    "pages_actions_create_alias": _check_copy,
    "pages_actions_move": _check_move,
    "pages_revisions_list": _check_revision_filters,
    "pages_find": _check_site,
}


def _checked(view_func, check):
    @functools.wraps(view_func)
    def view(request, *args, **kwargs):
        check(kwargs)
        return view_func(request, *args, **kwargs)

    return view


def _install_checks():
    for router in (wagtail_pages.router, wagtail_pages.actions_router):
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                check = OPERATION_CHECKS.get(operation.operation_id)
                if check:
                    operation.view_func = _checked(operation.view_func, check)


def _guard_page_type_lookup():
    """PATCH /pages/<page_id>/ looks up the page's type by the raw ``page_id``
    before django-ninja checks that it is a number, and "root" was a 500. A
    ``page_id`` that is no number now looks nothing up, and django-ninja
    refuses it with its usual 422."""
    model = wagtail_page_schemas.PageTypeInjectingBodyModel
    get_meta_type = model.get_meta_type.__func__

    def checked_get_meta_type(cls, request, api, path_params):
        try:
            int(path_params.get(cls.page_id_param))
        except (TypeError, ValueError):
            return ""
        return get_meta_type(cls, request, api, path_params)

    model.get_meta_type = classmethod(checked_get_meta_type)


def install():
    """Put ``list_pages`` in place of Wagtail's page listing; call before the URLs load."""
    _guard_parents()
    _install_checks()
    _guard_page_type_lookup()
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
