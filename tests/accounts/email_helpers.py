"""E-mail builders and a mail server that refuses for tests/accounts/test_emails.py (imported by dotted
path, by the test process and by a real Celery worker)."""

from django.core.mail import EmailMultiAlternatives
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


def broken_email() -> EmailMultiAlternatives:
    raise RuntimeError("a bug in the builder")


class RefusingMailServer:
    """A real SMTP server on 127.0.0.1 that answers every connection with 554 and hangs up, as a
    mail relay that refuses service does (smtplib raises SMTPConnectError). Counts connections."""

    def __init__(self):
        import socket
        import threading

        self.connections = 0
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        while True:
            try:
                connection, _address = self._socket.accept()
            except OSError:
                return  # closed
            self.connections += 1
            with connection:
                connection.sendall(b"554 5.3.2 Service refused, try later\r\n")

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._socket.close()
