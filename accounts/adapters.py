"""The single place where the portal customises django-allauth."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Public sign-up is for participants only; staff accounts are made by admins.
        user.role = User.Role.PARTICIPANT
        user.language = User.Language.ENGLISH if (translation.get_language() or "").startswith("en") else "fr-ca"
        return super().save_user(request, user, form, commit=commit)
