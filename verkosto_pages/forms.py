"""Page editor forms: the rules that span several fields or a page's member rows.

A single field's rule lives on the model field; a rule about one row lives
in the row model's ``clean``. The rules here need the whole member list, or
the page's siblings, which only the page form sees. Each error is put on the
row and field the editor must change, so the message shows where it applies.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm

from .choices import ExpertGroupStatus, MembershipRole

# Roles a body has at most one of: the page shows the holder as "the" chair or convener.
SINGLE_SEAT_ROLES = {
    MembershipRole.CHAIR: _("A body has at most one chair. Give the other members another role."),
    MembershipRole.CONVENER: _(
        "A body has at most one convener. Give the other members another role."
    ),
}


def kept_rows(formset):
    """The valid rows of an inline formset that the editor did not delete, in their order."""
    rows = []
    for form in formset.forms:
        if not form.is_valid():
            continue  # an invalid row reports its own errors
        if form.instance.pk is None and not form.has_changed():
            continue  # an empty extra row is not a member
        if form.cleaned_data.get("DELETE"):
            continue
        rows.append(form)
    return sorted(rows, key=lambda form: form.cleaned_data.get("ORDER") or 0)


class MembershipPageForm(WagtailAdminPageForm):
    """For pages with a member list: one chair and one convener at most, and an
    organisation once per role."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("memberships")
        if formset is None:
            return cleaned_data
        seen_roles = set()
        seen_seats = set()
        for form in kept_rows(formset):
            role = form.cleaned_data.get("role")
            organisation = form.cleaned_data.get("organisation")
            if role in SINGLE_SEAT_ROLES:
                if role in seen_roles:
                    form.add_error("role", SINGLE_SEAT_ROLES[role])
                seen_roles.add(role)
            if organisation is not None:
                if (organisation.pk, role) in seen_seats:
                    form.add_error(
                        "organisation",
                        _(
                            "%(organisation)s is already a member in this role. An organisation "
                            "may appear twice only in different roles."
                        )
                        % {"organisation": organisation.name},
                    )
                seen_seats.add((organisation.pk, role))
        return cleaned_data

    def member_roles(self):
        """The roles in the member list being saved, or, on a form without the list
        (API v3 writes only the fields it was sent), in the page's current list."""
        formset = self.formsets.get("memberships")
        if formset is not None:
            return {form.cleaned_data.get("role") for form in kept_rows(formset)}
        if self.instance.pk is None:
            return set()
        return set(self.instance.memberships.values_list("role", flat=True))

    def value_of(self, name):
        """A field's new value, or the page's current one when the form leaves the field out."""
        if name in self.fields:
            return self.cleaned_data.get(name)
        return getattr(self.instance, name)


class ExpertGroupPageForm(MembershipPageForm):
    def clean(self):
        cleaned_data = super().clean()
        if (
            self.value_of("status") == ExpertGroupStatus.ACTIVE
            and not (self.value_of("convener_note") or "").strip()
            and MembershipRole.CONVENER not in self.member_roles()
        ):
            self.add_error(
                "convener_note" if "convener_note" in self.fields else None,
                _(
                    "An active group needs a convener: give one member the role Convener, "
                    "or say here why the group has none."
                ),
            )
        return cleaned_data


def promise_number_error(promise, parent, number, exclude=None):
    """The message when ``number`` is taken under ``parent``, or None."""
    taken_by = type(promise).sibling_with_number(parent, number, exclude=exclude)
    if taken_by is None:
        return None
    return _("Promise number %(number)s is already used in this plan by “%(title)s”.") % {
        "number": number,
        "title": taken_by.title,
    }


class ServicePromisePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        number = cleaned_data.get("number")
        # API v3 writes bind the form without a parent page.
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if number is None or parent is None:
            return cleaned_data
        error = promise_number_error(self.instance, parent, number, exclude=self.instance)
        if error:
            self.add_error("number", error)
        return cleaned_data


class ServicePromiseCopyForm(CopyForm):
    """Copying a promise into a plan that already has its number would duplicate it."""

    def clean(self):
        cleaned_data = super().clean()
        parent = cleaned_data.get("new_parent_page") or self.page.get_parent()
        promise = self.page.specific
        error = promise_number_error(promise, parent, promise.number)
        if error:
            self.add_error(
                "new_parent_page",
                _(
                    "%(error)s A copy keeps the number: copy the promise to a plan without "
                    "that number, or create a new promise instead."
                )
                % {"error": error},
            )
        return cleaned_data
