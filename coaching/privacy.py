"""Coaching's part of "Download my data" and "Delete my account" (accounts.privacy registry)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.privacy import choice, moment
from coaching.display import two_zones
from coaching.models import Assignment, CoachNote, Interview

COACHING_LABELS = {
    "coach": gettext_lazy("accompagnatrice ou accompagnateur"),
    "note": gettext_lazy("note d'affectation"),
}
INTERVIEW_LABELS = {"with": gettext_lazy("avec"), "starts_at": gettext_lazy("début"), "ends_at": gettext_lazy("fin")}


def coaching_personal_data_export(*, user: User) -> list[dict]:
    return [
        {
            "coach": str(assignment.coach.public_name),
            "started_at": moment(assignment.started_at),
            "ended_at": moment(assignment.ended_at),
            # What the ministry wrote when assigning the coach is about the person: theirs to read.
            "note": assignment.note,
        }
        for assignment in Assignment.objects.filter(participant=user).select_related("coach").order_by("started_at")
    ]


def meeting(at, user: User):
    """An interview's time: ISO for the JSON; for the page, the person's zone with Montréal's beside."""
    return moment(at, shown=str(two_zones(at, user.time_zone)))


def other(interview: Interview, user: User) -> User:
    return interview.coach if interview.participant_id == user.pk else interview.participant


def interviews_personal_data_export(*, user: User) -> list[dict]:
    """The interviews booked with this person, each time in their zone with Montréal's beside it."""
    interviews = (
        Interview.objects.filter(Q(participant=user) | Q(coach=user))
        .select_related("participant", "coach")
        .order_by("starts_at")
    )
    return [
        {
            "with": str(other(interview, user).public_name),
            "starts_at": meeting(interview.starts_at, user),
            "ends_at": meeting(interview.ends_at, user),
            "status": choice(interview, "status"),
            "change_reason": interview.change_reason,
            "cancelled_at": moment(interview.cancelled_at),
        }
        for interview in interviews
    ]


def coaching_personal_data_erase(*, user: User) -> None:
    """End the current assignment; keep the dates (the staff's caseload history) without the notes."""
    Assignment.objects.filter(participant=user, ended_at__isnull=True).update(ended_at=timezone.now())
    Assignment.objects.filter(participant=user).exclude(note="").update(note="")
    # The coaches' private notes about this person go with the account (never in their export).
    CoachNote.objects.filter(participant=user).delete()
    # Interviews keep their dates for the caseload history; the reasons people typed go.
    Interview.objects.filter(participant=user).exclude(change_reason="").update(change_reason="")
