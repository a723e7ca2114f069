"""Forum search: PostgreSQL full-text (French, unaccent), ranked, hidden and waiting posts left out."""

import pytest
from django.urls import reverse

from forum.selectors import search_posts
from forum.services import post_moderate

pytestmark = pytest.mark.django_db


def test_french_words_are_found_whatever_their_accents_and_endings(participant, other_participant, make_topic):
    make_topic(other_participant, title="Équivalence des études", body="Faire évaluer mes diplômes universitaires.")
    make_topic(other_participant, title="Logement", body="Un appartement à Québec.")
    assert [post.topic.title for post in search_posts(user=participant, text="equivalence etude")] == [
        "Équivalence des études"
    ]
    assert len(search_posts(user=participant, text="diplome")) == 1


def test_results_are_ranked_title_first(participant, other_participant, make_topic, make_reply):
    other = make_topic(other_participant, title="Hiver", body="Parlons de pneus : les pneus d'hiver sont obligatoires.")
    titled = make_topic(other_participant, title="Pneus d'hiver obligatoires", body="Depuis quand ?")
    make_reply(participant, other, "Merci pour l'info.")
    results = search_posts(user=participant, text="pneus")
    assert [post.topic_id for post in results] == [titled.pk, other.pk]


def test_hidden_posts_and_topics_are_not_found(participant, other_participant, coach, make_topic, make_reply):
    topic = make_topic(other_participant, title="Épicerie", body="Où trouver du couscous ?")
    hidden = make_reply(other_participant, topic, "Le couscous du marché Jean-Talon est caché.")
    post_moderate(moderator=coach, post=hidden, action="hide")
    results = search_posts(user=participant, text="couscous")
    assert [post.number for post in results] == [1]


def test_the_search_page(client_of, participant, other_participant, make_topic):
    make_topic(other_participant, title="Assurance automobile", body="La SAAQ et les assureurs privés.")
    response = client_of(participant).get(reverse("forum:search"), {"q": "assureur"})
    assert "Assurance automobile" in response.content.decode()
    assert "1 message trouvé" in response.content.decode()
    empty = client_of(participant).get(reverse("forum:search"), {"q": ""})
    assert empty.context["results"] == []
