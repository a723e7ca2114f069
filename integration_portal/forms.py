"""Form pieces shared by every app."""

from functools import partial

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils.choices import CallableChoiceIterator
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
            elif isinstance(field, forms.ChoiceField) and not isinstance(field.choices, CallableChoiceIterator):
                # Choices computed on demand (cached reference lists) are left unread: reading them
                # here would cost the query the cache saves; they name their own empty choice.
                # The others are swapped when read, not here: reading and setting a list of some
                # 250 countries normalised it three times on every form made (issue 16), for
                # lists that a quick select (accounts.forms.QuickSelect) never reads to render.
                field.choices = CallableChoiceIterator(partial(_with_sentence, field.choices))


def _with_sentence(choices) -> list:
    choices = list(choices)
    if choices and choices[0] == ("", DASHES):
        return [("", _("Choisissez…")), *choices[1:]]
    return choices
