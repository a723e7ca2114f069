"""Demo data for `make run`: the demo coach publishes hours, the demo participant lives abroad."""

from datetime import time

from accounts.models import User
from coaching.models import CoachSettings, WeeklyHours

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
