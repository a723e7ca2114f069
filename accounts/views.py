from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET


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
    if not request.user.is_participant:
        raise PermissionDenied
    return render(request, "accounts/dashboard.html")
