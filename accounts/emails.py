"""Every e-mail the portal sends leaves through one Celery task, once, after the transaction commits.

A service calls, inside its transaction:
    email_enqueue(key=f"action_plan.review:{review.pk}",
                  builder="action_plan.emails.review_email", kwargs={"review_id": review.pk})
Once the transaction commits, `email_send_task` runs in a worker (in the web process under
`make run`, where Celery is eager). It skips a key that has a `SentEmail` row; otherwise it imports
the builder (a dotted path), calls it with `**kwargs` (ids only: they cross the broker as JSON),
sends the `EmailMultiAlternatives` it returns (plain text and HTML, in the recipient's language and
time zone) and records the key, or records it as "nothing to send" when the builder returns None
(the task was deleted, the person unsubscribed…). A mail server that fails makes the task retry
with exponential back-off; the request that enqueued it never sees the failure.
"""

import logging
import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import OperationalError, transaction
from django.utils.module_loading import import_string

from accounts.models import SentEmail

logger = logging.getLogger(__name__)

SENT, ALREADY_SENT, NOTHING_TO_SEND = "sent", "already_sent", "nothing_to_send"


def email_enqueue(*, key: str, builder: str, kwargs: dict) -> None:
    """Queue the e-mail once the current transaction commits (nothing is queued if it rolls back)."""
    transaction.on_commit(lambda: email_send_task.delay(key=key, builder=builder, kwargs=kwargs))


def email_send(*, key: str, builder: str, kwargs: dict) -> str:
    """Build and send the e-mail of this key unless it was already handled.

    The SentEmail row is inserted before sending, in the same transaction: a second task with the
    same key waits on the unique index until this one commits (then skips) or rolls back because
    the mail server failed (then sends). A crash between the send and the commit can still send
    twice; no scheme avoids that with SMTP.
    """
    with transaction.atomic():
        row, created = SentEmail.objects.get_or_create(key=key, defaults={"builder": builder})
        if not created:
            return ALREADY_SENT
        message: EmailMultiAlternatives | None = import_string(builder)(**kwargs)
        if message is None:
            row.sent = False
            row.save(update_fields=["sent"])
            return NOTHING_TO_SEND
        message.send()
    return SENT


@shared_task(
    name="accounts.email_send",
    autoretry_for=(smtplib.SMTPException, OSError, OperationalError),
    max_retries=8,
    retry_backoff=30,  # 30 s, 1 min, 2 min… (with jitter), at most an hour between tries
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    acks_late=True,  # a worker killed mid-send leaves the message on the queue; the key makes it safe
    soft_time_limit=60,
    time_limit=90,
)
def email_send_task(*, key: str, builder: str, kwargs: dict) -> str:
    return email_send(key=key, builder=builder, kwargs=kwargs)
