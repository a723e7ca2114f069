"""Writes of coaching."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from coaching.availability import Slot
from coaching.models import Assignment, AvailabilityException, CoachNote, CoachSettings, Interview, WeeklyHours
from coaching.notifications import interview_notify
from coaching.selectors import active_assignment_of, change_notice, coach_free_slots


class AssignmentError(Exception):
    pass


@transaction.atomic
def assignment_create(*, participant: User, coach: User, assigned_by: User | None = None, note: str = "") -> Assignment:
    """Assign a coach to a participant, ending the participant's current assignment (kept as history).

    Locks the participant's row so two admins assigning at once cannot leave two active assignments.
    """
    if not participant.is_participant:
        raise AssignmentError("only participants can be assigned a coach")
    if not coach.is_coach:
        raise AssignmentError("only coaches can be assigned to a participant")
    User.objects.select_for_update().filter(pk=participant.pk).first()
    Assignment.objects.filter(participant=participant, ended_at__isnull=True).update(ended_at=timezone.now())
    return Assignment.objects.create(participant=participant, coach=coach, assigned_by=assigned_by, note=note)


@transaction.atomic
def assignment_end(*, assignment: Assignment) -> Assignment:
    if assignment.ended_at is None:
        assignment.ended_at = timezone.now()
        assignment.save(update_fields=["ended_at", "updated_at"])
    return assignment


# --- Booking ----------------------------------------------------------------------------------

MAX_FUTURE_INTERVIEWS = 2
NEXT_SLOTS_OFFERED = 3


class BookingError(Exception):
    """A booking, move or cancellation refused; `message` is for the person, in their language."""

    def __init__(self, message, *, next_slots: list[Slot] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.next_slots = next_slots or []


class SlotTaken(BookingError):
    pass


def _lock_coach(coach_id: int) -> None:
    """Serialise every change to one coach's calendar. Locking the coach's row works even when the
    calendar is empty (select_for_update on existing interviews would then lock nothing)."""
    list(User.objects.select_for_update().filter(pk=coach_id).values_list("pk", flat=True))


def _free_slot_at(*, coach: User, starts_at: datetime, now: datetime, ignore_interview_id: int | None = None) -> Slot:
    slots = coach_free_slots(coach=coach, now=now, ignore_interview_id=ignore_interview_id)
    for slot in slots:
        if slot.starts_at == starts_at:
            return slot
    if starts_at < now + change_notice():
        raise BookingError(
            _("Une entrevue se réserve au moins %(hours)d heures à l'avance.")
            % {"hours": change_notice().total_seconds() // 3600},
            next_slots=slots[:NEXT_SLOTS_OFFERED],
        )
    later = [slot for slot in slots if slot.starts_at > starts_at] or slots
    raise SlotTaken(
        _("Cette plage vient d'être prise ou n'est plus offerte. Voici les prochaines plages libres."),
        next_slots=later[:NEXT_SLOTS_OFFERED],
    )


def _save_without_overlap(interview: Interview, *, coach: User, now: datetime) -> Interview:
    """Save inside a savepoint: should the exclusion constraint still refuse it, a clear answer."""
    try:
        with transaction.atomic():
            interview.save()
    except IntegrityError as error:
        raise SlotTaken(
            _("Cette plage vient d'être prise. Voici les prochaines plages libres."),
            next_slots=coach_free_slots(coach=coach, now=now)[:NEXT_SLOTS_OFFERED],
        ) from error
    return interview


@transaction.atomic
def interview_book(*, participant: User, starts_at: datetime, now: datetime | None = None) -> Interview:
    """Book the slot starting at `starts_at` (UTC) with the participant's coach."""
    now = now or timezone.now()
    assignment = active_assignment_of(participant=participant)
    if assignment is None:
        raise BookingError(_("Aucune accompagnatrice ni aucun accompagnateur ne vous est encore assigné."))
    coach = assignment.coach
    _lock_coach(coach.pk)
    future = Interview.objects.filter(participant=participant, status=Interview.Status.BOOKED, starts_at__gt=now)
    if future.count() >= MAX_FUTURE_INTERVIEWS:
        raise BookingError(
            ngettext(
                "Vous avez déjà %(count)d entrevue à venir : c'est le maximum.",
                "Vous avez déjà %(count)d entrevues à venir : c'est le maximum.",
                MAX_FUTURE_INTERVIEWS,
            )
            % {"count": MAX_FUTURE_INTERVIEWS}
        )
    slot = _free_slot_at(coach=coach, starts_at=starts_at, now=now)
    interview = Interview(participant=participant, coach=coach, starts_at=slot.starts_at, ends_at=slot.ends_at)
    _save_without_overlap(interview, coach=coach, now=now)
    interview_notify(interview=interview, kind="confirmation")
    return interview


def _check_change_allowed(*, interview: Interview, user: User, now: datetime) -> None:
    if interview.status != Interview.Status.BOOKED:
        raise BookingError(_("Cette entrevue n'est plus réservée."))
    # The coach may always change their own interview (illness); the participant up to the notice.
    if user.pk == interview.participant_id and interview.starts_at - change_notice() < now:
        raise BookingError(
            _("Une entrevue se déplace ou s'annule au plus tard %(hours)d heures avant son début.")
            % {"hours": change_notice().total_seconds() // 3600}
        )


def interview_can_change(*, interview: Interview, user: User, now: datetime | None = None) -> bool:
    """Whether the page offers to move or cancel (the service checks again when asked)."""
    try:
        _check_change_allowed(interview=interview, user=user, now=now or timezone.now())
    except BookingError:
        return False
    return True


@transaction.atomic
def interview_reschedule(
    *, interview: Interview, user: User, starts_at: datetime, reason: str = "", now: datetime | None = None
) -> Interview:
    now = now or timezone.now()
    _lock_coach(interview.coach_id)
    interview = Interview.objects.select_related("participant", "coach").get(pk=interview.pk)
    _check_change_allowed(interview=interview, user=user, now=now)
    slot = _free_slot_at(coach=interview.coach, starts_at=starts_at, now=now, ignore_interview_id=interview.pk)
    interview.starts_at, interview.ends_at = slot.starts_at, slot.ends_at
    interview.sequence += 1
    interview.change_reason = reason.strip()
    # A moved interview is reminded again at its new time.
    interview.reminder_day_sent_at = interview.reminder_hour_sent_at = None
    _save_without_overlap(interview, coach=interview.coach, now=now)
    interview_notify(interview=interview, kind="change")
    return interview


@transaction.atomic
def interview_cancel(*, interview: Interview, user: User, reason: str = "", now: datetime | None = None) -> Interview:
    now = now or timezone.now()
    _lock_coach(interview.coach_id)
    interview = Interview.objects.select_related("participant", "coach").get(pk=interview.pk)
    _check_change_allowed(interview=interview, user=user, now=now)
    interview.status = Interview.Status.CANCELLED
    interview.cancelled_at = now
    interview.sequence += 1
    interview.change_reason = reason.strip()
    interview.save(update_fields=["status", "cancelled_at", "sequence", "change_reason", "updated_at"])
    interview_notify(interview=interview, kind="cancellation")
    return interview


def interview_reminders_send_due(*, now: datetime | None = None) -> int:
    """The periodic scan (every few minutes): mark and queue the 24-hour and 1-hour reminders due.

    Each reminder is claimed with a conditional UPDATE (… WHERE reminder_x_sent_at IS NULL), so two
    scans running at once, or a second scan in the same minute, send nothing more. No long-ETA tasks.
    """
    now = now or timezone.now()
    windows = [
        ("reminder_day", "reminder_day_sent_at", now + timedelta(hours=1), now + timedelta(hours=24)),
        ("reminder_hour", "reminder_hour_sent_at", now, now + timedelta(hours=1)),
    ]
    queued = 0
    for kind, field, after, until in windows:
        due = Interview.objects.filter(
            status=Interview.Status.BOOKED, starts_at__gt=after, starts_at__lte=until, **{f"{field}__isnull": True}
        )
        for interview in due.select_related("participant", "coach"):
            with transaction.atomic():
                claimed = Interview.objects.filter(pk=interview.pk, **{f"{field}__isnull": True}).update(**{field: now})
                if claimed:
                    interview_notify(interview=interview, kind=kind)
                    queued += 1
    return queued


# --- Availability and notes -----------------------------------------------------------------


def coach_settings_save(*, coach: User, time_zone: str, interview_minutes: int, buffer_minutes: int) -> CoachSettings:
    found, _created = CoachSettings.objects.update_or_create(
        coach=coach,
        defaults={"time_zone": time_zone, "interview_minutes": interview_minutes, "buffer_minutes": buffer_minutes},
    )
    return found


def weekly_hours_add(*, coach: User, weekday: int, start_time, end_time) -> WeeklyHours:
    return WeeklyHours.objects.create(coach=coach, weekday=weekday, start_time=start_time, end_time=end_time)


def availability_exception_add(
    *, coach: User, date, kind: str, start_time=None, end_time=None
) -> AvailabilityException:
    return AvailabilityException.objects.create(
        coach=coach, date=date, kind=kind, start_time=start_time, end_time=end_time
    )


def coach_note_add(*, participant: User, author: User, body: str) -> CoachNote:
    return CoachNote.objects.create(participant=participant, author=author, body=body.strip())
