"""The single place where the portal customises django-allauth."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.mail import ServiceSite, add_html_part, service_subject
from accounts.models import User
from accounts.policies import consent_record, current_policies
from accounts.services import user_set_role
from accounts.staff import staff_must_set_up_totp
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

    # --- E-mails: the service's name, the person's language, plain text and HTML ---------------

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # The person's own language (a password reset may be asked from the other language's
        # page); for an address with no account, the page's.
        user = context.get("user") or User.objects.filter(email__iexact=email).only("language").first()
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(
                template_prefix, email, {**context, "current_site": ServiceSite(), "site_url": settings.SITE_URL}
            )

    def format_email_subject(self, subject: str) -> str:
        return service_subject(subject)

    def render_mail(self, template_prefix, email, context, headers=None):
        return add_html_part(super().render_mail(template_prefix, email, context, headers=headers))

    # --- First contact ---------------------------------------------------------------------

    def get_signup_redirect_url(self, request):
        # Where the sign-up resumes once the address is confirmed in the browser that signed up
        # (allauth logs them in then: they just proved who they are): their profile, at once.
        return reverse("accounts:onboarding")

    def post_login(self, request, user, **kwargs):
        # Staff who still have to add a second factor typed their password seconds ago: allauth
        # would ask for it again before the setup (it counts only a "reauthentication" as fresh).
        # That password login counts as one, for this session only.
        records = get_authentication_records(request, user)
        if staff_must_set_up_totp(user) and records and records[-1].get("method") == "password":
            record_authentication(request, user, method="password", reauthenticated=True)
        return super().post_login(request, user, **kwargs)
