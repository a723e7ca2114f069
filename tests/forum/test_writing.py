"""Writing: topics, replies, quotes, preview, edits within 24 h with history, soft delete, accepted
answers, locked topics, suspensions, duplicates and rate limits — each forbidden action tried."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from forum.models import Notification, Post, PostRevision, Topic
from forum.services import post_accept, reply_create, topic_moderate, user_suspend

pytestmark = pytest.mark.django_db


def test_a_participant_opens_a_topic_and_another_replies(client_of, participant, other_participant):
    response = client_of(participant).post(
        reverse("forum:topic_create", kwargs={"slug": "general"}),
        {"title": "Ouvrir un compte bancaire", "body": "Quelle banque **choisir** ?", "is_question": "on"},
    )
    topic = Topic.objects.get()
    assert response["Location"] == topic.get_absolute_url()
    assert topic.is_question and topic.author == participant
    assert "<strong>choisir</strong>" in Post.objects.get(number=1).html
    reply = client_of(other_participant).post(reverse("forum:reply", kwargs={"pk": topic.pk}), {"body": "Desjardins."})
    post = Post.objects.get(number=2)
    assert reply["Location"] == post.get_absolute_url()
    topic.refresh_from_db()
    assert (topic.reply_count, topic.last_number, topic.last_poster_name) == (1, 2, other_participant.display_name)


def test_bad_input_gets_a_clear_message_in_the_persons_language(client_of, participant):
    url = reverse("forum:topic_create", kwargs={"slug": "general"})
    response = client_of(participant).post(url, {"title": "Oui", "body": ""})
    assert response.status_code == 200
    assert "Assurez-vous que cette valeur comporte au moins 5 caractères" in response.content.decode()
    english = client_of(participant).post("/en" + url, {"title": "Oui", "body": ""})
    assert "Ensure this value has at least 5 characters" in english.content.decode()


def test_the_preview_renders_safe_markdown(client_of, participant):
    response = client_of(participant).post(reverse("forum:preview"), {"body": "**oui** <script>x</script>"})
    html = response.content.decode()
    assert "<strong>oui</strong>" in html and "<script>" not in html


def test_quoting_prefills_the_reply_and_notifies_the_quoted_author(
    client_of, participant, other_participant, coach, make_topic
):
    topic = make_topic(participant, body="Les hivers sont-ils rudes à Rimouski ?")
    first = Post.objects.get(topic=topic, number=1)
    page = client_of(coach).get(reverse("forum:topic", kwargs={"pk": topic.pk}) + f"?quote={first.pk}")
    assert page.context["reply_form"].initial["body"].startswith(f"> **{participant.display_name}** :")
    reply_create(user=other_participant, topic=topic, body="> cité\n\nOui !", quoted=first, trusted=True)
    assert Notification.objects.filter(user=participant, kind__in=["reply", "quote"]).count() == 1


def test_the_author_edits_within_24_hours_and_each_edit_is_kept(
    client_of, participant, other_participant, coach, make_topic
):
    topic = make_topic(participant, body="Premier jet.")
    post = Post.objects.get(topic=topic)
    url = reverse("forum:post_edit", kwargs={"pk": post.pk})
    client_of(participant).post(url, {"body": "Deuxième jet."})
    client_of(participant).post(url, {"body": "Troisième jet."})
    post.refresh_from_db()
    assert post.body == "Troisième jet." and post.edited_at is not None
    assert list(PostRevision.objects.filter(post=post).values_list("body", flat=True)) == [
        "Deuxième jet.",
        "Premier jet.",
    ]
    # Another participant cannot edit it, nor see the history; a moderator sees the history.
    assert client_of(other_participant).post(url, {"body": "Piraté"}).status_code == 404
    history = reverse("forum:post_history", kwargs={"pk": post.pk})
    assert client_of(participant).get(history).status_code == 403
    assert "Premier jet." in client_of(coach).get(history).content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        late = client_of(participant).post(url, {"body": "Trop tard."})
    assert late.status_code == 302
    post.refresh_from_db()
    assert post.body == "Troisième jet."


def test_the_author_soft_deletes_a_reply_and_nobody_else_can(
    client_of, participant, other_participant, make_topic, make_reply
):
    topic = make_topic(other_participant)
    reply = make_reply(participant, topic)
    url = reverse("forum:post_delete", kwargs={"pk": reply.pk})
    assert client_of(other_participant).post(url).status_code == 404
    client_of(participant).post(url)
    reply.refresh_from_db()
    assert reply.is_deleted
    page = client_of(other_participant).get(reverse("forum:topic", kwargs={"pk": topic.pk})).content.decode()
    assert "Message supprimé par son auteur." in page and reply.body not in page
    topic.refresh_from_db()
    assert topic.reply_count == 0


def test_the_asker_or_a_coach_marks_the_answer_others_cannot(
    client_of, participant, other_participant, coach, make_topic, make_reply
):
    question = make_topic(participant, is_question=True)
    answer = make_reply(other_participant, question)
    with pytest.raises(PermissionDenied):
        post_accept(user=other_participant, post=answer)
    assert client_of(other_participant).post(reverse("forum:post_accept", kwargs={"pk": answer.pk})).status_code == 403
    client_of(participant).post(reverse("forum:post_accept", kwargs={"pk": answer.pk}))
    question.refresh_from_db()
    assert question.accepted_post == answer
    page = client_of(coach).get(question.get_absolute_url()).content.decode()
    assert "Réponse retenue" in page
    coach_answer = make_reply(coach, question)
    post_accept(user=coach, post=coach_answer)
    question.refresh_from_db()
    assert question.accepted_post == coach_answer
    assert Notification.objects.filter(user=other_participant, kind="accepted").exists()


def test_a_locked_topic_refuses_replies_even_by_a_direct_post(client_of, participant, coach, make_topic):
    topic = make_topic(participant)
    topic_moderate(moderator=coach, topic=topic, action="lock", reason="Fin de la discussion")
    page = client_of(participant).get(topic.get_absolute_url()).content.decode()
    assert 'action="' + reverse("forum:reply", kwargs={"pk": topic.pk}) not in page
    response = client_of(participant).post(reverse("forum:reply", kwargs={"pk": topic.pk}), {"body": "Et moi ?"})
    assert response.status_code == 302
    assert Post.objects.filter(topic=topic).count() == 1
    with pytest.raises(ValidationError):
        reply_create(user=participant, topic=topic, body="Par le service", trusted=True)


def test_a_suspended_person_cannot_post(client_of, participant, coach, make_topic):
    topic = make_topic(coach)
    user_suspend(moderator=coach, user=participant, days=3, reason="Propos blessants")
    client = client_of(participant)
    client.post(reverse("forum:reply", kwargs={"pk": topic.pk}), {"body": "Je reviens"})
    response = client.post(
        reverse("forum:topic_create", kwargs={"slug": "general"}), {"title": "Nouveau sujet", "body": "Texte"}
    )
    assert "suspendue" in response.content.decode()
    assert Post.objects.filter(author=participant).count() == 0
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        reply_create(user=participant, topic=topic, body="De retour.", trusted=True)


def test_an_identical_post_twice_in_a_row_is_refused(client_of, participant, make_topic):
    topic = make_topic(participant)
    client = client_of(participant)
    url = reverse("forum:reply", kwargs={"pk": topic.pk})
    client.post(url, {"body": "Merci beaucoup !"})
    second = client.post(url, {"body": "Merci beaucoup !"}, follow=True)
    assert "Vous venez de publier exactement ce message." in second.content.decode()
    assert Post.objects.filter(topic=topic, body="Merci beaucoup !").count() == 1


def test_posting_too_fast_gets_a_translated_429_page(client_of, participant, make_topic):
    topic = make_topic(participant)
    client = client_of(participant)
    url = reverse("forum:reply", kwargs={"pk": topic.pk})
    statuses = [client.post(url, {"body": f"Message {n}"}).status_code for n in range(6)]
    assert statuses == [302] * 6
    blocked = client.post(url, {"body": "Encore un"})
    assert blocked.status_code == 429 and "Trop de demandes" in blocked.content.decode()
    english = client.post("/en" + url, {"body": "One more"})
    assert english.status_code == 429 and "Too many requests" in english.content.decode()
