"""The digest: due people only (not back since the last one), once per period, in the person's
language and zone, nothing hidden or waiting, a signed one-click unsubscribe that works logged out."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SentEmail
from forum.digest import digest_email, digest_send_due, unsubscribe_token
from forum.models import DigestRun, Member
from forum.services import post_moderate
from forum.tasks import digest_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def away(participant, other_participant, coach, make_topic, make_reply):
    """The participant asked a question two days ago and has not come back; two replies since,
    one of them hidden by a moderator."""
    with time_machine.travel(timezone.now() - timedelta(days=2)):
        topic = make_topic(participant, title="Assurance maladie : le délai de carence")
        Member.objects.filter(user=participant).update(last_seen_at=timezone.now())
    make_reply(other_participant, topic, "Trois mois, puis la RAMQ vous couvre.")
    hidden = make_reply(other_participant, topic, "Un message masqué sur la RAMQ")
    post_moderate(moderator=coach, post=hidden, action="hide")
    return topic


def test_the_daily_digest_goes_to_people_away_and_only_once_per_period(
    away, participant, other_participant, celery_eager, django_capture_on_commit_callbacks
):
    # Through accounts.emails: queued on commit, built and sent by its task (eager here).
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert digest_send_due(frequency="daily") == 1
        assert digest_send_due(frequency="daily") == 0
    assert len(callbacks) == 1
    assert list(DigestRun.objects.values_list("user_id", flat=True)) == [participant.pk]
    assert SentEmail.objects.filter(key__startswith=f"forum.digest:{participant.pk}:daily:").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [participant.email]
    assert "Trois mois" not in message.body  # titles and links only
    assert "Assurance maladie" in message.body and "masqué" not in message.body
    html = message.alternatives[0][0]
    assert "Assurance maladie" in html and "Un message masqué" not in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_people_who_came_back_since_the_last_digest_get_none(away, participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        digest_send_due(frequency="daily")
    later = timezone.now() + timedelta(days=1)
    Member.objects.filter(user=participant).update(last_seen_at=timezone.now() + timedelta(hours=1))
    with time_machine.travel(later), django_capture_on_commit_callbacks() as callbacks:
        assert digest_send_due(frequency="daily") == 0
    assert callbacks == []


def test_weekly_and_off_follow_the_persons_choice(away, client_of, participant, django_capture_on_commit_callbacks):
    client_of(participant).post(reverse("forum:preferences"), {"digest": "weekly"})
    Member.objects.filter(user=participant).update(last_seen_at=timezone.now() - timedelta(days=2))
    with django_capture_on_commit_callbacks():
        assert digest_send_due(frequency="daily") == 0
        # Seen two days ago: not away for a whole week yet.
        assert digest_send_due(frequency="weekly") == 0
    Member.objects.filter(user=participant).update(last_seen_at=timezone.now() - timedelta(days=8))
    with django_capture_on_commit_callbacks():
        assert digest_send_due(frequency="weekly") == 1
    client_of(participant).post(reverse("forum:preferences"), {"digest": "off"})
    run = DigestRun.objects.get()
    assert digest_email(user_id=participant.pk, period=run.period, since=timezone.now().isoformat()) is None


def test_the_digest_is_in_the_persons_language(away, participant):
    participant.language = "en"
    participant.save(update_fields=["language"])
    since = (timezone.now() - timedelta(days=1)).isoformat()
    message = digest_email(user_id=participant.pk, period="daily:x", since=since)
    assert message.subject == "Forum: new posts in the topics you follow"
    assert "Stop receiving this digest" in message.body


def test_nothing_new_means_no_digest(participant, django_capture_on_commit_callbacks):
    Member.objects.create(user=participant, last_seen_at=timezone.now() - timedelta(days=3))
    with django_capture_on_commit_callbacks() as callbacks:
        assert digest_task.apply(kwargs={"frequency": "daily"}).get() == 0
    assert callbacks == [] and not DigestRun.objects.exists()


def test_the_unsubscribe_link_works_logged_out_and_cannot_be_forged(participant):
    Member.objects.create(user=participant)
    client = Client()
    url = reverse("forum:digest_unsubscribe", kwargs={"token": unsubscribe_token(participant.pk)})
    assert "Me désabonner" in client.get(url).content.decode()
    assert Member.objects.get(user=participant).digest == Member.Digest.DAILY
    assert client.post(url).status_code == 200  # one click, no CSRF token (RFC 8058)
    assert Member.objects.get(user=participant).digest == Member.Digest.OFF
    forged = reverse("forum:digest_unsubscribe", kwargs={"token": f"{participant.pk}:forged"})
    assert client.post(forged).status_code == 400


def test_posts_waiting_for_approval_stay_out_of_the_digest(settings, participant, make_topic):
    from tests.accounts.factories import ParticipantFactory

    with time_machine.travel(timezone.now() - timedelta(days=2)):
        topic = make_topic(participant, title="Cours de francisation")
    settings.FORUM_APPROVAL_POSTS = 2
    from forum.services import reply_create

    newcomer = ParticipantFactory()
    reply_create(user=newcomer, topic=topic, body="Mon lien publicitaire", trusted=True)
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert digest_email(user_id=participant.pk, period="daily:x", since=since) is None


def test_the_beat_task_on_a_real_worker_sends_each_digest_once(celery_worker_process, transactional_db):
    """digest_task as beat queues it, run by a real worker on Redis: it claims, queues the e-mail
    through accounts.emails, and the worker sends it (written as a file); a second run sends none."""
    import time

    from accounts.models import SentEmail
    from tests.accounts.factories import ParticipantFactory
    from tests.forum.factories import approved_reply, approved_topic

    asker, replier = ParticipantFactory(language="en"), ParticipantFactory()
    with time_machine.travel(timezone.now() - timedelta(days=2)):
        topic = approved_topic(asker, title="Winter tyres")
        Member.objects.filter(user=asker).update(last_seen_at=timezone.now())
    approved_reply(replier, topic, "Mandatory from December 1st.")
    assert digest_task.apply_async(kwargs={"frequency": "daily"}).get(timeout=60) == 1
    deadline = time.monotonic() + 30
    while not SentEmail.objects.filter(key__startswith=f"forum.digest:{asker.pk}:").exists():
        assert time.monotonic() < deadline, "the worker sent no digest"
        time.sleep(0.2)
    assert digest_task.apply_async(kwargs={"frequency": "daily"}).get(timeout=60) == 0
    files = list(celery_worker_process.mail_dir.iterdir())
    assert len(files) == 1
    written = files[0].read_text()
    assert f"To: {asker.email}" in written and "Forum: new posts in the topics you follow" in written
