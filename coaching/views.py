from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The coaches' start page; the coaching issues fill it with the caseload."""
    if not request.user.is_coach:
        raise PermissionDenied
    return render(request, "coaching/dashboard.html")
