"""Who may use a kind of page: one check per kind of person, called by every view and consumer.

Each helper raises PermissionDenied (403): the page exists, but not for this person. Checks on one
object (a task, an offer, a participant) live beside each app's models, as
`<app>/permissions.py: get_<thing>_for_<who>(...)`, and raise Http404 so nobody learns that
someone else's object exists.
"""

from django.core.exceptions import PermissionDenied

from accounts.models import User


def require_participant(user: User) -> None:
    """The participant's own pages (onboarding, profile, dashboard, plan, saved offers): staff get 403
    (they read participants through coaching/ or the admin). Those URLs carry no id of a person."""
    if not (user.is_authenticated and user.is_participant):
        raise PermissionDenied


def require_coach(user: User) -> None:
    """The coaches' pages; which participants a coach may open is checked per object
    (`coaching.permissions.get_participant_for_coach`)."""
    if not (user.is_authenticated and user.is_coach):
        raise PermissionDenied


def require_ministry_admin(user: User) -> None:
    """The ministry's pages outside the Django admin (superusers count as the ministry)."""
    if not (user.is_authenticated and (user.is_ministry_admin or user.is_superuser)):
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
