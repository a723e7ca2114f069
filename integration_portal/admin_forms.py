"""Admin inline tables that screen readers can read.

Django's tabular inlines put each field's name in the column heading and none on the inputs
below it, so a screen reader announces "edit text" forty times (axe: label, select-name). Each
input of a row is named by its column and row: « Qualité, ligne 2 ».
"""

from django.forms import BaseFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext


class LabelledRowsFormSet(BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = gettext("nouvelle ligne") if index is None else gettext("ligne %(number)s") % {"number": index + 1}
        for field in form.fields.values():
            if field.widget.is_hidden:
                continue
            label = capfirst(field.label) if field.label else gettext("Supprimer")
            field.widget.attrs["aria-label"] = f"{label}, {row}"


class LabelledInlineMixin:
    """For an InlineModelAdmin (tabular ones above all): every input of every row labelled."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (LabelledRowsFormSet, formset), {})
