"""Coaching's part of "Download my data" and "Delete my account" (accounts.privacy registry)."""

from django.utils import timezone

from accounts.models import User
from coaching.models import Assignment, CoachNote, Interview


def coaching_personal_data_export(*, user: User) -> list[dict]:
    return [
        {
            "coach": str(assignment.coach.public_name),
            "started_at": assignment.started_at.isoformat(),
            "ended_at": assignment.ended_at.isoformat() if assignment.ended_at else None,
        }
        for assignment in Assignment.objects.filter(participant=user).select_related("coach").order_by("started_at")
    ]


def coaching_personal_data_erase(*, user: User) -> None:
    """End the current assignment; keep the dates (the staff's caseload history) without the notes."""
    Assignment.objects.filter(participant=user, ended_at__isnull=True).update(ended_at=timezone.now())
    Assignment.objects.filter(participant=user).exclude(note="").update(note="")
    # The coaches' private notes about this person go with the account (never in their export).
    CoachNote.objects.filter(participant=user).delete()
    # Interviews keep their dates for the caseload history; the reasons people typed go.
    Interview.objects.filter(participant=user).exclude(change_reason="").update(change_reason="")
