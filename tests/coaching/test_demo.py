"""`make run`'s demo: the demo participant books an interview with the demo coach, e-mail with .ics."""

import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from accounts.models import User
from coaching.selectors import coach_free_slots
from coaching.services import interview_book

pytestmark = pytest.mark.django_db


def test_the_demo_participant_books_with_the_demo_coach(celery_eager, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2027, 5, 3, 12, tzinfo=UTC), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        call_command("seed_demo", stdout=io.StringIO())  # safe to run again
        participant = User.objects.get(email="participant@example.org")
        coach = User.objects.get(email="coach@example.org")
        slots = coach_free_slots(coach=coach)
        with django_capture_on_commit_callbacks(execute=True):
            interview = interview_book(participant=participant, starts_at=slots[0].starts_at)

    assert len(slots) == 14 * 6  # weekdays, six slots a day, 14 weekdays from Tuesday on (12 h notice)
    assert participant.time_zone == "Africa/Casablanca" and interview.coach == coach
    assert {message.to[0] for message in mail.outbox} == {participant.email, coach.email}
    assert all(message.attachments[0][0] == "entrevue.ics" for message in mail.outbox)
