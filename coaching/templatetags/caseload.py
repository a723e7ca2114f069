"""{% caseload_rows rows detail_base %}: the caseload table's rows, rendered once per content.

Two hundred rows of ten cells were most of the coach's dashboard time (issue 12: under 50 ms),
and a coach reloads the same table many times a day. The HTML is cached under a digest of
everything it is made of (each row's shown values, the language, the time zone dates are shown
in, the links' base): a row that changes makes a new key, so a stale table is never served.
"""

import hashlib

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from integration_portal.versioned_cache import cached

register = template.Library()

TIMEOUT = 3600


@register.simple_tag
def caseload_rows(rows, detail_base: str):
    shown = repr(([row.shown for row in rows], get_language(), timezone.get_current_timezone_name(), detail_base))
    key = "caseload-rows:" + hashlib.sha256(shown.encode()).hexdigest()
    html = cached(
        key,
        lambda: render_to_string("coaching/_caseload_rows.html", {"rows": rows, "detail_base": detail_base}),
        timeout=TIMEOUT,
    )
    return mark_safe(html)  # the template's own escaped output, cached as is
