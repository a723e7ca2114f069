"""accounts.emails: every e-mail leaves through a task queued on commit, once per key, retried."""

import time

import pytest
from django.core import mail
from django.db import transaction

from accounts.emails import ALREADY_SENT, FAILED, NOTHING_TO_SEND, SENT, email_enqueue, email_send_task
from accounts.models import SentEmail
from tests.accounts import email_helpers
from tests.accounts.factories import ParticipantFactory

BUILDER = "tests.accounts.email_helpers.hello_email"


@pytest.fixture(autouse=True)
def no_email_built_yet():
    email_helpers.built.clear()


@pytest.mark.django_db
def test_an_enqueued_email_is_sent_on_commit_once_per_key(celery_eager, django_capture_on_commit_callbacks):
    user = ParticipantFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        email_enqueue(key=f"test.hello:{user.pk}", builder=BUILDER, kwargs={"user_id": user.pk})
        assert mail.outbox == []  # nothing leaves before the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        email_enqueue(key=f"test.hello:{user.pk}", builder=BUILDER, kwargs={"user_id": user.pk})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email] and message.subject == "My action plan"  # the recipient's language
    assert message.alternatives[0][1] == "text/html"
    assert SentEmail.objects.get(key=f"test.hello:{user.pk}").sent
    assert email_helpers.built == [user.pk]  # the second task did not even build the message


@pytest.mark.django_db
def test_nothing_is_queued_when_the_transaction_rolls_back(celery_eager, django_capture_on_commit_callbacks):
    user = ParticipantFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                email_enqueue(key="test.rolled-back", builder=BUILDER, kwargs={"user_id": user.pk})
                raise RuntimeError("the service failed")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []


@pytest.mark.django_db
def test_a_builder_with_nothing_to_send_any_more_marks_the_key(celery_eager):
    user = ParticipantFactory(is_active=False)
    result = email_send_task.apply(kwargs={"key": "test.gone", "builder": BUILDER, "kwargs": {"user_id": user.pk}})
    assert result.get() == NOTHING_TO_SEND
    assert mail.outbox == []
    assert SentEmail.objects.get(key="test.gone").sent is False


@pytest.mark.django_db
def test_a_refusing_mail_server_is_recorded_and_the_next_try_sends_it_once(celery_eager, settings, caplog):
    """Eager (make run): one try, inside the request; the failure is recorded and logged, not raised."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    user = ParticipantFactory()
    task = {"key": "test.refused", "builder": BUILDER, "kwargs": {"user_id": user.pk}}
    with email_helpers.RefusingMailServer() as server:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        assert email_send_task.apply(kwargs=task).get() == FAILED
        assert email_send_task.apply(kwargs=task).get() == FAILED
    assert server.connections == 2  # one try each: eager retries would only repeat the refusal
    row = SentEmail.objects.get(key="test.refused")
    assert row.failed and not row.sent and row.failures == 2
    assert "SMTPConnectError" in row.last_error and "Service refused" in row.last_error
    assert "e-mail test.refused not sent after 2 tries" in caplog.text

    # The server works again: the next try sends it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_send_task.apply(kwargs=task).get() == SENT
    assert email_send_task.apply(kwargs=task).get() == ALREADY_SENT
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.sent and not row.failed and row.failures == 2  # the history of failures stays


@pytest.mark.django_db(transaction=True)
def test_a_task_that_breaks_in_eager_mode_does_not_undo_nor_break_the_committed_work(celery_eager, caplog):
    """Under make run the task runs when the transaction commits, inside the request: whatever it
    raises (here a bug in a builder; in production, a broker that is down) is logged, and the
    work of the transaction stays."""
    user = ParticipantFactory()
    with transaction.atomic():
        email_enqueue(key="test.broken", builder="tests.accounts.email_helpers.broken_email", kwargs={})
        user.display_name = "Saved"
        user.save(update_fields=["display_name"])
    user.refresh_from_db()
    assert user.display_name == "Saved"
    assert "email_enqueue(test.broken)" in caplog.text and "a bug in the builder" in caplog.text
    assert not SentEmail.objects.filter(key="test.broken").exists()  # rolled back: a later try may send


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_a_real_worker_sends_the_email_queued_on_commit_once(celery_worker_process):
    user = ParticipantFactory(language="fr-ca")
    key = f"test.worker:{user.pk}"
    with transaction.atomic():
        email_enqueue(key=key, builder=BUILDER, kwargs={"user_id": user.pk})
    wait_for(lambda: SentEmail.objects.filter(key=key).exists())
    # The same key again, straight to the worker: it finds the mark and sends nothing.
    again = email_send_task.apply_async(kwargs={"key": key, "builder": BUILDER, "kwargs": {"user_id": user.pk}})
    assert again.get(timeout=30) == ALREADY_SENT
    files = list(celery_worker_process.mail_dir.iterdir())
    assert len(files) == 1
    written = files[0].read_text()
    assert f"To: {user.email}" in written and "Mon plan d'action" in written


def test_a_real_worker_records_a_refusing_mail_server_and_retries_with_back_off(celery_worker_factory):
    user = ParticipantFactory()
    key = f"test.worker-refused:{user.pk}"
    with email_helpers.RefusingMailServer() as server:
        # Back-off steps of 1 s, 2 s… (instead of 30 s, 1 min…) so that the test sees two retries.
        celery_worker_factory(EMAIL_URL=f"smtp://127.0.0.1:{server.port}", EMAIL_RETRY_BACKOFF_SECONDS="1")
        with transaction.atomic():
            email_enqueue(key=key, builder=BUILDER, kwargs={"user_id": user.pk})
        wait_for(lambda: SentEmail.objects.filter(key=key, failures__gte=3).exists())
        started = time.monotonic()
        wait_for(lambda: SentEmail.objects.filter(key=key, failures__gte=4).exists())
        waited = time.monotonic() - started
    row = SentEmail.objects.get(key=key)
    assert row.failed and not row.sent and "Service refused" in row.last_error
    assert server.connections >= 4
    assert waited >= 2  # the fourth try waited at least half of its 4 s step: back-off, not a loop


@pytest.mark.django_db
def test_an_admin_sees_the_failed_emails_and_sends_them_again_once_the_server_is_back(
    celery_eager, settings, ministry_admin, django_capture_on_commit_callbacks
):
    """After the last retry nothing would send the invitation any more: the admin's list shows
    it, with the error, and its action queues it again (a sent one is left alone)."""
    from django.urls import reverse

    from tests.conftest import client_for

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    user = ParticipantFactory(language="en")
    failed = {"key": "test.invitation", "builder": BUILDER, "kwargs": {"user_id": user.pk}}
    with email_helpers.RefusingMailServer() as server:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        assert email_send_task.apply(kwargs=failed).get() == FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_send_task.apply(kwargs={**failed, "key": "test.other"}).get() == SENT
    mail.outbox.clear()

    client = client_for(ministry_admin)
    url = reverse("admin:accounts_sentemail_changelist")
    listed = client.get(url, {"failed__exact": "1"}).content.decode()
    assert "test.invitation" in listed and "Service refused" in listed and "test.other" not in listed

    rows = SentEmail.objects.filter(key__in=["test.invitation", "test.other"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "send_again", "_selected_action": [row.pk for row in rows]}, follow=True)

    assert "1 courriel en échec remis dans la file d" in response.content.decode()
    assert [message.subject for message in mail.outbox] == ["My action plan"]
    assert mail.outbox[0].to == [user.email]
    row = SentEmail.objects.get(key="test.invitation")
    assert row.sent and not row.failed and row.kwargs == {"user_id": user.pk}
    assert client.get(reverse("admin:accounts_sentemail_change", args=[row.pk])).status_code == 200
