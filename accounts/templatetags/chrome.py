"""The page chrome that is the same for everyone who shares a language and a role: the main
navigation and the footer, rendered once per process and kept in memory (issue 16).

What they show changes only with the code and the translations (a deployment restarts the
processes) and with the navigation registry, whose items are part of the key. The per-person
parts of the header (the notification count, the log-out form's CSRF token) stay in base.html.
"""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from integration_portal.process_memo import ProcessMemo
from integration_portal.timezones import zone_in_words

register = template.Library()

# Bounded: languages × audiences × active item, and languages × zones × signed in or not.
_rendered = ProcessMemo(max_entries=512)


def _memo(key: tuple, render) -> str:
    return mark_safe(_rendered.get(key, render))  # rendered by the template engine, which escaped what it had to


@register.simple_tag(takes_context=True)
def main_navigation(context) -> str:
    """The main navigation (the items of the person's audiences), the current page's item marked."""
    items = tuple(context.get("nav_items") or ())
    if not items:
        return ""
    request = context.get("request")
    path = request.path if request is not None else ""
    active = path if any(url == path for url, _label in items) else ""
    key = ("nav", get_language(), tuple((url, str(label)) for url, label in items), active)
    return _memo(key, lambda: render_to_string("includes/main_navigation.html", {"nav_items": items, "active": active}))


@register.simple_tag(takes_context=True)
def portal_footer(context) -> str:
    """The footer: the ministry, the person's time zone in words, the legal links."""
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    zone = str(timezone.get_current_timezone())
    key = ("footer", get_language(), zone, signed_in)
    return _memo(
        key,
        lambda: render_to_string("includes/footer.html", {"zone_words": zone_in_words(zone), "signed_in": signed_in}),
    )
