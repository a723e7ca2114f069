"""Slots expanded per date in the coach's zone: a daylight-saving change never moves the coach's 9:00,
and each participant sees the right local time on both sides of every change."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from coaching.availability import expand_slots, parse_slot_key
from coaching.display import two_zones
from coaching.models import AvailabilityException, Interview
from coaching.selectors import coach_free_slots, slot_rows_for
from tests.accounts.factories import ParticipantFactory
from tests.coaching.factories import InterviewFactory, accompanied, coach_with_hours

MONTREAL = "America/Montreal"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class Hours:
    def __init__(self, weekday, start, end):
        self.weekday, self.start_time, self.end_time = weekday, time.fromisoformat(start), time.fromisoformat(end)


def expand(zone, hours, first_day, days=1, busy=(), exceptions=()):
    return expand_slots(
        zone=ZoneInfo(zone),
        weekly=hours,
        exceptions=exceptions,
        busy=busy,
        first_day=first_day,
        days=days,
        length=timedelta(minutes=45),
        buffer=timedelta(minutes=15),
        not_before=utc("2000-01-01T00:00"),
    )


def test_a_morning_gives_one_slot_per_hour_with_the_buffer():
    slots = expand(MONTREAL, [Hours(1, "09:00", "12:00")], date(2027, 1, 12))

    assert [slot.starts_at for slot in slots] == [
        utc("2027-01-12T14:00"),
        utc("2027-01-12T15:00"),
        utc("2027-01-12T16:00"),
    ]
    assert all(slot.ends_at - slot.starts_at == timedelta(minutes=45) for slot in slots)


@pytest.mark.parametrize(
    ("day", "utc_start"),
    [
        (date(2027, 3, 9), "2027-03-09T14:00"),  # before Montréal's March change: UTC-5
        (date(2027, 3, 16), "2027-03-16T13:00"),  # after it: UTC-4, still 9:00 for the coach
        (date(2027, 11, 2), "2027-11-02T13:00"),  # before the November change
        (date(2027, 11, 9), "2027-11-09T14:00"),  # after it
    ],
)
def test_the_coachs_nine_oclock_stays_nine_oclock_across_montreals_changes(day, utc_start):
    slots = expand(MONTREAL, [Hours(1, "09:00", "10:00")], day)

    assert [slot.starts_at for slot in slots] == [utc(utc_start)]
    assert slots[0].starts_at.astimezone(ZoneInfo(MONTREAL)).time() == time(9, 0)


def test_hours_that_do_not_exist_on_the_spring_forward_night_are_skipped():
    # Sunday 2027-03-14, Montréal's clocks go from 2:00 to 3:00: no 2:00 slot, the others stay.
    slots = expand(MONTREAL, [Hours(6, "01:00", "04:00")], date(2027, 3, 14))

    assert [slot.starts_at.astimezone(ZoneInfo(MONTREAL)).strftime("%H:%M") for slot in slots] == ["01:00", "03:00"]


def test_absences_and_extra_hours_change_one_date_only():
    exceptions = [
        AvailabilityException(date=date(2027, 1, 12), kind="off", start_time=time(10), end_time=time(11)),
        AvailabilityException(date=date(2027, 1, 13), kind="extra", start_time=time(13), end_time=time(14)),
        AvailabilityException(date=date(2027, 1, 19), kind="off"),
    ]
    slots = expand(MONTREAL, [Hours(1, "09:00", "12:00")], date(2027, 1, 12), days=8, exceptions=exceptions)

    local = [slot.starts_at.astimezone(ZoneInfo(MONTREAL)).strftime("%m-%d %H:%M") for slot in slots]
    assert local == ["01-12 09:00", "01-12 11:00", "01-13 13:00"]


def test_a_booked_interview_and_its_buffer_take_the_neighbouring_slot():
    busy = [(utc("2027-01-12T14:30"), utc("2027-01-12T15:15"))]

    slots = expand(MONTREAL, [Hours(1, "09:00", "12:00")], date(2027, 1, 12), busy=busy)

    assert [slot.starts_at for slot in slots] == [utc("2027-01-12T16:00")]


# Tuesday 9:00 in Montréal, seen from each participant's zone, around the March changes (Montréal
# 2027-03-14, Europe 2027-03-28) and the November ones (Europe 2027-10-31,
# Montréal 2027-11-07). Expected values: the official rules (tzdata).
DST_CASES = [
    # Morocco keeps UTC+0 all year in the pinned rules (tzdata 2026f): only Montréal's change moves it.
    ("Africa/Casablanca", date(2027, 3, 9), "mardi 9 mars 2027, 14 h 00"),
    ("Africa/Casablanca", date(2027, 3, 16), "mardi 16 mars 2027, 13 h 00"),
    ("Europe/Paris", date(2027, 3, 9), "mardi 9 mars 2027, 15 h 00"),
    ("Europe/Paris", date(2027, 3, 16), "mardi 16 mars 2027, 14 h 00"),  # between the two changes
    ("Europe/Paris", date(2027, 3, 30), "mardi 30 mars 2027, 15 h 00"),
    ("Europe/Paris", date(2027, 11, 2), "mardi 2 novembre 2027, 14 h 00"),  # between the two changes
    ("Europe/Paris", date(2027, 11, 9), "mardi 9 novembre 2027, 15 h 00"),
    ("America/Port-au-Prince", date(2027, 3, 16), "mardi 16 mars 2027, 9 h 00"),
    ("America/Port-au-Prince", date(2027, 11, 9), "mardi 9 novembre 2027, 9 h 00"),
    ("Asia/Manila", date(2027, 3, 9), "mardi 9 mars 2027, 22 h 00"),
    ("Asia/Manila", date(2027, 3, 16), "mardi 16 mars 2027, 21 h 00"),
    ("Africa/Tunis", date(2027, 3, 9), "mardi 9 mars 2027, 15 h 00"),
    ("Africa/Tunis", date(2027, 3, 16), "mardi 16 mars 2027, 14 h 00"),
    ("America/Sao_Paulo", date(2027, 3, 9), "mardi 9 mars 2027, 11 h 00"),
    ("America/Sao_Paulo", date(2027, 11, 9), "mardi 9 novembre 2027, 11 h 00"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("zone", "day", "expected"), DST_CASES)
def test_a_slot_booked_before_a_change_for_a_date_after_it_shows_the_right_time(zone, day, expected):
    coach = coach_with_hours(hours=[(1, "09:00", "10:00")])
    participant = accompanied(coach=coach, zone=zone)
    # Booked three weeks before, from the other side of the change.
    with time_machine.travel(datetime.combine(day - timedelta(days=20), time(12), tzinfo=UTC), tick=False):
        from coaching.services import interview_book

        slots = coach_free_slots(coach=coach)
        target = next(slot for slot in slots if slot.starts_at.astimezone(ZoneInfo(MONTREAL)).date() == day)
        interview = interview_book(participant=participant, starts_at=target.starts_at)

    interview.refresh_from_db()
    assert interview.starts_at.astimezone(ZoneInfo(MONTREAL)).time() == time(9, 0)
    with translation.override("fr-ca"):
        shown = two_zones(interview.starts_at, zone)
    assert shown.own == expected
    assert shown.montreal == "9 h 00"


@pytest.mark.django_db
def test_the_participant_sees_their_zone_with_montreals_beside_it_and_both_names():
    coach = coach_with_hours(hours=[(1, "09:00", "10:00")])
    participant = accompanied(coach=coach, zone="Africa/Casablanca")
    with time_machine.travel(utc("2027-03-01T12:00"), tick=False), translation.override("fr-ca"):
        rows = slot_rows_for(viewer=participant, slots=coach_free_slots(coach=coach))

    assert (
        str(next(row for row in rows if row.day == date(2027, 3, 16)).when)
        == "mardi 16 mars 2027, 13 h 00 (Casablanca) · 9 h 00 à Montréal"
    )


@pytest.mark.django_db
def test_slots_outside_the_participants_waking_hours_come_last_and_are_marked():
    coach = coach_with_hours(hours=[(1, "09:00", "10:00"), (3, "20:00", "21:00")])  # Tuesday 9:00, Thursday 20:00
    participant = ParticipantFactory(time_zone="Europe/Paris")  # Thursday 20:00 Montréal = 2:00 Friday in Paris
    with time_machine.travel(utc("2027-01-04T12:00"), tick=False):
        rows = slot_rows_for(viewer=participant, slots=coach_free_slots(coach=coach), waking=(time(8), time(21)))

    assert [row.awake for row in rows] == [True, True, True, False, False, False]
    assert [row.day.weekday() for row in rows] == [1, 1, 1, 4, 4, 4]


@pytest.mark.django_db
def test_the_free_slots_cost_four_queries_even_with_a_full_calendar(django_assert_num_queries):
    coach = coach_with_hours(hours=[(day, "08:00", "18:00") for day in range(5)])
    with time_machine.travel(utc("2027-01-04T00:00"), tick=False):
        for slot in coach_free_slots(coach=coach):
            InterviewFactory(coach=coach, starts_at=slot.starts_at, ends_at=slot.ends_at)
        # settings, weekly hours, exceptions, booked interviews
        with django_assert_num_queries(4):
            slots = coach_free_slots(coach=coach)

    assert Interview.objects.count() > 100
    assert slots == []


def test_zone_rules_come_from_the_pinned_tzdata_package_not_the_machine():
    import zoneinfo

    assert zoneinfo.TZPATH == ()  # so ZoneInfo reads the tzdata package only


def test_slot_keys_are_parsed_back_and_nothing_else_is():
    assert parse_slot_key("2027-03-16T13:00:00Z") == utc("2027-03-16T13:00")
    assert parse_slot_key("2027-03-16 13:00") is None
    assert parse_slot_key(None) is None
