"""Demo data for `make run`: the demo coach publishes hours, the demo participant lives abroad, and
the two have an interview whose room is open now (to try the interview room in two browsers)."""

import datetime
from datetime import time

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from coaching.models import CoachSettings, Interview, WeeklyHours
from coaching.room_selectors import room_state

DEMO_PARTICIPANT_ZONE = "Africa/Casablanca"


def demo_coaching_ensure(*, participant: User, coach: User) -> None:
    """Safe to run again: settings and weekly hours are created once, the participant's zone kept
    if they changed it."""
    CoachSettings.objects.get_or_create(
        coach=coach,
        defaults={"time_zone": coach.time_zone, "speaks_french": True, "speaks_english": True},
    )
    if not WeeklyHours.objects.filter(coach=coach).exists():
        WeeklyHours.objects.bulk_create(
            [
                WeeklyHours(coach=coach, weekday=weekday, start_time=start, end_time=end)
                for weekday in range(5)
                for start, end in ((time(9), time(12)), (time(13), time(16)))
            ]
        )
    if participant.time_zone == User._meta.get_field("time_zone").default:
        # Abroad, five or six hours ahead of Montréal: both times show on every page and e-mail.
        participant.time_zone = DEMO_PARTICIPANT_ZONE
        participant.save(update_fields=["time_zone"])


def demo_interview_ensure(*, participant: User, coach: User) -> Interview | None:
    """The pair's interview open now, or a new one started 5 minutes ago (one hour long).

    Run again later, it finds the open one and changes nothing; None when the coach's agenda has
    another booked interview at this time (the exclusion constraint refuses an overlap).
    """
    now = timezone.now()
    for interview in Interview.objects.filter(participant=participant, coach=coach, status=Interview.Status.BOOKED):
        if room_state(interview, now=now) == "open":
            return interview
    starts_at = now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=5)
    try:
        with transaction.atomic():
            return Interview.objects.create(
                participant=participant,
                coach=coach,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=1),
            )
    except IntegrityError:
        return None
