"""The topic page's post cards and the topic list's rows are cached under what they show
(issue 16): what changes shows at once, and the forms in a cached card carry the reader's own
CSRF token."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from forum.services import post_edit

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_cached_card_carries_the_readers_own_token_and_the_form_works(participant, make_topic, make_reply):
    topic = make_topic(participant)
    reply = make_reply(participant, topic)
    url = reverse("forum:topic", kwargs={"pk": topic.pk})
    delete_url = reverse("forum:post_delete", kwargs={"pk": reply.pk})
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(participant)
    second.force_login(participant)
    first.get(url)  # fills the cache
    page = second.get(url).content.decode()
    form = page[page.index(f'action="{delete_url}"') :]
    token = TOKEN.search(form).group(1)
    assert token.isalnum() and not token.startswith("csrf")
    assert second.post(delete_url).status_code == 403  # the check is on
    assert second.post(delete_url, {"csrfmiddlewaretoken": token}).status_code == 302
    reply.refresh_from_db()
    assert reply.is_deleted


def test_an_edited_post_shows_its_new_text_at_once(client_of, participant, other_participant, make_topic, make_reply):
    topic = make_topic(participant)
    reply = make_reply(participant, topic, body="Première version.")
    url = reverse("forum:topic", kwargs={"pk": topic.pk})
    reader = client_of(other_participant)
    assert "Première version." in reader.get(url).content.decode()
    post_edit(user=participant, post=reply, body="Seconde version.")
    page = reader.get(url).content.decode()
    assert "Seconde version." in page and "Première version." not in page


def test_the_readers_own_posts_and_the_others_differ_in_their_buttons(
    client_of, participant, other_participant, make_topic, make_reply
):
    topic = make_topic(participant)
    reply = make_reply(participant, topic)
    url = reverse("forum:topic", kwargs={"pk": topic.pk})
    own = client_of(participant).get(url).content.decode()
    other = client_of(other_participant).get(url).content.decode()
    delete_url = reverse("forum:post_delete", kwargs={"pk": reply.pk})
    flag_url = reverse("forum:post_flag", kwargs={"pk": reply.pk})
    assert delete_url in own and flag_url not in own
    assert flag_url in other and delete_url not in other


def test_the_topic_lists_unread_marker_goes_once_the_topic_is_read(
    client_of, participant, other_participant, make_topic, make_reply
):
    topic = make_topic(other_participant, title="Un sujet à lire")
    make_reply(other_participant, topic)
    reader = client_of(participant)
    listing = reverse("forum:category", kwargs={"slug": "general"})
    new_badge = '<span class="badge text-bg-primary">Nouveau</span>'
    assert new_badge in reader.get(listing).content.decode()
    reader.get(reverse("forum:topic", kwargs={"pk": topic.pk}))
    page = reader.get(listing).content.decode()
    assert "Un sujet à lire" in page and new_badge not in page
