"""`{{ zone|zone_in_words }}`: a time zone as people say it ("Heure de Casablanca (Maroc)")."""

from django import template

from integration_portal.timezones import zone_in_words as name_zone

register = template.Library()


@register.filter
def zone_in_words(zone) -> str:
    return name_zone(str(zone))
