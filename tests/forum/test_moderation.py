"""Flags, the moderation queue, moderators' actions (logged), approval of new accounts' first
posts, and hidden posts kept from participants everywhere."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.privacy import personal_data_export
from forum.models import Flag, ModerationAction, Notification, Post, Topic
from forum.selectors import moderation_queue, search_posts
from forum.services import post_flag, post_moderate, topic_moderate, user_warn
from tests.accounts.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_anyone_flags_with_a_reason_but_not_their_own_post_nor_twice(
    client_of, participant, other_participant, make_topic
):
    topic = make_topic(participant)
    post = Post.objects.get(topic=topic)
    url = reverse("forum:post_flag", kwargs={"pk": post.pk})
    missing = client_of(other_participant).post(url, {})
    assert "Ce champ est obligatoire." in missing.content.decode()
    client_of(other_participant).post(url, {"reason": "spam", "note": "publicité"})
    assert Flag.objects.get().reason == "spam"
    again = client_of(other_participant).post(url, {"reason": "spam"})
    assert "Vous avez déjà signalé ce message." in again.content.decode()
    own = client_of(participant).post(url, {"reason": "spam"})
    assert "Vous ne pouvez pas signaler votre propre message." in own.content.decode()
    assert Flag.objects.count() == 1


def test_three_flags_from_different_people_hide_the_post_until_a_moderator_looks(
    participant, coach, make_topic, make_reply
):
    topic = make_topic(coach)
    post = make_reply(participant, topic, "Achetez mes montres !")
    flaggers = [ParticipantFactory() for _ in range(3)]
    post_flag(user=flaggers[0], post=post, reason="spam")
    post_flag(user=flaggers[1], post=post, reason="spam")
    post.refresh_from_db()
    assert not post.is_hidden
    post_flag(user=flaggers[2], post=post, reason="inappropriate")
    post.refresh_from_db()
    assert post.is_hidden
    assert ModerationAction.objects.filter(action="auto_hide", post=post, moderator=None).exists()
    queue = moderation_queue()
    assert [p.pk for p in queue["flagged"]] == [post.pk]
    post_moderate(moderator=coach, post=post, action="dismiss", reason="Faux signalements")
    post.refresh_from_db()
    assert not post.is_hidden and not Flag.objects.filter(resolved_at__isnull=True).exists()
    assert moderation_queue()["flagged"] == []


def test_a_flag_waiting_48_hours_is_highlighted(participant, other_participant, make_topic):
    post = Post.objects.get(topic=make_topic(participant))
    post_flag(user=other_participant, post=post, reason="off_topic")
    assert not moderation_queue()["flagged"][0].highlight
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        assert moderation_queue()["flagged"][0].highlight


def test_the_queue_and_actions_are_for_moderators_only(client_of, participant, other_participant, coach, make_topic):
    topic = make_topic(participant)
    post = Post.objects.get(topic=topic)
    for url in (reverse("forum:moderation"), reverse("forum:moderation_log"), reverse("forum:coach_queue")):
        assert client_of(participant).get(url).status_code == 403
        assert client_of(coach).get(url).status_code == 200
    hide = reverse("forum:post_moderate", kwargs={"pk": post.pk})
    assert client_of(other_participant).post(hide, {"action": "hide"}).status_code == 403
    lock = reverse("forum:topic_moderate", kwargs={"pk": topic.pk})
    assert client_of(other_participant).post(lock, {"action": "lock"}).status_code == 403
    warn = reverse("forum:user_moderate", kwargs={"user_id": participant.pk})
    assert client_of(other_participant).post(warn, {"action": "warn", "reason": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        topic_moderate(moderator=other_participant, topic=topic, action="lock")
    topic.refresh_from_db()
    assert not topic.is_locked and not ModerationAction.objects.exists()


def test_each_action_is_logged_with_who_when_and_why(client_of, participant, coach, make_topic):
    topic = make_topic(participant)
    post = Post.objects.get(topic=topic)
    client = client_of(coach)
    for action in ("lock", "unlock", "pin", "hide", "unhide"):
        client.post(reverse("forum:topic_moderate", kwargs={"pk": topic.pk}), {"action": action, "reason": "r"})
    client.post(
        reverse("forum:topic_moderate", kwargs={"pk": topic.pk}),
        {"action": "move", "category": topic.category.__class__.objects.get(slug="region-01").pk, "reason": "région"},
    )
    client.post(reverse("forum:post_moderate", kwargs={"pk": post.pk}), {"action": "hide", "reason": "vulgaire"})
    client.post(reverse("forum:user_moderate", kwargs={"user_id": participant.pk}), {"action": "warn", "reason": "Ton"})
    client.post(
        reverse("forum:user_moderate", kwargs={"user_id": participant.pk}),
        {"action": "suspend", "days": "2", "reason": "Récidive"},
    )
    log = list(ModerationAction.objects.order_by("pk").values_list("action", "moderator_id"))
    assert [action for action, _ in log] == [
        "lock", "unlock", "pin", "hide", "unhide", "move", "hide", "warn", "suspend",
    ]  # fmt: skip
    assert {moderator for _, moderator in log} == {coach.pk}
    topic.refresh_from_db()
    assert topic.category.slug == "region-01" and topic.is_pinned
    assert Notification.objects.filter(user=participant, kind="warning", message="Ton").exists()
    page = client.get(reverse("forum:moderation_log")).content.decode()
    assert "Récidive" in page and "vulgaire" in page


def test_a_suspension_needs_a_duration_and_a_reason(client_of, participant, coach):
    url = reverse("forum:user_moderate", kwargs={"user_id": participant.pk})
    response = client_of(coach).post(url, {"action": "suspend", "reason": "x"})
    assert "Indiquez la durée de la suspension." in response.content.decode()
    with pytest.raises(ValidationError):
        user_warn(moderator=coach, user=participant, reason="  ")


def test_a_new_accounts_first_posts_wait_for_approval_with_links_not_clickable(
    settings, client_of, participant, other_participant, coach, make_topic
):
    settings.FORUM_APPROVAL_POSTS = 2
    topic = make_topic(coach)
    client = client_of(participant)
    client.post(reverse("forum:reply", kwargs={"pk": topic.pk}), {"body": "Voir [mon site](https://spam.example)"})
    waiting = Post.objects.get(author=participant)
    assert not waiting.is_approved
    own_view = client.get(topic.get_absolute_url()).content.decode()
    assert "En attente d'approbation" in own_view and 'href="https://spam.example"' not in own_view
    others = client_of(other_participant).get(topic.get_absolute_url()).content.decode()
    assert "mon site" not in others
    assert [p.pk for p in moderation_queue()["waiting"]] == [waiting.pk]
    client_of(coach).post(reverse("forum:post_moderate", kwargs={"pk": waiting.pk}), {"action": "approve"})
    others = client_of(other_participant).get(topic.get_absolute_url()).content.decode()
    assert 'href="https://spam.example"' in others
    # A new account's topic is invisible to others until approved.
    client.post(reverse("forum:topic_create", kwargs={"slug": "general"}), {"title": "Mon sujet", "body": "Texte"})
    new_topic = Topic.objects.get(title="Mon sujet")
    assert client_of(other_participant).get(new_topic.get_absolute_url()).status_code == 404
    assert client.get(new_topic.get_absolute_url()).status_code == 200


def test_hidden_posts_are_invisible_to_participants_everywhere(
    client_of, participant, other_participant, coach, make_topic, make_reply
):
    topic = make_topic(participant, title="Déneigement de l'entrée")
    other_topic = make_topic(coach, title="Sujet caché")
    hidden = make_reply(other_participant, topic, "Un message inapproprié sur la souffleuse")
    post_moderate(moderator=coach, post=hidden, action="hide")
    topic_moderate(moderator=coach, topic=other_topic, action="hide")
    client = client_of(participant)
    assert "souffleuse" not in client.get(topic.get_absolute_url()).content.decode()
    assert client.get(other_topic.get_absolute_url()).status_code == 404
    assert client.get(reverse("forum:post", kwargs={"pk": hidden.pk})).status_code == 404
    listed = client.get(reverse("forum:category", kwargs={"slug": "general"})).context["page"]
    assert [t.pk for t in listed] == [topic.pk]
    assert search_posts(user=participant, text="souffleuse") == []
    assert not client.get(reverse("forum:notifications")).context["page"].object_list
    exported = personal_data_export(user=participant)["forum"]
    assert "souffleuse" not in str(exported)
    assert "souffleuse" in client_of(coach).get(topic.get_absolute_url()).content.decode()


def test_flagging_is_rate_limited_per_person(client_of, participant, coach, make_topic, make_reply):
    topic = make_topic(coach)
    posts = [make_reply(coach, topic) for _ in range(11)]
    client = client_of(participant)
    statuses = [
        client.post(reverse("forum:post_flag", kwargs={"pk": post.pk}), {"reason": "spam"}).status_code
        for post in posts
    ]
    assert statuses == [302] * 10 + [429]
    assert Flag.objects.filter(flagger=participant).count() == 10


def test_a_bad_quote_id_is_ignored(client_of, participant, coach, make_topic, make_reply):
    topic = make_topic(participant)
    hidden = make_reply(coach, topic, "Un message masqué à ne pas citer")
    post_moderate(moderator=coach, post=hidden, action="hide")
    client = client_of(participant)
    for quote in (str(hidden.pk), "abc", "999999"):
        page = client.get(topic.get_absolute_url() + f"?quote={quote}")
        assert page.status_code == 200 and page.context["reply_form"].initial["body"] == ""
    client.post(reverse("forum:reply", kwargs={"pk": topic.pk}), {"body": "Sans citation", "quote": str(hidden.pk)})
    assert Post.objects.filter(topic=topic, body="Sans citation").exists()
