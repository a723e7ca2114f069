"""Staff accounts in the admin: a new coach is invited by e-mail; a deactivated coach's participants are listed."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from coaching.services import assignment_create
from tests.accounts.factories import CoachFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_a_coach_created_without_a_password_gets_an_invitation(
    admin_client, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:accounts_user_add"),
            {"email": "nouvelle.coach@example.org", "role": "coach", "usable_password": "false"},
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    coach = User.objects.get(email="nouvelle.coach@example.org")
    assert coach.is_coach and not coach.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle.coach@example.org"]
    assert "deux facteurs" in message.body
    link = next(line for line in message.body.splitlines() if "/compte/" in line).strip()
    # The link opens the page where the person chooses a password.
    page = Client().get(link, follow=True)
    assert page.status_code == 200
    assert b"password1" in page.content


def test_a_participant_created_in_the_admin_gets_no_staff_invitation(
    admin_client, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:accounts_user_add"),
            {"email": "quelquun@example.org", "role": "participant", "usable_password": "false"},
        )
    assert mail.outbox == []


def _change_form_data(user: User, **changes) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "language": user.language,
        "time_zone": user.time_zone,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "coach_assignments-TOTAL_FORMS": "0",
        "coach_assignments-INITIAL_FORMS": "0",
        **changes,
    }


def test_deactivating_a_coach_lists_their_participants_to_reassign(admin_client):
    coach = CoachFactory()
    followed = [ParticipantFactory(), ParticipantFactory()]
    for participant in followed:
        assignment_create(participant=participant, coach=coach)
    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[coach.pk]), _change_form_data(coach, is_active=""), follow=True
    )
    coach.refresh_from_db()
    assert not coach.is_active, response.context.get("adminform") and response.context["adminform"].form.errors
    shown = [str(message) for message in response.context["messages"]]
    warning = next(text for text in shown if "réassigner" in text)
    for participant in followed:
        assert participant.email in warning
