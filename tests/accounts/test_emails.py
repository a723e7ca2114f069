"""accounts.emails: every e-mail leaves through a task queued on commit, once per key, retried."""

import time

import pytest
from django.core import mail
from django.db import transaction

from accounts.emails import ALREADY_SENT, NOTHING_TO_SEND, SENT, email_enqueue, email_send_task
from accounts.models import SentEmail
from tests.accounts import email_helpers
from tests.accounts.factories import ParticipantFactory

BUILDER = "tests.accounts.email_helpers.hello_email"


@pytest.fixture(autouse=True)
def no_email_built_yet():
    email_helpers.built.clear()
    email_helpers.FlakyBackend.failures = 0


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


@pytest.fixture
def eager_retries():
    """Eager retries run at once (no countdown); let them happen instead of raising the first Retry."""
    from integration_portal.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


@pytest.mark.django_db
def test_a_failing_mail_server_is_retried_and_the_message_sent_once(celery_eager, eager_retries, settings):
    settings.EMAIL_BACKEND = "tests.accounts.email_helpers.FlakyBackend"
    email_helpers.FlakyBackend.failures = 2
    user = ParticipantFactory()
    result = email_send_task.apply(kwargs={"key": "test.flaky", "builder": BUILDER, "kwargs": {"user_id": user.pk}})
    assert result.get() == SENT
    assert len(mail.outbox) == 1
    assert email_helpers.built == [user.pk] * 3  # two failed tries rolled back their mark, the third sent
    assert SentEmail.objects.filter(key="test.flaky").count() == 1


def test_the_task_retries_with_exponential_back_off():
    assert email_send_task.retry_backoff and email_send_task.retry_jitter
    assert email_send_task.max_retries >= 5
    assert email_send_task.acks_late


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
