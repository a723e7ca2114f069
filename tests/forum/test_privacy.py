"""The personal-data registry: the author's export, and erasure keeping posts under "Ancien participant·e"."""

import pytest
from django.urls import reverse

from accounts.erasure import account_erase
from accounts.privacy import personal_data_export
from forum.models import Flag, Member, Notification, Post, Subscription, Topic, TopicRead
from forum.services import post_flag

pytestmark = pytest.mark.django_db


def test_the_export_lists_the_authors_posts_only(participant, other_participant, make_topic, make_reply):
    topic = make_topic(participant, title="Mon sujet", body="Mon premier message.")
    make_reply(other_participant, topic, "La réponse de quelqu'un d'autre.")
    post_flag(user=participant, post=Post.objects.get(number=2), reason="off_topic")
    exported = personal_data_export(user=participant)["forum"]
    assert [post["text"] for post in exported["posts"]] == ["Mon premier message."]
    assert exported["flags"][0]["reason"] == "off_topic"
    assert "quelqu'un d'autre" not in str(exported)


def test_erasure_keeps_posts_readable_under_a_former_participant(
    client_of, participant, other_participant, make_topic, make_reply
):
    topic = make_topic(participant, title="Sujet d'une personne qui partira", body="Ma question.")
    make_reply(other_participant, topic, "Une réponse.")
    make_reply(participant, topic, "Merci à vous !")
    post_flag(user=participant, post=Post.objects.get(number=2), reason="spam")
    name = participant.display_name
    account_erase(user=participant)
    assert Post.objects.filter(author=participant).count() == 0
    assert Post.objects.filter(author__isnull=True).count() == 2
    topic.refresh_from_db()
    assert topic.author is None and topic.last_poster_name == ""
    for model in (Flag, Subscription, TopicRead, Member, Notification):
        assert not model.objects.filter(**{"flagger" if model is Flag else "user": participant}).exists()
    page = client_of(other_participant).get(topic.get_absolute_url()).content.decode()
    assert "Ma question." in page and "Ancien participant·e" in page and name not in page
    listed = client_of(other_participant).get(reverse("forum:category", kwargs={"slug": "general"}))
    assert "Ancien participant·e" in listed.content.decode()
    english = client_of(other_participant).get("/en" + topic.get_absolute_url()).content.decode()
    assert "Former participant" in english
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_erasure_leaves_the_moderation_log_without_the_person(participant, coach):
    from forum.models import ModerationAction
    from forum.services import user_warn

    user_warn(moderator=coach, user=participant, reason="Ton à revoir.")

    account_erase(user=participant)

    action = ModerationAction.objects.get()
    assert action.target_user is None
    assert action.moderator == coach
