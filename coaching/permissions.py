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


# Close codes of the interview room's websocket (the page explains each in plain words).
ROOM_CLOSE_ANONYMOUS = 4401  # not signed in, or the session ended (logged out elsewhere)
ROOM_CLOSE_FORBIDDEN = 4403  # not this interview's participant or coach, or staff without 2FA
ROOM_CLOSE_NOT_OPEN = 4404  # before the room opens, after it closes, or a cancelled interview


def get_interview_for_room(*, user: User, interview_id: int) -> tuple[int | None, Interview | None]:
    """The room's object rule: (None, interview) or (close code, None).

    Its participant and its coach only, while the room is open. Applied by the room's consumer
    through accounts.consumers.PageRuleMixin, after the pages' rule (signed in, staff with
    two-factor authentication, current policies accepted: accounts.permissions.socket_refusal).
    """
    from coaching.room_selectors import room_state

    try:
        interview = get_interview_for_member(user=user, interview_id=interview_id)
    except Http404:
        return ROOM_CLOSE_FORBIDDEN, None
    if room_state(interview) != "open":
        return ROOM_CLOSE_NOT_OPEN, None
    return None, interview


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
