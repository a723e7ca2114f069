"""`make run`'s demo forum: the exchange between the two demo participants and the coach can be read."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from forum.models import ModerationAction, Post, Topic

pytestmark = pytest.mark.django_db


def test_the_demo_exchange_is_published_although_new_members_wait_for_approval(client, settings):
    settings.FORUM_APPROVAL_POSTS = 2  # the service's default, which the forum tests set to 0
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # safe to run again

    topics = Topic.objects.all()
    assert topics.count() >= 2
    assert not Post.objects.filter(is_approved=False).exists()
    assert ModerationAction.objects.filter(action=ModerationAction.Action.APPROVE).exists()

    client.login(email="participant2@example.org", password="demo-Quebec-2026")
    for topic in topics:
        page = client.get(reverse("forum:category", args=[topic.category.slug])).content.decode()
        assert escape(topic.title) in page
