from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import StaffAccessLog
from accounts.onboarding import profile_summary
from accounts.permissions import require_coach
from accounts.staff import staff_access_record
from coaching.permissions import get_participant_for_coach
from coaching.selectors import coach_caseload


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The coaches' start page: the participants they accompany now."""
    require_coach(request.user)
    return render(request, "coaching/dashboard.html", {"assignments": coach_caseload(coach=request.user)})


@require_GET
@login_required
def participant_detail(request: HttpRequest, participant_id: int) -> HttpResponse:
    """An assigned participant's profile, read-only. Each opening is recorded (Law 25)."""
    require_coach(request.user)
    participant = get_participant_for_coach(coach=request.user, participant_id=participant_id)
    staff_access_record(
        staff=request.user,
        participant=participant,
        action=StaffAccessLog.Action.COACH_PROFILE,
        what="profile",
        path=request.path,
    )
    profile = getattr(participant, "profile", None)
    # The same sections as the participant's own profile page, read-only.
    sections = profile_summary(profile) if profile is not None else []
    return render(request, "coaching/participant_detail.html", {"participant": participant, "sections": sections})
