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
