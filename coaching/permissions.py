from django.http import Http404

from accounts.models import User
from coaching.models import Assignment


def coach_is_assigned(*, coach: User, participant_id: int) -> bool:
    """True when this coach currently accompanies this participant."""
    return (
        coach.is_coach
        and Assignment.objects.filter(coach=coach, participant_id=participant_id, ended_at__isnull=True).exists()
    )


def get_participant_for_coach(*, coach: User, participant_id: int) -> User:
    """The participant with their profile, if this coach currently accompanies them; 404 otherwise.

    A 404 rather than a 403: a coach must not learn whether someone they do not accompany exists.
    One query.
    """
    participant = (
        User.objects.filter(
            pk=participant_id,
            role=User.Role.PARTICIPANT,
            coach_assignments__coach=coach,
            coach_assignments__ended_at__isnull=True,
        )
        .select_related("profile", "profile__region", "profile__occupation")
        .first()
    )
    if participant is None or not coach.is_coach:
        raise Http404
    return participant
