"""Staff accounts made in the admin: the new coach or admin chooses their own password.

The admin creates the account without a password (or with one it never tells); the person gets an
e-mail with a link to choose a password (allauth's password reset key, valid as its settings say)
and is then asked to set up two-factor authentication at their first sign-in
(accounts.middleware.StaffTwoFactorMiddleware).
"""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.emails import email_enqueue
from accounts.models import User


def staff_invitation_send(*, user: User) -> None:
    """Queue the invitation once the account's transaction commits (once per account)."""
    email_enqueue(
        key=f"accounts.staff_invitation:{user.pk}",
        builder="accounts.staff_invitations.staff_invitation_email",
        kwargs={"user_id": user.pk},
    )


def staff_invitation_email(*, user_id: int) -> EmailMultiAlternatives | None:
    """In the new staff member's language: the link to choose a password, then two-factor."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.is_staff_member:
        return None
    with translation.override(user.language), timezone.override(user.zone):
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
        )
        context = {"user": user, "password_url": settings.SITE_URL + path, "role": user.get_role_display()}
        subject = _("Votre compte au Service d'intégration en ligne")
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("accounts/email/staff_invitation.txt", context),
            to=[user.email],
        )
        message.attach_alternative(render_to_string("accounts/email/staff_invitation.html", context), "text/html")
        return message
