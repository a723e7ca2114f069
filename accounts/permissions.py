"""Who may use the participant's own pages (onboarding, profile, dashboard)."""

from django.core.exceptions import PermissionDenied

from accounts.models import User


def require_participant(user: User) -> None:
    """Onboarding and the profile are the participant's own: staff get 403 (they read profiles
    through coaching/ or the admin). The URLs carry no id, so nobody reaches another's profile."""
    if not (user.is_authenticated and user.is_participant):
        raise PermissionDenied


def socket_refusal(*, user, session) -> int | None:
    """The pages' rule applied to a websocket: the close code when the person may not connect.

    4401: not signed in (a page would send them to the login page). 4403: staff who have not set
    up two-factor authentication, or a participant who still has to accept a new policy version
    (pages send both to a setup page first, accounts.middleware). None: may connect. Every
    consumer applies it through accounts.consumers.PageRuleMixin before its own object checks.
    """
    from accounts.policies import SESSION_KEY
    from accounts.staff import staff_must_set_up_totp

    if user is None or not user.is_authenticated or not user.is_active:
        return 4401
    if staff_must_set_up_totp(user):
        return 4403
    if session is not None and session.get(SESSION_KEY):
        return 4403
    return None
