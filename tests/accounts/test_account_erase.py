""" "Delete my account": confirmed with the password, personal data erased, the User row kept
anonymised, every session ended, the deletion logged without personal data."""

import logging
from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.erasure import ANONYMOUS_DISPLAY_NAME, account_erase
from accounts.models import ConsentRecord, DeletionLog, Profile, User
from accounts.privacy import register_personal_data, unregister_personal_data
from coaching.models import Assignment
from tests.accounts.factories import PASSWORD, ParticipantFactory
from tests.coaching.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore()


CONFIRM = {"password": PASSWORD, "confirm": "on"}


def logged_in_client(user) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_wrong_password_deletes_nothing_and_says_so_next_to_the_field(client, participant):
    client.force_login(participant)

    response = client.post(reverse("accounts:account_delete"), {"password": "pas-le-bon", "confirm": "on"})

    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert "Rien n&#x27;a été supprimé" in response.content.decode()
    participant.refresh_from_db()
    assert participant.is_active
    assert DeletionLog.objects.count() == 0


def test_the_confirmation_box_is_required(client, participant):
    client.force_login(participant)

    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})

    assert response.context["form"].errors["confirm"]
    assert User.objects.get(pk=participant.pk).is_active


def test_deleting_anonymises_the_account_and_erases_personal_data(participant):
    Profile.objects.create(user=participant, csq_number="Q-123", city_of_residence="Dakar")
    email = participant.email

    log = account_erase(user=participant)

    user = User.objects.get(pk=participant.pk)
    assert user.email != email and user.email.endswith(".invalid")
    assert user.display_name == ANONYMOUS_DISPLAY_NAME
    assert user.public_name == ANONYMOUS_DISPLAY_NAME
    assert not user.is_active
    assert not user.has_usable_password()
    assert not Profile.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not ConsentRecord.objects.filter(user=user).exists()
    assert not user.groups.exists()
    assert DeletionLog.objects.get() == log


def test_two_erased_accounts_get_different_placeholder_emails():
    first, second = ParticipantFactory(), ParticipantFactory()

    account_erase(user=first)
    account_erase(user=second)

    assert User.objects.get(pk=first.pk).email != User.objects.get(pk=second.pk).email


def test_every_registered_erase_is_called(participant):
    erased = []
    register_personal_data("zz_fake", export=lambda user: None, erase=lambda user: erased.append(user.pk))
    try:
        account_erase(user=participant)
    finally:
        unregister_personal_data("zz_fake")

    assert erased == [participant.pk]


def test_the_current_coach_assignment_ends_and_its_note_is_cleared(participant):
    AssignmentFactory(participant=participant, note="Arrive en mars avec deux enfants")

    account_erase(user=participant)

    assignment = Assignment.objects.get(participant=participant)
    assert assignment.ended_at is not None
    assert assignment.note == ""


def test_deleting_through_the_page_ends_every_session_and_logs_out(participant):
    here, elsewhere = logged_in_client(participant), logged_in_client(participant)
    assert UserSession.objects.filter(user=participant).count() == 2
    elsewhere_key = elsewhere.session.session_key

    response = here.post(reverse("accounts:account_delete"), CONFIRM)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "_auth_user_id" not in here.session
    assert elsewhere.get(reverse("accounts:dashboard")).status_code == 302
    assert not UserSession.objects.filter(user=participant).exists()
    assert not session_store().exists(elsewhere_key)
    assert DeletionLog.objects.count() == 1


def test_an_erased_person_cannot_log_in_again(client, participant):
    email = participant.email
    account_erase(user=participant)

    client.post(reverse("account_login"), {"login": email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session


def test_the_deletion_log_holds_no_personal_data(participant, caplog, django_capture_on_commit_callbacks):
    email = participant.email

    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        log = account_erase(user=participant)

    assert email not in caplog.text
    assert str(log.reference) in caplog.text
    assert {field.name for field in DeletionLog._meta.fields} == {"id", "reference", "deleted_at"}


def test_the_deletion_removes_the_second_factor(coach):
    account_erase(user=coach)

    assert not Authenticator.objects.filter(user=coach).exists()


def test_staff_cannot_delete_their_account_from_the_portal(client, coach):
    client.force_login(coach)

    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 403
    assert User.objects.get(pk=coach.pk).is_active


def test_a_participant_cannot_delete_someone_elses_account(client, participant, other_participant):
    client.force_login(other_participant)

    client.post(reverse("accounts:account_delete"), CONFIRM)

    assert User.objects.get(pk=participant.pk).is_active
    assert not User.objects.get(pk=other_participant.pk).is_active


def test_an_anonymous_visitor_cannot_post_a_deletion(client):
    response = client.post(reverse("accounts:account_delete"), CONFIRM)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert DeletionLog.objects.count() == 0


def test_the_deletion_reference_does_not_lead_back_to_the_anonymised_account(participant):
    log = account_erase(user=participant)

    assert log.reference.hex not in User.objects.get(pk=participant.pk).email


@pytest.fixture
def fresh_rate_limits():
    # Limits are counted in the cache (Redis), which outlives the test database's rows.
    cache.clear()
    yield
    cache.clear()


def test_guessing_the_password_on_the_deletion_page_is_rate_limited(client, participant, fresh_rate_limits):
    client.force_login(participant)

    statuses = [
        client.post(reverse("accounts:account_delete"), {"password": f"essai-{n}", "confirm": "on"}).status_code
        for n in range(11)
    ]

    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    assert User.objects.get(pk=participant.pk).is_active
