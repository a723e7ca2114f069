"""Staff accounts made in the admin, the registers of Law 25, and who may see them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ConfidentialityIncident, PolicyVersion, StaffAccessLog, User
from accounts.roles import COACH, ROLE_PERMISSIONS
from tests.accounts.factories import CoachFactory, MinistryAdminFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def role_admin(db):
    """A ministry admin who is not a superuser: what their role's group gives is all they have."""
    return MinistryAdminFactory(is_superuser=False)


def test_a_coach_made_in_the_admin_joins_the_coaches_group(client, ministry_admin):
    client.force_login(ministry_admin)

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "coach@example.org",
            "role": "coach",
            "password1": "Xq9!long-enough-pw",
            "password2": "Xq9!long-enough-pw",
        },
    )

    assert response.status_code == 302
    coach = User.objects.get(email="coach@example.org")
    assert coach.is_coach
    assert list(coach.groups.values_list("name", flat=True)) == ["Accompagnatrices et accompagnateurs"]


def test_an_admin_made_in_the_admin_gets_the_admin_group_and_staff_access(client, ministry_admin):
    client.force_login(ministry_admin)

    client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "admin2@example.org",
            "role": "ministry_admin",
            "password1": "Xq9!long-enough-pw",
            "password2": "Xq9!long-enough-pw",
        },
    )

    made = User.objects.get(email="admin2@example.org")
    assert made.is_staff
    assert list(made.groups.values_list("name", flat=True)) == ["Administration du ministère"]


def test_coaches_hold_no_admin_permission():
    # Their one permission moderates the forum in the forum's own pages; no model of the admin.
    assert ROLE_PERMISSIONS[COACH] == {"forum.moderate_forum"}
    assert CoachFactory().get_all_permissions() == {"forum.moderate_forum"}


@pytest.mark.parametrize(
    "model", ["policyversion", "consentrecord", "staffaccesslog", "deletionlog", "confidentialityincident"]
)
def test_a_ministry_admin_sees_the_privacy_registers(client, role_admin, model):
    client.force_login(role_admin)

    assert client.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200


def test_a_ministry_admin_records_a_confidentiality_incident(client, role_admin):
    client.force_login(role_admin)

    response = client.post(
        reverse("admin:accounts_confidentialityincident_add"),
        {
            "occurred_on": "2026-11-20",
            "discovered_on": "2026-11-21",
            "nature": "Courriel envoyé au mauvais destinataire",
            "people_concerned": "Une participante",
            "data_concerned": "Nom affiché et région",
            "serious_injury_risk": "",
            "measures_taken": "Demande de suppression au destinataire",
            "cai_notified_on": "",
            "people_notified_on": "2026-11-22",
            "notifications_detail": "",
        },
    )

    assert response.status_code == 302
    incident = ConfidentialityIncident.objects.get()
    assert incident.recorded_by == role_admin
    assert str(incident.people_notified_on) == "2026-11-22"


def test_the_incident_register_is_closed_to_staff_outside_the_ministry(client):
    other_staff = User.objects.create_user(email="tech@example.org", password="x", is_staff=True)
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(other_staff, generate_totp_secret())
    client.force_login(other_staff)

    assert client.get(reverse("admin:accounts_confidentialityincident_changelist")).status_code == 403


def test_the_access_log_cannot_be_edited_or_deleted(client, ministry_admin, participant):
    entry = StaffAccessLog.objects.create(staff=ministry_admin, participant=participant, action="admin_view")
    client.force_login(ministry_admin)

    assert client.get(reverse("admin:accounts_staffaccesslog_add")).status_code == 403
    assert (
        client.post(reverse("admin:accounts_staffaccesslog_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert StaffAccessLog.objects.filter(pk=entry.pk).exists()


def test_a_ministry_admin_publishes_a_new_policy_version(client, role_admin):
    client.force_login(role_admin)

    response = client.post(
        reverse("admin:accounts_policyversion_add"),
        {
            "document": "privacy",
            "version": "2027-01",
            "published_at_0": "2026-11-25",
            "published_at_1": "08:00:00",
            "summary": "Nouvelle durée de conservation.",
        },
    )

    assert response.status_code == 302
    assert PolicyVersion.objects.filter(document="privacy", version="2027-01").exists()


def test_an_accepted_version_cannot_be_changed(client, ministry_admin):
    accepted = PolicyVersion.objects.get(document="terms", version="2026-11")
    from tests.accounts.factories import ParticipantFactory

    ParticipantFactory()  # accepts the versions in force
    client.force_login(ministry_admin)

    client.post(
        reverse("admin:accounts_policyversion_change", args=[accepted.pk]),
        {
            "summary": "x",
            "version": "changed",
            "document": "privacy",
            "published_at_0": "2020-01-01",
            "published_at_1": "00:00:00",
        },
    )

    accepted.refresh_from_db()
    assert (accepted.document, accepted.version) == ("terms", "2026-11")
    assert accepted.published_at < timezone.now()


def test_the_admin_erases_a_participant_instead_of_deleting_the_row(client, ministry_admin, participant, coach):
    client.force_login(ministry_admin)

    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "erase_accounts", "_selected_action": [participant.pk, coach.pk]},
    )

    erased = User.objects.get(pk=participant.pk)
    assert not erased.is_active and erased.email.endswith(".invalid")
    assert User.objects.get(pk=coach.pk).is_active, "staff accounts are not erased this way"


def test_users_cannot_be_deleted_from_the_admin(client, ministry_admin, participant):
    client.force_login(ministry_admin)

    response = client.post(reverse("admin:accounts_user_delete", args=[participant.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert User.objects.filter(pk=participant.pk).exists()
