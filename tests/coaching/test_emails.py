"""Interview e-mails: confirmation, change, cancellation and reminders, each in the recipient's
language and zone with both local times, with an .ics parsed back here; a real worker sends them."""

import email
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django_celery_beat.models import PeriodicTask

from accounts.models import SentEmail
from coaching.notifications import interview_notify
from coaching.services import (
    interview_book,
    interview_cancel,
    interview_reminders_send_due,
    interview_reschedule,
)
from tests.coaching.factories import InterviewFactory, accompanied, coach_with_hours

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
MARCH_16 = datetime(2027, 3, 16, 13, 0, tzinfo=UTC)  # 9:00 in Montréal, 21:00 in Manila
MARCH_9 = datetime(2027, 3, 9, 14, 0, tzinfo=UTC)  # 9:00 in Montréal (before the change), 22:00 in Manila


def ics_of(message) -> tuple[icalendar.Calendar, icalendar.Event]:
    attached = [content for name, content, mimetype in message.attachments if name == "entrevue.ics"]
    calendar = icalendar.Calendar.from_ical(attached[0])
    return calendar, calendar.walk("VEVENT")[0]


def by_recipient(messages) -> dict:
    return {message.to[0]: message for message in messages}


@pytest.fixture
def people(db):
    coach = coach_with_hours(hours=[(1, "09:00", "12:00")])
    participant = accompanied(coach=coach, zone="Asia/Manila")
    participant.language = "en"
    participant.save(update_fields=["language"])
    return coach, participant


@pytest.mark.django_db
def test_booking_sends_each_person_an_invitation_in_their_language_and_zone(
    people, celery_eager, django_capture_on_commit_callbacks
):
    coach, participant = people
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        interview = interview_book(participant=participant, starts_at=MARCH_16)

    sent = by_recipient(mail.outbox)
    assert set(sent) == {participant.email, coach.email}
    english, french = sent[participant.email], sent[coach.email]
    assert english.subject == "Interview confirmed" and french.subject == "Entrevue confirmée"
    assert "Tuesday, March 16, 2027, 9:00 p.m. (Manila)" in english.body
    assert "In Montréal: 9:00 a.m." in english.body
    assert "mardi 16 mars 2027, 9 h 00 (Montréal)" in french.body
    assert "mardi 16 mars 2027, 21 h 00" in french.body  # the participant's time, for the coach
    assert any(mimetype == "text/calendar; method=REQUEST; charset=utf-8" for _, mimetype in english.alternatives)
    assert any(mimetype == "text/html" for _, mimetype in english.alternatives)
    calendar, event = ics_of(english)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (interview.starts_at, interview.ends_at)
    assert int(event["SEQUENCE"]) == 0
    assert str(event["UID"]) == f"interview-{interview.pk}@127.0.0.1"
    assert "/en/" in english.body  # the links follow the recipient's language


@pytest.mark.django_db
def test_a_move_and_a_cancellation_keep_the_uid_and_bump_the_sequence(
    people, celery_eager, django_capture_on_commit_callbacks
):
    coach, participant = people
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            interview = interview_book(participant=participant, starts_at=MARCH_9)
        with django_capture_on_commit_callbacks(execute=True):
            interview = interview_reschedule(interview=interview, user=participant, starts_at=MARCH_16, reason="Work")
        with django_capture_on_commit_callbacks(execute=True):
            interview_cancel(interview=interview, user=coach, reason="Malade")

    mine = [message for message in mail.outbox if message.to == [participant.email]]
    assert [message.subject for message in mine] == ["Interview confirmed", "Interview moved", "Interview cancelled"]
    uids = {str(ics_of(message)[1]["UID"]) for message in mine}
    assert len(uids) == 1
    moved_calendar, moved = ics_of(mine[1])
    assert (int(moved["SEQUENCE"]), moved.decoded("DTSTART")) == (1, MARCH_16)
    cancel_calendar, cancelled = ics_of(mine[2])
    assert str(cancel_calendar["METHOD"]) == "CANCEL" and str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 2
    assert "Malade" in mine[2].body


@pytest.mark.django_db
def test_an_email_of_an_older_version_is_not_sent_after_a_newer_change(
    people, celery_eager, django_capture_on_commit_callbacks
):
    coach, participant = people
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        interview = interview_book(participant=participant, starts_at=MARCH_9)
        interview_reschedule(interview=interview, user=participant, starts_at=MARCH_16)

    # Both tasks ran after the move: the confirmation of the old time would mislead, only the change goes.
    assert sorted(message.subject for message in mail.outbox) == ["Entrevue déplacée", "Interview moved"]


@pytest.mark.django_db
def test_reminders_go_once_a_day_and_an_hour_before_and_a_second_scan_sends_nothing(
    people, celery_eager, django_capture_on_commit_callbacks
):
    coach, participant = people
    interview = InterviewFactory(participant=participant, coach=coach, starts_at=MARCH_16)
    scans = [
        (MARCH_16 - timedelta(hours=30), 0),  # too early
        (MARCH_16 - timedelta(hours=23, minutes=58), 2),  # the day before: both people
        (MARCH_16 - timedelta(hours=23, minutes=57), 0),  # the same minute again: nothing
        (MARCH_16 - timedelta(minutes=58), 2),  # an hour before
        (MARCH_16 - timedelta(minutes=55), 0),
    ]
    for moment, expected in scans:
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            before = len(mail.outbox)
            interview_reminders_send_due()
        assert len(mail.outbox) - before == expected, moment

    interview.refresh_from_db()
    assert interview.reminder_day_sent_at and interview.reminder_hour_sent_at
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == sorted(
        [
            "Rappel : votre entrevue demain",
            "Reminder: your interview tomorrow",
            "Rappel : votre entrevue dans une heure",
            "Reminder: your interview in an hour",
        ]
    )
    assert PeriodicTask.objects.get(task="coaching.send_interview_reminders").enabled


@pytest.mark.django_db
def test_a_cancelled_interview_gets_no_reminder(people, celery_eager, django_capture_on_commit_callbacks):
    coach, participant = people
    InterviewFactory(participant=participant, coach=coach, starts_at=MARCH_16, status="cancelled")

    with (
        time_machine.travel(MARCH_16 - timedelta(hours=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert interview_reminders_send_due() == 0
    assert mail.outbox == []


def wait_for(condition, timeout: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("the worker did not send the e-mails in time")


def test_a_real_worker_sends_both_invitations_with_the_ics(celery_worker_process):
    coach = coach_with_hours()
    participant = accompanied(coach=coach, zone="America/Sao_Paulo")
    interview = InterviewFactory(participant=participant, coach=coach, starts_at=MARCH_16)
    with transaction.atomic():
        interview_notify(interview=interview, kind="confirmation")

    wait_for(lambda: SentEmail.objects.filter(key__startswith=f"coaching.interview:{interview.pk}:").count() == 2)
    files = list(celery_worker_process.mail_dir.iterdir())
    separator = b"\n" + b"-" * 79 + b"\n"  # Django's file backend writes one message after another
    messages = [
        email.message_from_bytes(part) for path in files for part in path.read_bytes().split(separator) if part.strip()
    ]
    assert len(messages) == 2
    to_participant = next(message for message in messages if participant.email in message["To"])
    calendars = [part for part in to_participant.walk() if part.get_content_type() == "text/calendar"]
    assert calendars and calendars[0].get_param("method") == "REQUEST"
    event = icalendar.Calendar.from_ical(calendars[0].get_payload(decode=True)).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == MARCH_16
    text = next(part for part in to_participant.walk() if part.get_content_type() == "text/plain")
    assert "mardi 16 mars 2027, 10 h 00 (São Paulo)" in text.get_payload(decode=True).decode()


@pytest.mark.django_db
def test_emails_use_the_pinned_zone_rules_british_columbias_permanent_daylight_time(
    celery_eager, django_capture_on_commit_callbacks
):
    # British Columbia stays on UTC-7 from 2026-11-01 (tzdata 2026f): 9:00 in Montréal (UTC-5 in
    # November) is 7:00 in Vancouver, not the 6:00 that older zone data would write.
    coach = coach_with_hours()
    participant = accompanied(coach=coach, zone="America/Vancouver")
    interview = InterviewFactory(participant=participant, coach=coach, starts_at=datetime(2026, 11, 17, 14, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        interview_notify(interview=interview, kind="confirmation")

    body = by_recipient(mail.outbox)[participant.email].body
    assert "mardi 17 novembre 2026, 7 h 00 (Vancouver)" in body
    assert "À Montréal : 9 h 00" in body


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_refuses_never_turns_a_booking_into_an_error_page(client, celery_eager, settings, caplog):
    """As under `make run`: Celery eager, so the e-mail task runs inside the booking request, when
    its transaction commits. The booking stands, the person sees it booked, the failure is kept."""
    from django.urls import reverse

    from coaching.models import Interview
    from coaching.selectors import coach_free_slots
    from tests.accounts.email_helpers import RefusingMailServer

    with time_machine.travel(NOW, tick=False):
        coach = coach_with_hours(hours=[(1, "09:00", "12:00")])
        participant = accompanied(coach=coach, zone="Asia/Manila")
        participant.language = "en"
        participant.save(update_fields=["language"])
        slot = next(slot for slot in coach_free_slots(coach=coach) if slot.starts_at == MARCH_16)
        client.force_login(participant)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        with RefusingMailServer() as server:
            settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
            response = client.post(reverse("coaching:interviews"), {"slot": slot.key}, follow=True)

    interview = Interview.objects.get()
    assert interview.status == Interview.Status.BOOKED and interview.starts_at == MARCH_16
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("coaching:interview_detail", args=[interview.pk]), 302)]
    assert "Entrevue réservée." in response.content.decode()  # the success message
    assert server.connections == 2  # the coach's e-mail and the participant's were both tried
    rows = SentEmail.objects.filter(key__startswith=f"coaching.interview:{interview.pk}:")
    assert [(row.failed, row.sent, row.failures) for row in rows] == [(True, False, 1)] * 2
    assert caplog.text.count(f"coaching.interview:{interview.pk}:") >= 2 and "not sent after 1 tries" in caplog.text
