"""Categories, topic lists and topic pages: order, pagination, unread markers, read state kept
cheap (horizon, cutoff, cleanup), jump to first unread, fixed query counts."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from forum.models import POSTS_PER_PAGE, Category, Member, Post, TopicRead
from forum.services import mark_all_read, read_state_cleanup, topic_moderate
from forum.tasks import read_state_cleanup_task
from tests.job_feed.profiles import give_profile

pytestmark = pytest.mark.django_db


def test_own_region_and_occupation_family_come_first(client_of, participant):
    give_profile(participant, region="06", occupation="2")
    response = client_of(participant).get(reverse("forum:index"))
    slugs = [category.slug for category in response.context["categories"]]
    assert set(slugs[:2]) == {"region-06", "professions-2"}
    assert "questions-accompagnement" in slugs and "region-01" in slugs


def test_categories_exist_for_every_region_and_occupation_family(db):
    assert Category.objects.filter(kind=Category.Kind.REGION).count() == 17
    assert Category.objects.filter(kind=Category.Kind.OCCUPATION).count() == 10
    assert Category.objects.filter(kind=Category.Kind.COACHES).count() == 1


def test_topic_list_is_sorted_by_last_activity_pinned_first(client_of, participant, coach, make_topic, make_reply):
    old = make_topic(participant, title="Ancien sujet")
    newer = make_topic(participant, title="Sujet plus récent")
    pinned = make_topic(participant, title="Règles du forum")
    topic_moderate(moderator=coach, topic=pinned, action="pin")
    make_reply(coach, old)  # the old topic becomes the most active
    response = client_of(participant).get(reverse("forum:category", kwargs={"slug": "general"}))
    assert [topic.pk for topic in response.context["page"]] == [pinned.pk, old.pk, newer.pk]


def test_topic_list_is_paginated_in_a_fixed_number_of_queries(
    client_of, participant, other_participant, make_topic, django_assert_num_queries
):
    for n in range(35):
        make_topic(other_participant, title=f"Sujet numéro {n}", body=f"Corps {n}")
    client = client_of(participant)
    Member.objects.get_or_create(user=participant, defaults={"last_seen_at": timezone.now()})
    url = reverse("forum:category", kwargs={"slug": "general"})
    # user (sessions live in the cache), category, member, count, page of topics (author joined),
    # the read rows of the page's topics, the person's level for the category
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 30
    with django_assert_num_queries(7):
        second = client.get(url + "?page=2")
    assert len(second.context["page"].object_list) == 5


def test_unread_markers_follow_what_the_person_read(client_of, participant, other_participant, make_topic, make_reply):
    topic = make_topic(other_participant)
    client = client_of(participant)
    url = reverse("forum:category", kwargs={"slug": "general"})
    listed = client.get(url).context["page"].object_list[0]
    assert listed.is_new
    client.get(reverse("forum:topic", kwargs={"pk": topic.pk}))
    listed = client.get(url).context["page"].object_list[0]
    assert not listed.is_new and listed.unread_count == 0
    make_reply(other_participant, topic)
    make_reply(other_participant, topic)
    listed = client.get(url).context["page"].object_list[0]
    assert listed.unread_count == 2


def test_the_topic_page_is_paginated_by_20_with_a_jump_to_the_first_unread(
    client_of, participant, other_participant, make_topic, make_reply
):
    topic = make_topic(other_participant)
    for _ in range(24):
        make_reply(other_participant, topic)
    client = client_of(participant)
    first = client.get(reverse("forum:topic", kwargs={"pk": topic.pk}))
    assert [post.number for post in first.context["posts"]] == list(range(1, POSTS_PER_PAGE + 1))
    assert first.context["first_unread"] == 1
    jump = client.get(reverse("forum:topic_unread", kwargs={"pk": topic.pk}))
    assert jump["Location"].endswith("?page=2#message-21")


def test_the_topic_page_runs_a_fixed_number_of_queries(
    client_of, participant, other_participant, make_topic, make_reply, django_assert_num_queries
):
    topic = make_topic(other_participant)
    client = client_of(participant)
    Member.objects.get_or_create(user=participant, defaults={"last_seen_at": timezone.now()})
    url = reverse("forum:topic", kwargs={"pk": topic.pk})
    client.get(url)  # the read row exists from now on

    def count_for_page() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    make_reply(other_participant, topic)
    few = count_for_page()
    for _ in range(30):
        make_reply(other_participant, topic)
    assert count_for_page() == few
    # user, topic (category, author and accepted answer joined), member, read row, level, count,
    # posts page (authors joined), notifications of this topic marked read. (The read row is
    # written only when the page shows posts beyond it: one more query then.)
    with django_assert_num_queries(8):
        client.get(url)


def test_read_rows_are_kept_only_after_the_horizon_and_cleaned_past_the_cutoff(
    participant, other_participant, make_topic
):
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=60)):
        old = make_topic(other_participant, title="Un vieux sujet")
    recent = make_topic(other_participant, title="Un sujet récent")
    TopicRead.objects.create(user=participant, topic=old, last_read_number=1)
    TopicRead.objects.create(user=participant, topic=recent, last_read_number=1)
    assert read_state_cleanup() == 2  # the reader's row and the author's on the old topic
    assert set(TopicRead.objects.values_list("topic_id", flat=True)) == {recent.pk}
    assert read_state_cleanup_task.apply().get() == 0


def test_mark_all_read_moves_the_horizon_and_drops_the_rows(client_of, participant, other_participant, make_topic):
    make_topic(other_participant)
    client = client_of(participant)
    client.get(reverse("forum:topic", kwargs={"pk": Post.objects.get().topic_id}))
    assert TopicRead.objects.filter(user=participant).exists()
    mark_all_read(user=participant)
    assert not TopicRead.objects.filter(user=participant).exists()
    listed = client.get(reverse("forum:category", kwargs={"slug": "general"})).context["page"].object_list[0]
    assert not listed.is_new and listed.unread_count == 0


def test_quiet_topics_past_the_cutoff_count_as_read(client_of, participant, other_participant, make_topic):
    with time_machine.travel(timezone.now() - timedelta(days=45)):
        make_topic(other_participant)
        Member.objects.update_or_create(user=participant, defaults={"read_all_before": timezone.now()})
    listed = client_of(participant).get(reverse("forum:category", kwargs={"slug": "general"}))
    topic = listed.context["page"].object_list[0]
    assert not topic.is_new and topic.unread_count == 0


def test_times_are_in_the_readers_zone_with_montreals_beside_when_they_differ(
    client_of, participant, other_participant, make_topic
):
    from datetime import UTC, datetime

    from forum.models import Topic

    # 03:30 UTC on 2 March 2026: 04:30 that day in Paris, still 22:30 on 1 March in Montréal.
    with time_machine.travel(datetime(2026, 3, 2, 3, 30, tzinfo=UTC), tick=False):
        topic = make_topic(participant, title="Le logement à Gatineau")
    participant.time_zone = "Europe/Paris"
    participant.save(update_fields=["time_zone"])
    other_participant.time_zone = "America/Toronto"
    other_participant.save(update_fields=["time_zone"])

    in_paris = client_of(participant)
    page = in_paris.get(topic.get_absolute_url()).content.decode()
    assert '<time datetime="2026-03-02T04:30:00+01:00">' in page
    # ("22 h 30": Django's own fr_CA format wrote the 12-hour "10" there, integration_portal/formats.)
    paris, montreal = "2026-03-02 04\xa0h\xa030", "2026-03-01 22\xa0h\xa030"
    assert f'{paris}</time></a> <span class="moment-montreal">({montreal} à Montréal)</span>' in page
    assert '<a href="#message-1"><time datetime="2026-03-02T04:30:00+01:00">' in page
    listing = in_paris.get(reverse("forum:category", kwargs={"slug": topic.category.slug})).content.decode()
    assert "(2026-03-01 22\xa0h\xa030 à Montréal)" in listing
    # Toronto's clock is Montréal's: one time only.
    page = client_of(other_participant).get(topic.get_absolute_url()).content.decode()
    assert '<time datetime="2026-03-01T22:30:00-05:00">' in page
    assert "à Montréal" not in page
    # The same day in both places: Montréal's time alone, in English too.
    Topic.objects.filter(pk=topic.pk).update(last_posted_at=datetime(2026, 3, 2, 15, 20, tzinfo=UTC))
    listing = in_paris.get("/en" + reverse("forum:category", kwargs={"slug": topic.category.slug})).content.decode()
    assert "(10:20 a.m. in Montréal)" in listing
