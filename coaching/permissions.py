from accounts.models import User
from coaching.models import Assignment


def coach_is_assigned(*, coach: User, participant_id: int) -> bool:
    """True when this coach currently accompanies this participant."""
    return (
        coach.is_coach
        and Assignment.objects.filter(coach=coach, participant_id=participant_id, ended_at__isnull=True).exists()
    )
