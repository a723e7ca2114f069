"""Form pieces shared by every app."""

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

DASHES = BLANK_CHOICE_DASH[0][1]  # "---------"


class SentencePlaceholdersMixin:
    """Lists offer a sentence ("Choisissez…") rather than Django's "---------" as their empty choice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == DASHES:
                    field.empty_label = _("Choisissez…")
            elif isinstance(field, forms.ChoiceField):
                choices = list(field.choices)
                if choices and choices[0] == ("", DASHES):
                    field.choices = [("", _("Choisissez…")), *choices[1:]]
