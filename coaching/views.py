"""Thin views: the coach's caseload, a participant's file, availability, and interview booking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.dashboard import dashboard_filled_blocks
from accounts.models import StaffAccessLog
from accounts.onboarding import profile_summary
from accounts.permissions import require_coach, require_participant
from accounts.staff import staff_access_record
from coaching import selectors, services
from coaching.caseload import FLAGS, coach_caseload_rows, filter_rows
from coaching.forms import (
    AvailabilityExceptionForm,
    CancelForm,
    CoachNoteForm,
    CoachSettingsForm,
    SlotForm,
    WeeklyHoursForm,
)
from coaching.ics import REQUEST, interview_ics
from coaching.models import AvailabilityException, WeeklyHours
from coaching.permissions import (
    get_exception_for_coach,
    get_interview_for_member,
    get_participant_for_coach,
    get_weekly_hours_for_coach,
)

# --- Coaches ----------------------------------------------------------------------------------


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The coaches' start page: their caseload, who needs help first, and their next interviews."""
    require_coach(request.user)
    sort, flag, stage = request.GET.get("sort", ""), request.GET.get("flag", ""), request.GET.get("stage", "")
    region = request.GET.get("region", "")
    everyone = coach_caseload_rows(coach=request.user, sort=sort)
    # Filtered from the rows already read: the region list shows every region of the caseload.
    rows = filter_rows(everyone, flag=flag, stage=stage, region=region)
    upcoming = [
        selectors.interview_for_viewer(interview=interview, viewer=request.user)
        for interview in selectors.upcoming_interviews(user=request.user, limit=5)
    ]
    context = {
        # Blocks other apps contribute (e.g. the forum's questions waiting), after the caseload query.
        "blocks": dashboard_filled_blocks(user=request.user, profile=None, audience="coach"),
        "rows": rows,
        # One reverse() for the page: the rows add their id (a {% url %} per row cost as much as a query).
        "detail_base": reverse("coaching:participant_detail", kwargs={"participant_id": 0}).removesuffix("0/"),
        "sort": sort,
        "flag": flag,
        "stage": stage,
        "region": region,
        "regions": sorted({row.region_name for row in everyone if row.region_name}),
        "flags": FLAGS,
        "upcoming": upcoming,
        "columns": [
            ("name", _("Participant·e")),
            ("stage", _("Étape")),
            ("region", _("Région")),
            ("week", _("Semaine du plan")),
            ("progress", _("Progression")),
            ("activity", _("Dernière activité")),
            ("reviews", _("Livrables à réviser")),
            ("next", _("Prochaine entrevue")),
            ("questions", _("Questions au forum sans réponse")),
        ],
    }
    return render(request, "coaching/dashboard.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def participant_detail(request: HttpRequest, participant_id: int) -> HttpResponse:
    """An assigned participant's file: profile, plan, reviews, interviews, private notes.
    Each opening is recorded (Law 25)."""
    require_coach(request.user)
    participant = get_participant_for_coach(coach=request.user, participant_id=participant_id)
    note_form = CoachNoteForm(request.POST or None)
    if request.method == "POST" and note_form.is_valid():
        services.coach_note_add(participant=participant, author=request.user, body=note_form.cleaned_data["body"])
        messages.success(request, _("Note enregistrée."))
        return redirect("coaching:participant_detail", participant_id=participant.pk)
    staff_access_record(
        staff=request.user,
        participant=participant,
        action=StaffAccessLog.Action.COACH_PROFILE,
        what="profile",
        path=request.path,
    )
    profile = getattr(participant, "profile", None)
    context = {
        "participant": participant,
        # The same sections as the participant's own profile page, read-only.
        "sections": profile_summary(profile) if profile is not None else [],
        **selectors.participant_file(participant=participant, viewer=request.user),
        "note_form": note_form,
    }
    return render(request, "coaching/participant_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def availability(request: HttpRequest) -> HttpResponse:
    """The coach's weekly hours, exceptions and settings, and the slots they give, in the coach's zone."""
    require_coach(request.user)
    coach = request.user
    current = selectors.coach_settings_for(coach=coach)
    which = request.POST.get("form") if request.method == "POST" else None
    settings_form = CoachSettingsForm(request.POST if which == "settings" else None, instance=current)
    hours_form = WeeklyHoursForm(request.POST if which == "hours" else None)
    exception_form = AvailabilityExceptionForm(request.POST if which == "exception" else None)
    if which == "settings" and settings_form.is_valid():
        services.coach_settings_save(coach=coach, **settings_form.cleaned_data)
        messages.success(request, _("Réglages enregistrés."))
        return redirect("coaching:availability")
    if which == "hours" and hours_form.is_valid():
        services.weekly_hours_add(coach=coach, **hours_form.cleaned_data)
        messages.success(request, _("Heures ajoutées."))
        return redirect("coaching:availability")
    if which == "exception" and exception_form.is_valid():
        services.availability_exception_add(coach=coach, **exception_form.cleaned_data)
        messages.success(request, _("Exception ajoutée."))
        return redirect("coaching:availability")
    status = 400 if which else 200
    context = {
        "coach_settings": current,
        "settings_form": settings_form,
        "hours_form": hours_form,
        "exception_form": exception_form,
        "weekly_hours": WeeklyHours.objects.filter(coach=coach),
        "exceptions": AvailabilityException.objects.filter(coach=coach, date__gte=selectors.today_for(coach)),
        "slot_rows": selectors.slot_rows_for(viewer=coach, slots=selectors.coach_free_slots(coach=coach)),
    }
    return render(request, "coaching/availability.html", context, status=status)


@require_POST
@login_required
def weekly_hours_delete(request: HttpRequest, hours_id: int) -> HttpResponse:
    require_coach(request.user)
    get_weekly_hours_for_coach(coach=request.user, hours_id=hours_id).delete()
    messages.success(request, _("Heures retirées."))
    return redirect("coaching:availability")


@require_POST
@login_required
def exception_delete(request: HttpRequest, exception_id: int) -> HttpResponse:
    require_coach(request.user)
    get_exception_for_coach(coach=request.user, exception_id=exception_id).delete()
    messages.success(request, _("Exception retirée."))
    return redirect("coaching:availability")


# --- Interviews (participants, and coaches for their own) --------------------------------------


def _slot_page(request, *, template: str, coach, form, extra: dict, status: int = 200, ignore=None, next_slots=()):
    slots = selectors.coach_free_slots(coach=coach, ignore_interview_id=ignore) if coach else []
    waking = selectors.waking_hours_of(request.user) if request.user.is_participant else None
    context = {
        "form": form,
        "coach": coach,
        "slot_rows": selectors.slot_rows_for(viewer=request.user, slots=slots, waking=waking),
        "next_rows": selectors.slot_rows_for(viewer=request.user, slots=list(next_slots)),
        "zone_label": selectors.zone_label(request.user.time_zone),
        "montreal_label": selectors.zone_label(selectors.portal_zone()),
        **extra,
    }
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def interviews(request: HttpRequest) -> HttpResponse:
    """The participant's interviews and the free slots of their coach for the next three weeks."""
    require_participant(request.user)
    participant = request.user
    assignment = selectors.active_assignment_of(participant=participant)
    coach = assignment.coach if assignment else None
    form = SlotForm(request.POST or None)
    next_slots, status = [], 200
    if request.method == "POST" and form.is_valid():
        try:
            interview = services.interview_book(participant=participant, starts_at=form.cleaned_data["slot"])
        except services.BookingError as refused:
            form.add_error(None, refused.message)
            next_slots = refused.next_slots
            status = 409 if isinstance(refused, services.SlotTaken) else 400
        else:
            messages.success(request, _("Entrevue réservée. Un courriel de confirmation vous est envoyé."))
            return redirect("coaching:interview_detail", interview_id=interview.pk)
    elif request.method == "POST":
        status = 400
    upcoming = [
        selectors.interview_for_viewer(interview=interview, viewer=participant)
        for interview in selectors.upcoming_interviews(user=participant)
    ]
    return _slot_page(
        request,
        template="coaching/interviews.html",
        coach=coach,
        form=form,
        extra={"upcoming": upcoming, "can_book": len(upcoming) < services.MAX_FUTURE_INTERVIEWS},
        status=status,
        next_slots=next_slots,
    )


@require_GET
@login_required
def interview_detail(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = get_interview_for_member(user=request.user, interview_id=interview_id)
    context = {
        **selectors.interview_for_viewer(interview=interview, viewer=request.user),
        "cancel_form": CancelForm(),
        "can_change": services.interview_can_change(interview=interview, user=request.user),
    }
    return render(request, "coaching/interview_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def interview_reschedule(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = get_interview_for_member(user=request.user, interview_id=interview_id)
    form = SlotForm(request.POST or None)
    next_slots, status = [], 200
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_reschedule(
                interview=interview,
                user=request.user,
                starts_at=form.cleaned_data["slot"],
                reason=form.cleaned_data["reason"],
            )
        except services.BookingError as refused:
            form.add_error(None, refused.message)
            next_slots = refused.next_slots
            status = 409 if isinstance(refused, services.SlotTaken) else 400
        else:
            messages.success(request, _("Entrevue déplacée. Les deux personnes reçoivent un courriel."))
            return redirect("coaching:interview_detail", interview_id=interview.pk)
    elif request.method == "POST":
        status = 400
    return _slot_page(
        request,
        template="coaching/interview_reschedule.html",
        coach=interview.coach,
        form=form,
        extra=selectors.interview_for_viewer(interview=interview, viewer=request.user),
        status=status,
        ignore=interview.pk,
        next_slots=next_slots,
    )


@require_POST
@login_required
def interview_cancel(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = get_interview_for_member(user=request.user, interview_id=interview_id)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.interview_cancel(interview=interview, user=request.user, reason=reason)
    except services.BookingError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Entrevue annulée. Les deux personnes reçoivent un courriel."))
    return redirect("coaching:interview_detail", interview_id=interview.pk)


@require_GET
@login_required
def interview_calendar(request: HttpRequest, interview_id: int) -> HttpResponse:
    """ "Add to my calendar": the interview's .ics (same UID and SEQUENCE as the e-mails')."""
    interview = get_interview_for_member(user=request.user, interview_id=interview_id)
    url = request.build_absolute_uri(reverse("coaching:interview_detail", kwargs={"interview_id": interview.pk}))
    response = HttpResponse(interview_ics(interview=interview, method=REQUEST, url=url), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="entrevue.ics"'
    return response
