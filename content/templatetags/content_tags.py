from django import template

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
