"""Every e-mail the portal sends leaves through one Celery task, once, after the transaction commits.

A service calls, inside its transaction:
    email_enqueue(key=f"action_plan.review:{review.pk}",
                  builder="action_plan.emails.review_email", kwargs={"review_id": review.pk})
Once the transaction commits, `email_send_task` runs in a worker (in the web process under
`make run`, where Celery is eager). It skips a key that has a `SentEmail` row; otherwise it imports
the builder (a dotted path), calls it with `**kwargs` (ids only: they cross the broker as JSON),
sends the `EmailMultiAlternatives` it returns (plain text and HTML, in the recipient's language and
time zone) and records the key, or records it as "nothing to send" when the builder returns None
(the task was deleted, the person unsubscribed…).

A mail server that fails never reaches the request that enqueued it: the failure is recorded on
the key's `SentEmail` row (`failed`, `failures`, `last_error`) and logged; a worker retries with
exponential back-off, and the next try sends it. Under `make run` (eager Celery, no worker), the
task runs inside the request: it tries once, records the failure and returns, so the booking (or
whatever the service saved) stands and the person sees their success page. The on-commit hook is
robust too: a broker that is down, or a bug in a builder, is logged, never turned into an error
page for a transaction that has already committed.
"""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils.module_loading import import_string

from accounts.models import SentEmail
from integration_portal.celery import retry_countdown

logger = logging.getLogger(__name__)

SENT, ALREADY_SENT, NOTHING_TO_SEND, FAILED = "sent", "already_sent", "nothing_to_send", "failed"
MAIL_FAILURES = (smtplib.SMTPException, OSError, OperationalError)
MAX_RETRIES = 8


def email_enqueue(*, key: str, builder: str, kwargs: dict) -> None:
    """Queue the e-mail once the current transaction commits (nothing is queued if it rolls back)."""

    def queue() -> None:
        email_send_task.delay(key=key, builder=builder, kwargs=kwargs)

    queue.__qualname__ = f"email_enqueue({key})"  # named in the log line if queueing fails
    transaction.on_commit(queue, robust=True)


def email_send(*, key: str, builder: str, kwargs: dict) -> str:
    """Build and send the e-mail of this key unless it was already handled.

    The SentEmail row is inserted (or, after a failed try, locked) before sending, in the same
    transaction: a second task with the same key waits on the unique index or the row lock until
    this one commits (then skips) or rolls back because the mail server failed (then sends). A
    crash between the send and the commit can still send twice; no scheme avoids that with SMTP.
    """
    with transaction.atomic():
        row, created = SentEmail.objects.select_for_update().get_or_create(key=key, defaults={"builder": builder})
        if not created and not row.failed:
            return ALREADY_SENT
        message: EmailMultiAlternatives | None = import_string(builder)(**kwargs)
        row.failed = False
        row.sent = message is not None
        row.save(update_fields=["sent", "failed"])
        if message is None:
            return NOTHING_TO_SEND
        message.send()
    return SENT


def email_failure_record(*, key: str, builder: str, error: BaseException, kwargs: dict | None = None) -> int:
    """Record a failed try on the key's row (the sending transaction rolled back); returns how many."""
    text = f"{type(error).__name__}: {error}"[:500]
    row, created = SentEmail.objects.get_or_create(
        key=key,
        defaults={
            "builder": builder,
            "kwargs": kwargs or {},
            "sent": False,
            "failed": True,
            "failures": 1,
            "last_error": text,
        },
    )
    if not created:
        SentEmail.objects.filter(pk=row.pk, failed=True).update(failures=F("failures") + 1, last_error=text)
        row.refresh_from_db(fields=["failures"])
    return row.failures


def emails_send_again(*, rows) -> int:
    """Queue again the e-mails of these rows that failed (the mail server is back); returns how
    many. A row already sent is left alone: its key would make the task skip it anyway."""
    failed = [row for row in rows if row.failed]
    for row in failed:
        email_enqueue(key=row.key, builder=row.builder, kwargs=row.kwargs)
    return len(failed)


@shared_task(
    bind=True,
    name="accounts.email_send",
    max_retries=MAX_RETRIES,
    acks_late=True,  # a worker killed mid-send leaves the message on the queue; the key makes it safe
    soft_time_limit=60,
    time_limit=90,
)
def email_send_task(self, *, key: str, builder: str, kwargs: dict) -> str:
    try:
        return email_send(key=key, builder=builder, kwargs=kwargs)
    except MAIL_FAILURES as error:
        try:
            failures = email_failure_record(key=key, builder=builder, error=error, kwargs=kwargs)
        except OperationalError:  # the database is what failed: still retry, say so in the log
            failures = self.request.retries + 1
        # Eager (make run): we are inside the request, with no worker to try later; retrying at
        # once would only make the person wait for the same refusal.
        if self.request.is_eager or self.request.retries >= self.max_retries:
            logger.error("e-mail %s not sent after %s tries: %s", key, failures, error)
            return FAILED
        logger.warning("e-mail %s not sent (try %s), retrying: %s", key, failures, error)
        # 30 s, 1 min, 2 min… at most an hour.
        countdown = retry_countdown(self.request.retries, first=settings.EMAIL_RETRY_BACKOFF_SECONDS, longest=60 * 60)
        raise self.retry(exc=error, countdown=countdown) from error
