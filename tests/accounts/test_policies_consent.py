"""Consent to the terms and the privacy policy (Law 25): at sign-up, and again for a new version."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import ConsentRecord, PolicyVersion, User
from accounts.policies import current_policies, policies_to_accept
from tests.accounts.factories import PASSWORD, ParticipantFactory
from tests.accounts.profile_factories import OnboardedProfileFactory

pytestmark = pytest.mark.django_db

SIGNUP = {"email": "amina@example.org", "password1": PASSWORD, "password2": PASSWORD}


def publish(document: str, version: str, *, days_ago: int = 0) -> PolicyVersion:
    return PolicyVersion.objects.create(
        document=document, version=version, published_at=timezone.now() - timedelta(days=days_ago)
    )


def test_the_first_versions_of_both_documents_are_in_force_after_migrating():
    assert [policy.document for policy in current_policies()] == ["terms", "privacy"]


def test_sign_up_records_consent_to_the_versions_in_force(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "accept_terms": "on", "accept_privacy": "on"})

    assert response.status_code == 302
    user = User.objects.get(email="amina@example.org")
    records = ConsentRecord.objects.filter(user=user).select_related("policy")
    assert {(r.policy.document, r.policy.version) for r in records} == {("terms", "2026-11"), ("privacy", "2026-11")}
    assert all(abs(r.accepted_at - timezone.now()) < timedelta(minutes=1) for r in records)


@pytest.mark.parametrize("missing", ["accept_terms", "accept_privacy"])
def test_sign_up_without_a_consent_is_refused_next_to_the_box_and_keeps_the_email(client, missing):
    data = {**SIGNUP, "accept_terms": "on", "accept_privacy": "on"}
    del data[missing]

    response = client.post(reverse("account_signup"), data)

    assert response.status_code == 200
    assert missing in response.context["form"].errors
    assert "amina@example.org" in response.content.decode()
    assert not User.objects.filter(email="amina@example.org").exists()


def test_sign_up_page_links_to_both_documents(client):
    page = client.get(reverse("account_signup")).content.decode()

    assert reverse("legal:terms") in page
    assert reverse("legal:privacy") in page


def test_a_new_privacy_policy_is_asked_at_next_login(client):
    participant = OnboardedProfileFactory().user
    new = publish("privacy", "2027-01")

    response = client.post(reverse("account_login"), {"login": participant.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(reverse("accounts:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:consent"))
    page = client.get(response["Location"])
    assert "accept_privacy" in page.context["form"].fields
    assert "accept_terms" not in page.context["form"].fields

    response = client.post(page.request["PATH_INFO"], {"accept_privacy": "on", "next": reverse("accounts:dashboard")})

    assert response["Location"] == reverse("accounts:dashboard")
    assert ConsentRecord.objects.filter(user=participant, policy=new).exists()
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_refusing_the_new_version_keeps_the_person_on_the_consent_page(client):
    participant = ParticipantFactory()
    publish("terms", "2027-01")
    client.force_login(participant)

    response = client.post(reverse("accounts:consent"), {})

    assert response.status_code == 200
    assert response.context["form"].errors["accept_terms"]
    assert client.get(reverse("accounts:dashboard"))["Location"].startswith(reverse("accounts:consent"))


def test_a_person_who_has_not_accepted_can_still_download_their_data_or_delete_their_account(client):
    participant = ParticipantFactory()
    publish("terms", "2027-01")
    client.force_login(participant)

    assert client.get(reverse("accounts:privacy_export")).status_code == 200
    assert client.get(reverse("accounts:account_delete")).status_code == 200
    assert client.get(reverse("legal:terms")).status_code == 200


def test_a_version_published_in_the_future_is_not_asked_yet(client):
    participant = ParticipantFactory()
    PolicyVersion.objects.create(document="terms", version="2099-01", published_at=timezone.now() + timedelta(days=30))

    assert policies_to_accept(user=participant) == []


def test_a_participant_who_never_consented_is_asked_at_login(client):
    participant = ParticipantFactory(consents=False)
    client.force_login(participant)

    assert client.get(reverse("accounts:dashboard"))["Location"].startswith(reverse("accounts:consent"))


def test_the_consent_page_ignores_a_next_url_to_another_site(client):
    participant = ParticipantFactory(consents=False)
    client.force_login(participant)

    response = client.post(
        reverse("accounts:consent"), {"accept_terms": "on", "accept_privacy": "on", "next": "https://evil.example/"}
    )

    assert "evil.example" not in response["Location"]


def test_staff_are_not_asked_for_consent(client, coach):
    publish("terms", "2027-01")
    client.force_login(coach)

    assert client.get(reverse("coaching:dashboard")).status_code == 200


@pytest.mark.parametrize("url_name", ["legal:terms", "legal:privacy"])
def test_the_policies_are_public_and_show_their_version(client, url_name):
    page = client.get(reverse(url_name)).content.decode()

    assert "2026-11" in page


def test_the_privacy_policy_exists_in_english(client):
    with translation.override("en"):
        url = reverse("legal:privacy")

    page = client.get(url).content.decode()

    assert "What we collect" in page
    assert "Commission d'accès à l'information" in page or "Commission d&#x27;accès" in page
