"""Reads of coaching shared by views, consumers and tasks (and by other apps)."""

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import Profile, User
from coaching.models import Assignment


def coach_participants(*, coach: User) -> QuerySet[User]:
    """The participants currently assigned to this coach."""
    return User.objects.filter(coach_assignments__coach=coach, coach_assignments__ended_at__isnull=True)


def coach_caseload(*, coach: User) -> QuerySet[Assignment]:
    """This coach's current assignments, with each participant and profile: one query."""
    return (
        Assignment.objects.filter(coach=coach, ended_at__isnull=True)
        .select_related("participant", "participant__profile", "participant__profile__region")
        .order_by("participant__display_name", "participant__email")
    )


def active_assignment_of(*, participant: User) -> Assignment | None:
    return Assignment.objects.filter(participant=participant, ended_at__isnull=True).select_related("coach").first()


def assignment_history_of(*, participant: User) -> QuerySet[Assignment]:
    return Assignment.objects.filter(participant=participant).select_related("coach", "assigned_by")


def accompanied_participants_without_coach() -> QuerySet[User]:
    """Participants who chose to be accompanied and have no current coach: the admins' to-do list."""
    has_coach = Assignment.objects.filter(participant=OuterRef("pk"), ended_at__isnull=True)
    return User.objects.filter(
        ~Exists(has_coach), role=User.Role.PARTICIPANT, is_active=True, profile__mode=Profile.Mode.ACCOMPANIED
    )
