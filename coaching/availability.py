"""Free interview slots, expanded per date from a coach's weekly wall-clock hours with zoneinfo.

Weekly hours are local wall-clock times in the coach's IANA zone ("Tuesdays 9:00-12:00
America/Montreal"). Each date is expanded on its own: 9:00 on that date in that zone, converted
to UTC only then. So a daylight-saving change never moves a coach's 9:00, a slot whose wall-clock
time does not exist (the spring-forward hour) is skipped, and bookings are compared in UTC.
These functions are pure: the selectors fetch the rows (a fixed number of queries).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Range = tuple[time, time]


@dataclass(frozen=True, order=True)
class Slot:
    starts_at: datetime  # aware, UTC
    ends_at: datetime

    @property
    def key(self) -> str:
        """The slot as sent in forms: its UTC start, e.g. "2027-03-16T13:00:00Z"."""
        return self.starts_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_slot_key(value: str) -> datetime | None:
    """The inverse of Slot.key; None for anything else (the form says the choice is not valid)."""
    try:
        parsed = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return None
    return parsed.replace(tzinfo=UTC)


def _merge(ranges: Iterable[Range]) -> list[Range]:
    merged: list[list[time]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _subtract(ranges: list[Range], cut: Range) -> list[Range]:
    result = []
    for start, end in ranges:
        if cut[1] <= start or cut[0] >= end:
            result.append((start, end))
            continue
        if start < cut[0]:
            result.append((start, cut[0]))
        if cut[1] < end:
            result.append((cut[1], end))
    return result


def open_ranges(*, day: date, weekly: Iterable, exceptions: Iterable) -> list[Range]:
    """The coach's open wall-clock ranges on this date: weekly hours, plus extra hours, minus absences."""
    ranges = [(hours.start_time, hours.end_time) for hours in weekly if hours.weekday == day.weekday()]
    todays = [exception for exception in exceptions if exception.date == day]
    ranges += [(e.start_time, e.end_time) for e in todays if e.kind == "extra"]
    ranges = _merge(ranges)
    for exception in todays:
        if exception.kind != "off":
            continue
        if exception.start_time is None:
            return []
        ranges = _subtract(ranges, (exception.start_time, exception.end_time))
    return ranges


def _exists(naive: datetime, zone: ZoneInfo) -> datetime | None:
    """The aware datetime for this wall-clock time, or None when the clocks jump over it."""
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        return None
    return aware


def expand_slots(
    *,
    zone: ZoneInfo,
    weekly: Iterable,
    exceptions: Iterable,
    busy: Iterable[tuple[datetime, datetime]],
    first_day: date,
    days: int,
    length: timedelta,
    buffer: timedelta,
    not_before: datetime,
) -> list[Slot]:
    """Every free slot from first_day (in the coach's zone) for `days` days, in time order.

    A slot is free when it starts after not_before and keeps `buffer` away from every busy range.
    """
    weekly, exceptions = list(weekly), list(exceptions)
    busy = sorted(busy)
    step = length + buffer
    slots = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        for start, end in open_ranges(day=day, weekly=weekly, exceptions=exceptions):
            wall = datetime.combine(day, start)
            wall_end = datetime.combine(day, end)
            while wall + length <= wall_end:
                aware = _exists(wall, zone)
                if aware is not None:
                    starts_at = aware.astimezone(UTC)
                    slot = Slot(starts_at, starts_at + length)
                    if starts_at >= not_before and not _conflicts(slot, busy, buffer):
                        slots.append(slot)
                wall += step
    return sorted(slots)


def _conflicts(slot: Slot, busy: list[tuple[datetime, datetime]], buffer: timedelta) -> bool:
    return any(slot.starts_at < end + buffer and start < slot.ends_at + buffer for start, end in busy)
