"""A choice field's label for a value, from the field's labels built once per language.

get_FOO_display() builds the dict of the whole choice list at every call: the 250 countries of
a country field each time a profile or an export showed one (issue 16).
"""

import functools

from django.utils.hashable import make_hashable
from django.utils.translation import get_language


@functools.cache
def _labels(model, field_name: str, language: str | None) -> dict:
    field = model._meta.get_field(field_name)
    return {make_hashable(value): str(label) for value, label in field.flatchoices}


def choice_label(model, field_name: str, value, default=None) -> str:
    """The label of `value` in the active language; `default` (else the value) when it has none."""
    found = _labels(model, field_name, get_language()).get(make_hashable(value))
    if found is not None:
        return found
    return value if default is None else default
