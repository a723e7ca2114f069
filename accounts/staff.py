"""Staff (coaches and ministry admins): two-factor authentication and the record of their
access to participants' files (Law 25)."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from accounts.models import StaffAccessLog, User

# URL names a signed-in person may open before setting up two-factor authentication or giving
# consent: the site's public pages and the account pages (where that setup happens).
OPEN_URL_NAMES = frozenset(
    {"home", "healthz", "readyz", "set_language", "javascript-catalog", "legal:terms", "legal:privacy"}
)
OPEN_URL_NAME_PREFIXES = ("account_", "mfa_", "usersessions_")


def url_is_open(resolver_match) -> bool:
    if resolver_match is None:
        return True
    name = resolver_match.view_name or ""
    return name in OPEN_URL_NAMES or (":" not in name and name.startswith(OPEN_URL_NAME_PREFIXES))


def staff_has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def staff_must_set_up_totp(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff_member and not staff_has_totp(user)


def staff_login_redirect(request: HttpRequest, extra_context=None) -> HttpResponseRedirect:
    """Replaces the Django admin's own login page: staff sign in through allauth, which asks for
    the second factor (allauth's documented pattern, secure_admin_login, without its 403)."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        # Admin staff go on; anyone else signed in goes to their own start page, not a login loop.
        is_admin_staff = request.user.is_staff and request.user.is_active
        return HttpResponseRedirect(next_url if is_admin_staff else reverse("accounts:home"))
    login_url = resolve_url("account_login")
    return HttpResponseRedirect(f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


def staff_access_record(*, staff: User, participant: User, action: str, what: str = "", path: str = "") -> None:
    """Note that a staff member opened a participant's file. Never skipped for admins."""
    StaffAccessLog.objects.create(staff=staff, participant=participant, action=action, what=what[:100], path=path[:255])
