"""Time zones named in words for people: "Heure de Casablanca (Maroc)" rather than
"Africa/Casablanca". The city is the IANA name's last part; the country comes from the tz
database's own zone.tab (shipped by the pinned tzdata package) and is named by django-countries
in the active language."""

import csv
from functools import cache
from importlib import resources

from django.utils.translation import gettext
from django_countries import countries

# IANA spells cities without accents; the ones our participants meet most, as they are written.
CITY_SPELLING = {"Montreal": "Montréal", "Sao_Paulo": "São Paulo", "Bogota": "Bogotá"}


@cache
def zone_countries() -> dict[str, str]:
    """IANA zone -> ISO country code, from tzdata's zone.tab (one country per zone)."""
    with resources.files("tzdata.zoneinfo").joinpath("zone.tab").open(encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        # America/Montreal, the portal's own zone, is only a link to Toronto's in zone.tab.
        return {"America/Montreal": "CA"} | {row[2]: row[0] for row in rows if len(row) >= 3}


def zone_in_words(zone_name: str) -> str:
    zone_name = str(zone_name)
    if "/" not in zone_name:
        return gettext("Temps universel (UTC)") if zone_name in ("UTC", "Etc/UTC") else zone_name
    last = zone_name.rsplit("/", 1)[1]
    city = CITY_SPELLING.get(last, last.replace("_", " "))
    country_code = zone_countries().get(zone_name)
    if country_code:
        return gettext("Heure de %(city)s (%(country)s)") % {"city": city, "country": countries.name(country_code)}
    return gettext("Heure de %(city)s") % {"city": city}
