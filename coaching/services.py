"""Writes of coaching."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from coaching.models import Assignment


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
