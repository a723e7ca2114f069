import zoneinfo

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext

from accounts.policies import SESSION_KEY
from accounts.sessions import session_check
from accounts.staff import staff_must_set_up_totp, url_is_open


class UserTimezoneMiddleware:
    """Show dates and times in the person's own time zone; they are stored in UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.time_zone:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """Ends a session past its idle time or its maximum (accounts.sessions): the request goes on
    as a visitor's, so a page that needs a person sends them to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not session_check(request=request):
            messages.info(request, gettext("Votre session a expiré : connectez-vous de nouveau."))
        return self.get_response(request)


def is_page_navigation(request) -> bool:
    """A page the person opens, rather than a request made by a script of the page."""
    if request.headers.get("HX-Request"):
        return False
    mode = request.headers.get("Sec-Fetch-Mode")
    if mode is not None:
        return mode == "navigate"
    return "application/json" not in request.headers.get("Accept", "")


class StaffTwoFactorMiddleware:
    """Coaches and ministry admins must set up TOTP before reaching any staff page.

    Until they have, every page but the public ones and the account pages (where the setup
    happens) sends them to allauth's TOTP setup. One query per request, for staff only.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff_member:
            return None
        if url_is_open(request.resolver_match) or not staff_must_set_up_totp(user):
            return None
        if not is_page_navigation(request):
            # A script's background request (the notification count, htmx) is refused, not sent to
            # the setup: following that redirect would load the setup page again and replace the
            # secret the person is scanning, so the code they type would be refused.
            return HttpResponseForbidden()
        messages.warning(
            request,
            gettext(
                "Les membres du personnel doivent activer la double authentification (application "
                "d'authentification) avant d'ouvrir les pages du personnel."
            ),
        )
        return redirect("mfa_activate_totp")


class PolicyConsentMiddleware:
    """A participant who has not accepted the current terms or privacy policy is sent to the
    consent page. What is missing was noted in the session at login (accounts.policies)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not request.session.get(SESSION_KEY):
            return None
        match = request.resolver_match
        if url_is_open(match) or (match and match.view_name in CONSENT_OPEN_URL_NAMES):
            return None
        query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('accounts:consent')}?{query}")


# Besides the public and account pages, a participant who has not yet accepted a new version can
# still read it, download their data or delete their account.
CONSENT_OPEN_URL_NAMES = frozenset(
    {"accounts:consent", "accounts:privacy_export", "accounts:privacy_export_json", "accounts:account_delete"}
)
