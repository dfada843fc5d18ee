"""A tampered row in the page editor is a form error, not a server error.

modelcluster builds each posted row of an inline panel (members, goals,
coordinators) from its id field and crashes on an id that is not a number, or
on a row with no id at all. Here such a row is built as new, and refused:
the row's id field still sees the bad value and answers with the usual
"select a valid choice" error; a row sent without an id gets an error of its
own (saved as new, it would have copied the member it stood for). Either way
nothing is saved.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from modelcluster.forms import BaseTransientModelFormSet

_construct_form = BaseTransientModelFormSet._construct_form


def _construct_form_refusing_bad_ids(self, i, **kwargs):
    try:
        return _construct_form(self, i, **kwargs)
    except (ValidationError, KeyError) as error:
        sent = self.data
        self.data = sent.copy()
        self.data[f"{self.add_prefix(i)}-{self.model._meta.pk.name}"] = ""
        try:
            form = _construct_form(self, i, **kwargs)
        finally:
            self.data = sent
        form.data = sent
        if isinstance(error, KeyError):
            _refuse_missing_id(form)
        return form


def _refuse_missing_id(form):
    clean = form.clean

    def clean_refusing():
        form.add_error(None, _("This row was sent without its id. Reload the page and make the change again."))
        return clean()

    form.clean = clean_refusing


def install():
    BaseTransientModelFormSet._construct_form = _construct_form_refusing_bad_ids
