"""The person's privacy pages (Law 25): consent to a new version, download my data, delete my
account; and the public terms of use and privacy policy."""

import json

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.erasure import account_erase
from accounts.models import PolicyVersion
from accounts.permissions import require_participant
from accounts.policies import SESSION_KEY, consent_record, current_policy, policies_to_accept
from accounts.privacy import personal_data_export
from accounts.privacy_forms import AccountDeleteForm, ConsentForm
from accounts.privacy_page import readable_sections


def _safe_next(request: HttpRequest, default: str) -> str:
    next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return next_url
    return default


@require_http_methods(["GET", "POST"])
@login_required
def consent(request: HttpRequest) -> HttpResponse:
    """Asked at login when a new version of the terms or the privacy policy is in force."""
    missing = policies_to_accept(user=request.user) if request.user.is_participant else []
    if not missing:
        request.session.pop(SESSION_KEY, None)
        return redirect(_safe_next(request, "accounts:home"))
    form = ConsentForm(
        request.POST if request.method == "POST" else None, documents={policy.document for policy in missing}
    )
    if request.method == "POST" and form.is_valid():
        consent_record(user=request.user, policies=missing)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, gettext("Merci. Votre accord a été enregistré."))
        return redirect(_safe_next(request, "accounts:home"))
    return render(
        request,
        "accounts/privacy/consent.html",
        {"form": form, "policies": missing, "next": _safe_next(request, "")},
    )


@require_GET
@login_required
def privacy_export(request: HttpRequest) -> HttpResponse:
    """Everything the portal holds on the person, readable; the JSON download is beside it."""
    data = personal_data_export(user=request.user)
    sections = readable_sections(data, zone_key=request.user.time_zone)
    return render(request, "accounts/privacy/export.html", {"sections": sections})


@require_GET
@login_required
def privacy_export_json(request: HttpRequest) -> HttpResponse:
    data = {
        "exported_at": timezone.now().isoformat(),
        "format": "siel-personal-data-1",
        "sections": personal_data_export(user=request.user),
    }
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"mes-donnees-siel-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """A participant erases their account after confirming with their password."""
    # Staff accounts are closed by the ministry's admins, who keep what the law requires.
    require_participant(request.user)
    if request.method == "POST":
        # The password check must not become a way to guess it: allauth's reauthentication limit.
        limited = ratelimit.consume_or_429(request, action="reauthenticate", user=request.user)
        if limited is not None:
            return limited
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        log = account_erase(user=request.user)
        logout(request)
        messages.success(
            request,
            gettext(
                "Votre compte a été supprimé et vos renseignements personnels effacés. "
                "Référence de la suppression : %(reference)s."
            )
            % {"reference": log.reference},
        )
        return redirect("home")
    return render(request, "accounts/privacy/delete.html", {"form": form})


@require_GET
def terms(request: HttpRequest) -> HttpResponse:
    return _policy_page(request, PolicyVersion.Document.TERMS, "accounts/legal/terms.html")


@require_GET
def privacy_policy(request: HttpRequest) -> HttpResponse:
    return _policy_page(request, PolicyVersion.Document.PRIVACY, "accounts/legal/privacy.html")


def _policy_page(request: HttpRequest, document: str, template: str) -> HttpResponse:
    context = {"policy": current_policy(document), "privacy_officer_email": settings.PRIVACY_OFFICER_EMAIL}
    return render(request, template, context)
