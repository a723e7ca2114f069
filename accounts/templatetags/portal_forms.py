"""{% cached_crispy form "reference" %}: a GET filter form rendered by crispy-forms once per state.

A filter form's HTML depends only on its class, its data (the query string), its initial values,
the language and the choice lists; those lists come from reference tables whose versions the tag
names (accounts.choices' "reference", content's "themes"…). Rendering the widgets through
templates cost a third of the offers page (issue 16): the same HTML for everyone who filters the
same way. Never for forms that carry a person's data or a CSRF token (POST forms).
"""

import hashlib

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from integration_portal.process_memo import ProcessMemo
from integration_portal.versioned_cache import versions

register = template.Library()

TIMEOUT = 3600


def form_state(form) -> str:
    """Everything the form's HTML is made of, but the choice lists (named by their versions)."""
    data = sorted((name, form.data.getlist(name) if hasattr(form.data, "getlist") else form.data.get(name))
                  for name in form.fields if name in form.data) if form.is_bound else None  # fmt: skip
    initial = sorted((name, repr(value)) for name, value in form.initial.items())
    return repr((type(form).__module__, type(form).__qualname__, form.prefix, data, initial, get_language()))


@register.simple_tag
def cached_crispy(form, *version_names: str):
    key = "crispy:" + hashlib.sha256((form_state(form) + versions(*version_names)).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = str(as_crispy_form(form))
        cache.set(key, html, timeout=TIMEOUT)
    return mark_safe(html)  # crispy-forms' own escaped output, cached as is


# (form_state) -> HTML of empty forms: the same for everyone, bounded like the page chrome's memo.
_empty_forms = ProcessMemo(max_entries=256)


@register.simple_tag
def empty_form_crispy(form):
    """An unbound form's crispy HTML, rendered once per process, class, initial values and language
    (a POST form's CSRF token stays outside, in the page). A bound form (sent back with its
    errors) holds what the person typed: rendered each time, never kept."""
    if form.is_bound:
        return as_crispy_form(form)
    html = _empty_forms.get(form_state(form), lambda: str(as_crispy_form(form)))
    return mark_safe(html)  # crispy-forms' own escaped output, kept as is


# A digest of what an empty form's field is made of -> its crispy HTML (this process's memory only).
_empty_fields = ProcessMemo(max_entries=1024)


def _field_state(bound) -> str | None:
    """Everything a field's HTML is made of (its errors too, when its form is bound), or None when
    it cannot be told cheaply (a model field's choices not yet read: reading them is the query to
    avoid)."""
    field, widget = bound.field, bound.field.widget
    choices = getattr(widget, "choices", ())
    if choices and not isinstance(choices, (list, tuple)):
        return None
    form = bound.form
    state = (
        type(form).__module__, type(form).__qualname__, form.prefix, bound.name, bound.auto_id, repr(bound.value()),
        str(field.label), str(field.help_text), field.required, field.disabled, type(widget).__qualname__,
        repr(sorted(widget.attrs.items())), getattr(widget, "reference_list", None), repr(choices), get_language(),
        tuple(str(error) for error in bound.errors) if form.is_bound else None,
    )  # fmt: skip
    return hashlib.sha256(repr(state).encode()).hexdigest()


@register.simple_tag
def empty_form_field_crispy(bound):
    """{{ field|as_crispy_field }} for a field of an unbound form, rendered once per process and
    content: the occupation step renders its five fields through crispy's templates on each
    search (issue 16). The key is a digest of the field's label, help, widget, choices, value and
    language (what a person chose is only part of a digest, kept in this process's memory, never
    in Redis). A bound form's fields (sent back with errors) are rendered each time."""
    state = None if bound.form.is_bound else _field_state(bound)
    if state is None:
        return as_crispy_field(bound)
    html = _empty_fields.get(state, lambda: str(as_crispy_field(bound)))
    return mark_safe(html)  # crispy-forms' own escaped output, kept as is


@register.simple_tag
def search_field_crispy(bound):
    """{{ field|as_crispy_field }} for a field of a GET form (a search box and its kind): the same
    HTML for everyone who searched the same words, kept in this process's memory under a digest
    of the field, its value and its errors (crispy's templates were 40 % of a content search
    served from its cache). Never for a POST form: what a person sends of their own is rendered
    each time."""
    state = _field_state(bound)
    if state is None:
        return as_crispy_field(bound)
    html = _empty_fields.get(state, lambda: str(as_crispy_field(bound)))
    return mark_safe(html)  # crispy-forms' own escaped output, kept as is
