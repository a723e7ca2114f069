"""{% caseload_rows rows detail_base %}: the caseload table's rows, rendered once per content.

Two hundred rows of ten cells were most of the coach's dashboard time (issue 12: under 50 ms),
and a coach reloads the same table many times a day. The HTML is cached under a digest of
everything it is made of (each row's shown values, the language, the time zone dates are shown
in, the links' base): a row that changes makes a new key, so a stale table is never served.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from integration_portal.versioned_cache import cached_fragment

register = template.Library()


@register.simple_tag
def caseload_rows(rows, detail_base: str):
    html = cached_fragment(
        "caseload-rows",
        ([row.shown for row in rows], detail_base),
        lambda: render_to_string("coaching/_caseload_rows.html", {"rows": rows, "detail_base": detail_base}),
    )
    return mark_safe(html)  # the template's own escaped output, cached as is
