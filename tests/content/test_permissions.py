import pytest
from django.urls import reverse

from content.models import CapsuleProgress, CheckpointAnswer
from tests.content.factories import CapsuleFactory, CheckpointFactory

pytestmark = pytest.mark.django_db


def test_progress_is_always_the_senders_own_and_never_touches_someone_elses(client, participant, other_participant):
    capsule = CapsuleFactory(duration_seconds=100)
    CapsuleProgress.objects.create(user=participant, capsule=capsule, position_seconds=50)
    client.force_login(other_participant)
    url = reverse("content:capsule_progress", kwargs={"pk": capsule.pk})
    response = client.post(url, {"position": "3", "user": participant.pk, "user_id": participant.pk})
    assert response.status_code == 200
    assert CapsuleProgress.objects.get(user=participant).position_seconds == 50
    assert CapsuleProgress.objects.get(user=other_participant).position_seconds == 3


def test_staff_and_visitors_keep_no_progress(client, coach):
    capsule = CapsuleFactory()
    url = reverse("content:capsule_progress", kwargs={"pk": capsule.pk})
    assert client.post(url, {"position": "3"}).status_code == 302
    client.force_login(coach)
    assert client.post(url, {"position": "3"}).status_code == 403
    assert not CapsuleProgress.objects.exists()


def test_no_progress_or_answer_on_a_draft(client, participant):
    checkpoint = CheckpointFactory(capsule=CapsuleFactory(status="draft"))
    client.force_login(participant)
    progress_url = reverse("content:capsule_progress", kwargs={"pk": checkpoint.capsule_id})
    answer_url = reverse(
        "content:checkpoint_answer", kwargs={"pk": checkpoint.capsule_id, "checkpoint_pk": checkpoint.pk}
    )
    assert client.post(progress_url, {"position": "3"}).status_code == 404
    assert client.post(answer_url, {"choice": checkpoint.choices.first().pk}).status_code == 404


def test_a_checkpoint_of_another_capsule_is_404(client, participant):
    checkpoint = CheckpointFactory()
    other = CapsuleFactory()
    client.force_login(participant)
    url = reverse("content:checkpoint_answer", kwargs={"pk": other.pk, "checkpoint_pk": checkpoint.pk})
    assert client.post(url, {"choice": checkpoint.choices.first().pk}).status_code == 404
    assert not CheckpointAnswer.objects.exists()


def test_progress_needs_the_csrf_token(participant):
    from django.test import Client

    capsule = CapsuleFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    url = reverse("content:capsule_progress", kwargs={"pk": capsule.pk})
    assert client.post(url, {"position": "3"}).status_code == 403


def test_the_personal_data_export_and_erase_cover_progress_and_answers(participant):
    from accounts.privacy import personal_data_export
    from content.services import checkpoint_answer, content_personal_data_erase

    checkpoint = CheckpointFactory()
    checkpoint_answer(user=participant, checkpoint=checkpoint, choice_ids=[checkpoint.choices.first().pk])
    exported = personal_data_export(user=participant)["content"]
    assert exported["checkpoint_answers"][0]["question"] == checkpoint.question
    assert exported["capsule_progress"][0]["capsule"] == checkpoint.capsule.title
    content_personal_data_erase(user=participant)
    assert not CheckpointAnswer.objects.exists() and not CapsuleProgress.objects.exists()
