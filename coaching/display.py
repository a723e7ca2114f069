"""Times written out for two people who meet across time zones: each one's own, Montréal's beside it."""

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def zone_label(zone_key: str) -> str:
    """A zone's city as people say it: "Casablanca", "Port-au-Prince", "São Paulo"; the portal's own is Montréal."""
    if zone_key == settings.TIME_ZONE:
        return _("Montréal")
    city = zone_key.rsplit("/", 1)[-1].replace("_", " ")
    return {"Sao Paulo": "São Paulo"}.get(city, city)


def format_day_time(moment: datetime, zone_key: str) -> str:
    """E.g. "mardi 16 mars 2027, 14 h 00" / "Tuesday, March 16, 2027, 2:00 p.m." in that zone."""
    local = moment.astimezone(ZoneInfo(zone_key))
    return dateformat.format(local, pgettext("date and time of an interview", r"l j F Y, G \h i"))


def format_time(moment: datetime, zone_key: str) -> str:
    local = moment.astimezone(ZoneInfo(zone_key))
    return dateformat.format(local, pgettext("time of an interview", r"G \h i"))


@dataclass(frozen=True)
class TwoZones:
    """One moment, for the person (their zone) and for Montréal."""

    own: str  # "mardi 16 mars 2027, 14 h 00"
    own_zone: str  # "Casablanca"
    montreal: str  # "9 h 00" (with the date when it differs)
    montreal_zone: str
    same_zone: bool

    def __str__(self) -> str:
        if self.same_zone:
            return f"{self.own} ({self.own_zone})"
        return _("%(own)s (%(own_zone)s) · %(montreal)s à %(montreal_zone)s") % {
            "own": self.own,
            "own_zone": self.own_zone,
            "montreal": self.montreal,
            "montreal_zone": self.montreal_zone,
        }


def two_zones(moment: datetime, zone_key: str) -> TwoZones:
    montreal_zone = settings.TIME_ZONE
    own_day = moment.astimezone(ZoneInfo(zone_key)).date()
    montreal_day = moment.astimezone(ZoneInfo(montreal_zone)).date()
    montreal = format_time(moment, montreal_zone) if own_day == montreal_day else format_day_time(moment, montreal_zone)
    return TwoZones(
        own=format_day_time(moment, zone_key),
        own_zone=zone_label(zone_key),
        montreal=montreal,
        montreal_zone=zone_label(montreal_zone),
        same_zone=zone_key == montreal_zone,
    )


DEFAULT_WAKING = (time(8, 0), time(21, 0))


def within_waking_hours(starts_at: datetime, ends_at: datetime, zone_key: str, waking: tuple[time, time]) -> bool:
    zone = ZoneInfo(zone_key)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    return start.date() == end.date() and waking[0] <= start.time() and end.time() <= waking[1]
