"""The single place where the portal customises django-allauth."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils.translation import gettext

from accounts.models import User
from accounts.policies import consent_record, current_policies
from accounts.services import user_set_role
from integration_portal.i18n import english_active


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # allauth cuts a too-long address to the column's length when it saves the user, which
        # would make an account for an address nobody owns: refuse it at the form instead.
        max_length = User._meta.get_field("email").max_length
        if len(email) > max_length:
            raise forms.ValidationError(
                gettext("Cette adresse courriel est trop longue (au plus %(max)s caractères).") % {"max": max_length}
            )
        return super().clean_email(email)

    def save_user(self, request, user, form, commit=True):
        # Public sign-up is for participants only; staff accounts are made by admins.
        user.role = User.Role.PARTICIPANT
        user.language = User.Language.ENGLISH if english_active() else User.Language.FRENCH
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # The role's group too, as for every account (accounts.services.user_set_role).
            user_set_role(user=user, role=User.Role.PARTICIPANT)
        if commit and form.cleaned_data.get("accept_terms") and form.cleaned_data.get("accept_privacy"):
            # The sign-up form required both boxes: record the versions in force now.
            consent_record(user=user, policies=current_policies())
        return user
