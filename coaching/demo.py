"""Demo data of coaching for `make run`: an interview between the demo participant and the demo
coach whose room is open now, so that both can try the interview room in two browsers."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from coaching.models import Interview
from coaching.room_selectors import room_state


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
