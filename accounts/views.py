from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.dashboard import dashboard_filled_blocks
from accounts.onboarding import (
    STEPS,
    Step,
    first_incomplete_step,
    profile_of_participant,
    profile_save_step,
    profile_summary,
    step_by_key,
    step_is_open,
    step_number,
)
from accounts.permissions import require_participant
from accounts.sessions import user_sessions_end_all

# Set when a profile edit changed something; the profile page then offers to refresh the plan.
REFRESH_OFFER_SESSION_KEY = "accounts.offer_plan_refresh"


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a person lands after logging in: their role's own start page."""
    user = request.user
    if user.is_coach:
        return redirect("coaching:dashboard")
    if user.is_ministry_admin or user.is_superuser:
        return redirect("admin:index")
    return redirect("accounts:dashboard")


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The participant's home: the blocks other apps register, and a summary of the profile.

    A participant who has not finished onboarding is sent to it from here (not from every page).
    """
    require_participant(request.user)
    profile = profile_of_participant(request.user)
    if not profile.onboarding_completed:
        return redirect("accounts:onboarding")
    blocks = dashboard_filled_blocks(user=request.user, profile=profile, audience="participant")
    return render(request, "accounts/dashboard.html", {"profile": profile, "blocks": blocks})


@require_GET
@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    """Resume onboarding at the first incomplete step (or go home once it is finished)."""
    require_participant(request.user)
    step = first_incomplete_step(profile_of_participant(request.user))
    if step is None:
        return redirect("accounts:dashboard")
    return redirect("accounts:onboarding_step", step=step.key)


def _form_for(step: Step, request: HttpRequest, profile, *, editing: bool):
    kwargs = {"instance": profile, "data": request.POST if request.method == "POST" else None}
    if step.key == "situation":
        kwargs.update(
            user=request.user,
            stage_forward_only=editing,
            guess_time_zone=not editing and not profile.onboarding_step and request.method != "POST",
        )
    if step.key == "occupation":
        kwargs["occupation_query"] = request.GET.get("q", "")[:100]
    return step.form_class(**kwargs)


def _step_context(step: Step, form, profile, request: HttpRequest) -> dict:
    return {
        "step": step,
        "steps": STEPS,
        "step_number": step_number(step),
        "step_count": len(STEPS),
        "form": form,
        "profile": profile,
        "occupation_query": request.GET.get("q", "")[:100],
    }


@require_http_methods(["GET", "POST"])
@login_required
def onboarding_step(request: HttpRequest, step: str) -> HttpResponse:
    require_participant(request.user)
    current = step_by_key(step)
    if current is None:
        raise Http404
    profile = profile_of_participant(request.user)
    if profile.onboarding_completed:
        return redirect("accounts:profile_edit", section=current.key)
    if not step_is_open(profile, current):
        return redirect("accounts:onboarding")
    form = _form_for(current, request, profile, editing=False)
    if request.method == "POST" and form.is_valid():
        saved = profile_save_step(user=request.user, step_key=current.key, values=form.cleaned_data)
        if saved.completed_now:
            messages.success(request, _("Merci ! Votre profil est prêt : voici votre tableau de bord."))
            return redirect("accounts:dashboard")
        return redirect("accounts:onboarding")
    context = _step_context(current, form, profile, request)
    context["resume"] = first_incomplete_step(profile)
    return render(request, "accounts/onboarding_step.html", context)


@require_GET
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The participant's own profile (the URL carries no id: nobody opens another's)."""
    require_participant(request.user)
    own = profile_of_participant(request.user)
    if not own.onboarding_completed:
        return redirect("accounts:onboarding")
    offer_refresh = request.session.pop(REFRESH_OFFER_SESSION_KEY, False)
    sections = profile_summary(own)
    return render(
        request,
        "accounts/profile.html",
        {
            "profile": own,
            "sections": sections,
            "plan_refresh_url": reverse("action_plan:refresh") if offer_refresh else None,
            "offer_refresh": offer_refresh,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def profile_edit(request: HttpRequest, section: str) -> HttpResponse:
    require_participant(request.user)
    current = step_by_key(section)
    if current is None:
        raise Http404
    own = profile_of_participant(request.user)
    if not own.onboarding_completed:
        return redirect("accounts:onboarding")
    form = _form_for(current, request, own, editing=True)
    if request.method == "POST" and form.is_valid():
        saved = profile_save_step(user=request.user, step_key=current.key, values=form.cleaned_data)
        if saved.changed_fields:
            request.session[REFRESH_OFFER_SESSION_KEY] = True
            messages.success(request, _("Votre profil a été mis à jour."))
        else:
            messages.info(request, _("Rien n'a changé dans votre profil."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", _step_context(current, form, own, request))


@require_GET
@login_required
def occupation_search(request: HttpRequest) -> HttpResponse:
    """The occupation list filtered by what was typed: the htmx part of the picker. Without
    JavaScript the step page itself filters its list (?q=)."""
    require_participant(request.user)
    from accounts.forms import OccupationForm

    query = request.GET.get("q", "")[:100]
    keep = request.GET.get("occupation", "")[:5] or None
    form = OccupationForm(initial={"occupation": keep}, occupation_query=query)
    return render(request, "accounts/_occupation_search.html", {"form": form, "occupation_query": query})


@require_POST
@login_required
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """Signs the person out on every browser and device, this one included (a lost phone…)."""
    user_sessions_end_all(request=request, user=request.user)
    messages.success(request, _("Vous êtes déconnecté partout, sur tous vos appareils."))
    return redirect("account_login")
