"""E-mail builders and a flaky mail backend for tests/accounts/test_emails.py (imported by dotted
path, by the test process and by a real Celery worker)."""

from smtplib import SMTPServerDisconnected

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User

built: list[int] = []


def hello_email(*, user_id: int) -> EmailMultiAlternatives | None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    built.append(user_id)
    with translation.override(user.language):
        subject = _("Mon plan d'action")
    message = EmailMultiAlternatives(subject=subject, body=f"user {user_id}", to=[user.email])
    message.attach_alternative(f"<p>user {user_id}</p>", "text/html")
    return message


class FlakyBackend(LocmemBackend):
    """The mail server drops the first `failures` connections, then works (into mail.outbox)."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise SMTPServerDisconnected("the server closed the connection")
        return super().send_messages(messages)
