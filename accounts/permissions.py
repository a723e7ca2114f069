"""Who may use the participant's own pages (onboarding, profile, dashboard)."""

from django.core.exceptions import PermissionDenied

from accounts.models import User


def require_participant(user: User) -> None:
    """Onboarding and the profile are the participant's own: staff get 403 (they read profiles
    through coaching/ or the admin). The URLs carry no id, so nobody reaches another's profile."""
    if not (user.is_authenticated and user.is_participant):
        raise PermissionDenied


def require_ministry_admin(user: User) -> None:
    """The ministry's pages outside the Django admin (superusers count as the ministry)."""
    if not (user.is_authenticated and (user.is_ministry_admin or user.is_superuser)):
        raise PermissionDenied
