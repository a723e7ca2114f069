"""Reads of coaching shared by views, consumers and tasks (and by other apps)."""

from django.db.models import QuerySet

from accounts.models import User
from coaching.models import Assignment


def coach_participants(*, coach: User) -> QuerySet[User]:
    """The participants currently assigned to this coach."""
    return User.objects.filter(coach_assignments__coach=coach, coach_assignments__ended_at__isnull=True)


def active_assignment_of(*, participant: User) -> Assignment | None:
    return Assignment.objects.filter(participant=participant, ended_at__isnull=True).select_related("coach").first()
