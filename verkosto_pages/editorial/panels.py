"""The admin dashboard's review reminder."""

from django.template.loader import get_template
from django.urls import reverse
from wagtail.admin.ui.components import Component

from . import review
from .views import can_read_member_lists, decorate_review_rows

# The panel shows the most urgent pages; the report lists them all.
PANEL_LIMIT = 10


class ReviewDuePanel(Component):
    name = "review_due"
    template_name = "verkosto_pages/admin/review_panel.html"
    order = 150  # above the workflow panels: a due review is the editors' own task

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        due = review.pages_due_for_review()
        pages = list(due[:PANEL_LIMIT])
        return {
            "pages": decorate_review_rows(pages, self.request.user),
            "total": len(pages) if len(pages) < PANEL_LIMIT else due.count(),
            "report_url": reverse("verkosto_review_report"),
        }

    def render_html(self, parent_context=None):
        # Nothing due, or a user who may not read member lists: no panel at all.
        if not can_read_member_lists(self.request.user):
            return ""
        context = self.get_context_data(parent_context)
        if not context["pages"]:
            return ""
        return get_template(self.template_name).render(context)
