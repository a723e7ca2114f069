from datetime import time, timedelta

import factory
from django.utils import timezone

from coaching.models import Assignment, CoachSettings, Interview, WeeklyHours
from tests.accounts.factories import CoachFactory, ParticipantFactory


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    participant = factory.SubFactory(ParticipantFactory)
    coach = factory.SubFactory(CoachFactory)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    participant = factory.SubFactory(ParticipantFactory)
    coach = factory.SubFactory(CoachFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=45))


def coach_with_hours(*, zone: str = "America/Montreal", hours=((1, "09:00", "12:00"),), **settings_fields):
    """A coach with weekly hours, e.g. Tuesdays 9:00-12:00 in `zone` (45 min + 15 min buffer)."""
    coach = CoachFactory(time_zone=zone)
    CoachSettings.objects.create(coach=coach, time_zone=zone, **settings_fields)
    for weekday, start, end in hours:
        WeeklyHours.objects.create(
            coach=coach, weekday=weekday, start_time=time.fromisoformat(start), end_time=time.fromisoformat(end)
        )
    return coach


def accompanied(participant=None, *, coach, zone: str | None = None):
    participant = participant or ParticipantFactory(**({"time_zone": zone} if zone else {}))
    AssignmentFactory(participant=participant, coach=coach)
    return participant
