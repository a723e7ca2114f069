from django.db.models import Q
from django.http import Http404

from accounts.models import User
from coaching.models import Assignment, AvailabilityException, Interview, WeeklyHours


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


def get_interview_for_member(*, user: User, interview_id: int) -> Interview:
    """The interview, if this user is its participant or its coach; 404 otherwise (one query).

    A 404 rather than a 403: nobody learns whether someone else's interview exists.
    """
    if not user.is_authenticated:
        raise Http404
    interview = (
        Interview.objects.filter(Q(participant=user) | Q(coach=user), pk=interview_id)
        .select_related("participant", "coach")
        .first()
    )
    if interview is None:
        raise Http404
    return interview


def get_weekly_hours_for_coach(*, coach: User, hours_id: int) -> WeeklyHours:
    found = WeeklyHours.objects.filter(pk=hours_id, coach=coach).first()
    if found is None:
        raise Http404
    return found


def get_exception_for_coach(*, coach: User, exception_id: int) -> AvailabilityException:
    found = AvailabilityException.objects.filter(pk=exception_id, coach=coach).first()
    if found is None:
        raise Http404
    return found
