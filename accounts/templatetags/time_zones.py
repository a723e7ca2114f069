"""Times for people in many zones.

- `{{ zone|zone_in_words }}`: a time zone as people say it ("Heure de Casablanca (Maroc)").
- `{% moment_with_montreal value %}`: a moment in the reader's zone (the active one), with
  Montréal's time beside it when the two differ; for pages where people of several zones meet
  (the forum), as the coaching pages do for interviews.
"""

from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from integration_portal.timezones import zone_in_words as name_zone

register = template.Library()


@register.filter
def zone_in_words(zone) -> str:
    return name_zone(str(zone))


@register.simple_tag
def moment_with_montreal(value, link: str = "") -> str:
    """`link`: the reader's time only is a link there (a post's permalink), Montréal's stays plain text."""
    if value is None:
        return ""
    own = timezone.localtime(value)
    html = format_html('<time datetime="{}">{}</time>', own.isoformat(), date_format(own, "SHORT_DATETIME_FORMAT"))
    if link:
        html = format_html('<a href="{}">{}</a>', link, html)
    montreal = timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))
    # Compared by the clock, not the zone's name: Toronto's readers need no second time.
    if own.utcoffset() == montreal.utcoffset():
        return html
    # The date too when Montréal is on another day than the reader.
    shown = date_format(montreal, "TIME_FORMAT" if own.date() == montreal.date() else "SHORT_DATETIME_FORMAT")
    return format_html('{} <span class="moment-montreal">({})</span>', html, _("%(time)s à Montréal") % {"time": shown})
