""" "Download my data": everything the portal holds on the person, from the personal-data registry."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile, Region
from accounts.privacy import register_personal_data, unregister_personal_data
from tests.accounts.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_section():
    seen = []

    def export(user):
        seen.append(user.pk)
        return {"favourite_capsule": "Le logement au Québec", "visits": [1, 2]}

    register_personal_data("zz_fake", export=export, label="Section d'essai")
    yield seen
    unregister_personal_data("zz_fake")


def download(client) -> dict:
    response = client.get(reverse("accounts:privacy_export_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_the_json_holds_the_account_and_the_consents(client, participant):
    client.force_login(participant)

    sections = download(client)["sections"]

    assert sections["account"]["email"] == participant.email
    assert sections["account"]["display_name"] == participant.display_name
    assert {c["document"] for c in sections["consents"]} == {"terms", "privacy"}
    assert sections["profile"] is None


def test_the_json_holds_the_profile_with_every_field(client, participant):
    region = Region.objects.order_by("code").first()
    Profile.objects.create(
        user=participant, csq_number="Q-123", region=region, city_of_residence="Dakar", country_of_residence="SN"
    )
    client.force_login(participant)

    profile = download(client)["sections"]["profile"]

    assert profile["csq_number"] == "Q-123"
    assert profile["city_of_residence"] == "Dakar"
    assert profile["country_of_residence"] == "SN"
    assert profile["region"] == (region.code if region else None)


def test_a_section_registered_by_an_app_is_in_the_export(client, participant, fake_section):
    client.force_login(participant)

    sections = download(client)["sections"]

    assert sections["zz_fake"] == {"favourite_capsule": "Le logement au Québec", "visits": [1, 2]}
    assert fake_section == [participant.pk]


def test_a_section_registered_by_an_app_is_on_the_readable_page(client, participant, fake_section):
    client.force_login(participant)

    page = client.get(reverse("accounts:privacy_export")).content.decode()

    assert "Section d&#x27;essai" in page
    assert "Le logement au Québec" in page


def test_the_readable_page_shows_the_persons_data(client, participant):
    client.force_login(participant)

    page = client.get(reverse("accounts:privacy_export")).content.decode()

    assert participant.email in page
    assert reverse("accounts:privacy_export_json") in page


def test_each_person_downloads_only_their_own_data(client, participant, other_participant):
    client.force_login(other_participant)

    body = client.get(reverse("accounts:privacy_export_json")).content.decode()

    assert other_participant.email in body
    assert participant.email not in body


def test_the_export_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("accounts:privacy_export_json"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_export_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    participant = ParticipantFactory()
    client.force_login(participant)
    client.get(reverse("accounts:privacy_export"))  # warm the session

    # One or a few queries per registered section (the forum's: settings, posts, levels, flags;
    # the interview room's: interviews and their messages; the staff changes trail: one per table).
    with django_assert_max_num_queries(26) as few:
        client.get(reverse("accounts:privacy_export"))
    from tests.coaching.factories import AssignmentFactory

    for _ in range(5):
        AssignmentFactory(participant=participant, ended_at=timezone.now())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("accounts:privacy_export"))


def test_the_readable_page_escapes_what_people_typed(client):
    participant = ParticipantFactory(display_name="<script>alert(1)</script>")
    client.force_login(participant)

    page = client.get(reverse("accounts:privacy_export")).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
