import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_render(client_of, participant, other_participant, coach, make_topic, make_reply):
    topic = make_topic(participant, is_question=True)
    make_reply(other_participant, topic)
    for user in (participant, other_participant, coach):
        client = client_of(user)
        for url in (
            reverse("forum:index"),
            reverse("forum:category", kwargs={"slug": "general"}),
            reverse("forum:topic", kwargs={"pk": topic.pk}),
            reverse("forum:notifications"),
            reverse("forum:search") + "?q=premier",
            reverse("forum:preferences"),
        ):
            response = client.get(url)
            assert response.status_code == 200, (url, user)
