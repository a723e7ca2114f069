"""Notification levels (watching, tracking, normal, muted), the in-portal list, the live count
over the real notifications websocket (Redis layer), the count endpoint and the dashboard block."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.template.loader import render_to_string
from django.urls import reverse

from forum.blocks import coach_queue_block_context, replies_block_context
from forum.models import Level, Notification, Subscription
from forum.notify_cache import cached_unread_count
from forum.services import reply_create, subscription_set
from integration_portal.asgi import application
from tests.accounts.factories import ParticipantFactory
from tests.forum.factories import approved_reply, approved_topic
from tests.foundation.test_real_services import session_cookie_for

pytestmark = pytest.mark.django_db


def notified(user) -> int:
    return Notification.objects.filter(user=user, kind="reply").count()


def test_creating_or_replying_sets_watching_and_watchers_get_each_reply(
    participant, other_participant, coach, make_topic, make_reply
):
    topic = make_topic(participant)
    make_reply(other_participant, topic)
    assert Subscription.objects.get(user=participant, topic=topic).level == Level.WATCHING
    assert Subscription.objects.get(user=other_participant, topic=topic).level == Level.WATCHING
    make_reply(coach, topic)
    assert (notified(participant), notified(other_participant), notified(coach)) == (2, 1, 0)


def test_tracking_normal_and_muted_get_no_notification(participant, other_participant, make_topic, make_reply):
    topic = make_topic(participant)
    readers = {level: ParticipantFactory() for level in (Level.TRACKING, Level.NORMAL, Level.MUTED)}
    for level, reader in readers.items():
        subscription_set(user=reader, topic=topic, level=level)
    make_reply(other_participant, topic)
    assert [notified(reader) for reader in readers.values()] == [0, 0, 0]


def test_a_muted_topic_stays_muted_after_replying(participant, other_participant, make_topic, make_reply):
    topic = make_topic(participant)
    subscription_set(user=other_participant, topic=topic, level=Level.MUTED)
    make_reply(other_participant, topic)
    assert Subscription.objects.get(user=other_participant, topic=topic).level == Level.MUTED


def test_watching_a_category_notifies_new_topics_unless_the_topic_is_muted(
    participant, other_participant, general, make_topic, make_reply
):
    subscription_set(user=other_participant, category=general, level=Level.WATCHING)
    topic = make_topic(participant)
    assert Notification.objects.filter(user=other_participant, topic=topic).count() == 1
    subscription_set(user=other_participant, topic=topic, level=Level.MUTED)
    make_reply(ParticipantFactory(), topic)
    assert Notification.objects.filter(user=other_participant, topic=topic).count() == 1


def test_levels_are_set_from_the_topic_and_category_pages(client_of, participant, make_topic):
    topic = make_topic(ParticipantFactory())
    client = client_of(participant)
    client.post(reverse("forum:topic_level", kwargs={"pk": topic.pk}), {"level": "2"})
    client.post(reverse("forum:category_level", kwargs={"slug": "general"}), {"level": "3"})
    client.post(reverse("forum:category_level", kwargs={"slug": "general"}), {"level": "9"})
    assert Subscription.objects.get(user=participant, topic=topic).level == Level.TRACKING
    assert Subscription.objects.get(user=participant, category__slug="general").level == Level.WATCHING


def test_the_list_shows_notifications_and_opening_the_topic_marks_them_read(
    client_of, participant, other_participant, make_topic, make_reply
):
    topic = make_topic(participant, title="Permis de conduire")
    make_reply(other_participant, topic)
    client = client_of(participant)
    page = client.get(reverse("forum:notifications")).content.decode()
    assert "Permis de conduire" in page and f"{other_participant.display_name} a répondu dans" in page
    assert client.get(reverse("forum:notification_count")).json() == {"unread": 1}
    client.get(topic.get_absolute_url())
    assert client.get(reverse("forum:notification_count")).json() == {"unread": 0}
    assert cached_unread_count(participant.pk) == 0


def test_the_navigation_shows_the_cached_count_without_a_query(
    client_of, participant, other_participant, make_topic, make_reply, django_capture_on_commit_callbacks
):
    topic = make_topic(participant)
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(other_participant, topic)
    page = client_of(participant).get(reverse("forum:index")).content.decode()
    assert 'data-forum-count aria-hidden="true">1</span>' in page
    assert "1 notification non lue" in page
    assert "forum/notifications" in page and "<script>" not in page


def test_replies_for_you_on_the_dashboard(participant, other_participant, make_topic, make_reply):
    topic = make_topic(participant, title="Garderie à Gatineau")
    make_reply(other_participant, topic)
    context = replies_block_context(participant, None)
    assert context["count"] == 1
    html = render_to_string("forum/blocks/replies.html", context)
    assert "Garderie à Gatineau" in html and "1 nouvelle réponse" in html
    assert replies_block_context(other_participant, None)["count"] == 0


def test_the_replies_block_reads_nothing_when_the_cached_count_says_nothing_is_unread(
    participant, other_participant, make_topic, make_reply, django_assert_num_queries,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    topic = make_topic(participant, title="Garderie à Gatineau")
    with django_assert_num_queries(1):  # nothing cached yet: the count, kept for the next time
        assert replies_block_context(participant, None) == {"count": 0, "latest": []}
    assert cached_unread_count(participant.pk) == 0
    with django_assert_num_queries(0):
        assert replies_block_context(participant, None) == {"count": 0, "latest": []}
    with django_capture_on_commit_callbacks(execute=True):  # the service writes the new count
        make_reply(other_participant, topic)
    with django_assert_num_queries(1):  # the replies with their count, one window query
        context = replies_block_context(participant, None)
    assert context["count"] == 1 and [n.topic.title for n in context["latest"]] == ["Garderie à Gatineau"]


def test_the_coach_block_counts_questions_left_48_hours(coach, participant, coaches_category):
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() - timezone.timedelta(hours=50)):
        waiting = approved_topic(participant, title="Question en attente", is_question=True, slug=coaches_category.slug)
        answered = approved_topic(participant, title="Question répondue", is_question=True, slug=coaches_category.slug)
    approved_reply(coach, answered)
    approved_topic(participant, title="Question récente", is_question=True, slug=coaches_category.slug)
    context = coach_queue_block_context(coach, None)
    assert context["count"] == 1 and [t.pk for t in context["topics"]] == [waiting.pk]
    assert coach_queue_block_context(participant, None) is None
    from forum.selectors import unanswered_question_counts

    assert unanswered_question_counts(participant_ids=[participant.pk]) == {participant.pk: 2}


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_reply_pushes_the_new_count_over_the_websocket(participant, other_participant):
    topic = await sync_to_async(approved_topic)(participant)
    cookie = await sync_to_async(session_cookie_for)(participant)
    communicator = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[(b"cookie", cookie), (b"origin", b"http://127.0.0.1")]
    )
    connected, _ = await communicator.connect()
    assert connected
    await sync_to_async(reply_create)(user=other_participant, topic=topic, body="Bienvenue !", trusted=True)
    assert await communicator.receive_json_from(timeout=5) == {"type": "forum.notifications", "unread": 1}
    await communicator.disconnect()


def test_the_category_page_shows_the_persons_level(client_of, participant):
    client = client_of(participant)
    client.post(reverse("forum:category_level", kwargs={"slug": "general"}), {"level": "3"})
    page = client.get(reverse("forum:category", kwargs={"slug": "general"})).content.decode()
    assert '<option value="3" selected>Surveillé</option>' in page


def test_the_coach_dashboard_shows_the_forum_queue(client_of, coach, participant, coaches_category):
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() - timezone.timedelta(hours=49)):
        approved_topic(participant, title="Personne ne m'a répondu", is_question=True, slug=coaches_category.slug)
    page = client_of(coach).get(reverse("coaching:dashboard")).content.decode()
    assert "Questions du forum en attente" in page and "Personne ne m&#x27;a répondu" in page
