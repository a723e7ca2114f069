from django import template

from forum.notify_cache import cached_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def forum_unread_count(context) -> int | None:
    """The unread notification count from the cache (no database query on every page); None
    when the cache has none yet: the page script then asks the server for it."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return None
    return cached_unread_count(user.pk)
