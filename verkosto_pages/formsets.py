"""A tampered row id in the page editor is a form error, not a server error.

modelcluster builds each posted row of an inline panel (members, goals,
coordinators) from its id field and crashes on an id that is not a number, or
on a row with no id at all, where Django's own formsets treat such a row as
new. Here the row is built as new, and the row's id field still sees what was
sent, so it refuses the value with the usual "select a valid choice" error and
nothing is saved.
"""

from django.core.exceptions import ValidationError
from modelcluster.forms import BaseTransientModelFormSet

_construct_form = BaseTransientModelFormSet._construct_form


def _construct_form_refusing_bad_ids(self, i, **kwargs):
    try:
        return _construct_form(self, i, **kwargs)
    except (ValidationError, KeyError):
        sent = self.data
        self.data = sent.copy()
        self.data[f"{self.add_prefix(i)}-{self.model._meta.pk.name}"] = ""
        try:
            form = _construct_form(self, i, **kwargs)
        finally:
            self.data = sent
        form.data = sent
        return form


def install():
    BaseTransientModelFormSet._construct_form = _construct_form_refusing_bad_ids
