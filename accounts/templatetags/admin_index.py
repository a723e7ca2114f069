"""{% admin_app_list app_list %}: the admin index's table of sections and models, rendered once
per kind of person, language and page (issue 16).

A hundred models made the table most of the index's time. The list comes from
accounts.admin_site.PortalAdminSite.get_app_list, whose key (language, who asks, the registry)
says everything the table shows; the page's path is added because the table marks the current
section. A list without a key (another site) is rendered as Django renders it.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from accounts.admin_site import MAX_APP_LISTS
from integration_portal.process_memo import ProcessMemo

register = template.Library()

_rendered = ProcessMemo(max_entries=MAX_APP_LISTS)


def _render(app_list, request) -> str:
    return render_to_string("admin/app_list.html", {"app_list": app_list, "show_changelinks": True, "request": request})


@register.simple_tag(takes_context=True)
def admin_app_list(context, app_list) -> str:
    request = context.get("request")
    cache_key = getattr(app_list, "cache_key", None)
    if not cache_key or request is None:
        return _render(app_list, request)
    html = _rendered.get((cache_key, request.path), lambda: _render(app_list, request))
    return mark_safe(html)  # rendered by the template engine, which escaped what it had to
