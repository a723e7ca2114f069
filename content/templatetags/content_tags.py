from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from integration_portal.versioned_cache import cached_fragment

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """Seconds as m:ss (or h:mm:ss)."""
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def get_answer(answers, checkpoint_pk):
    return answers.get(checkpoint_pk)


@register.simple_tag
def choice_checked(answer, selected, checkpoint_pk, choice_pk) -> str:
    """ " checked" when the person chose it: what they just sent, or else their saved answer."""
    if checkpoint_pk in selected:
        return " checked" if choice_pk in selected[checkpoint_pk] else ""
    if answer is not None and any(choice.pk == choice_pk for choice in answer.choices.all()):
        return " checked"
    return ""


@register.simple_tag
def organisation_cards(organisations):
    """A page of the organisations list, rendered once per content (issue 16): twenty cards of
    links and translated service names, the same for everyone who filters the same way. The key
    is a digest of everything the cards show and the language: a change makes a new key."""
    organisations = list(organisations)
    shown = [
        (
            organisation.pk, organisation.slug, organisation.name, organisation.is_active, organisation.municipality,
            organisation.region.name, organisation.phone, [service.service for service in organisation.services.all()],
        )
        for organisation in organisations
    ]  # fmt: skip
    html = cached_fragment(
        "organisation-cards",
        shown,
        lambda: render_to_string("content/_organisation_cards.html", {"organisations": organisations}),
    )
    return mark_safe(html)  # the template's own escaped output, cached as is
