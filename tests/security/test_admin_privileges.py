"""A ministry admin who is not a superuser cannot crown themselves nor take over another staff account.

Before the fix, the role's `accounts.change_user` showed `is_superuser`, `groups` and
`user_permissions` on every user page (one's own included) and opened every password form.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import CoachFactory, MinistryAdminFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions", "is_staff")


@pytest.fixture
def role_admin(db):
    return MinistryAdminFactory(is_superuser=False)


@pytest.fixture
def role_admin_client(client, role_admin):
    client.force_login(role_admin)
    return client


def change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def password_url(user: User) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def user_form_data(user: User, **extra) -> dict:
    data = {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "language": user.language,
        "time_zone": user.time_zone,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-11-01",
        "date_joined_1": "10:00:00",
    }
    # The inlines' management forms (profile, assignment history…), empty: only the user is posted.
    for prefix in ("profile", "participant_assignments", "coach_assignments"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data.update(extra)
    return data


def test_a_role_admin_cannot_tick_superuser_on_their_own_account(role_admin_client, role_admin):
    every_permission = list(Permission.objects.values_list("pk", flat=True)[:5])
    response = role_admin_client.post(
        change_url(role_admin),
        user_form_data(
            role_admin,
            is_superuser="on",
            is_staff="on",
            groups=[Group.objects.get_or_create(name="Tout")[0].pk],
            user_permissions=every_permission,
        ),
    )

    assert response.status_code in (302, 403)
    role_admin.refresh_from_db()
    assert not role_admin.is_superuser
    assert not role_admin.user_permissions.exists()
    assert not role_admin.groups.filter(name="Tout").exists()


def test_a_role_admin_cannot_make_a_participant_superuser_or_give_permissions(role_admin_client):
    participant = ParticipantFactory()

    response = role_admin_client.post(
        change_url(participant),
        user_form_data(
            participant,
            is_superuser="on",
            is_staff="on",
            user_permissions=list(Permission.objects.values_list("pk", flat=True)[:5]),
        ),
    )

    assert response.status_code == 302
    participant.refresh_from_db()
    assert not participant.is_superuser
    assert not participant.is_staff
    assert not participant.user_permissions.exists()


def test_a_role_admin_sees_no_privilege_field(role_admin_client):
    participant = ParticipantFactory()

    form = role_admin_client.get(change_url(participant)).context["adminform"].form

    assert not set(SUPERUSER_ONLY_FIELDS) & set(form.fields)


def test_a_role_admin_cannot_promote_anyone_to_ministry_admin(role_admin_client):
    participant = ParticipantFactory()

    response = role_admin_client.post(change_url(participant), user_form_data(participant, role="ministry_admin"))

    assert response.status_code == 200  # the form comes back: not a valid choice
    participant.refresh_from_db()
    assert participant.is_participant and not participant.is_staff
    add_form = role_admin_client.get(reverse("admin:accounts_user_add")).context["adminform"].form
    assert [value for value, label in add_form.fields["role"].choices if value] == ["participant", "coach"]


@pytest.mark.parametrize("target", ["superuser", "other_admin", "coach"])
def test_a_role_admin_cannot_change_another_staff_members_password(role_admin_client, target):
    person = {
        "superuser": lambda: MinistryAdminFactory(is_superuser=True),
        "other_admin": lambda: MinistryAdminFactory(is_superuser=False),
        "coach": CoachFactory,
    }[target]()
    before = person.password

    assert role_admin_client.get(password_url(person)).status_code == 403
    response = role_admin_client.post(
        password_url(person), {"password1": "Xq9!taken-over-pw", "password2": "Xq9!taken-over-pw"}
    )

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.password == before


def test_a_role_admin_cannot_change_a_superuser_or_another_admin(role_admin_client):
    superuser = MinistryAdminFactory(is_superuser=True)

    response = role_admin_client.post(change_url(superuser), user_form_data(superuser, is_active=""))

    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.is_active


def test_a_role_admin_still_manages_participants(role_admin_client):
    participant = ParticipantFactory()

    response = role_admin_client.post(change_url(participant), user_form_data(participant, display_name="Nouveau nom"))

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.display_name == "Nouveau nom"
    assert role_admin_client.get(password_url(participant)).status_code == 200


def test_a_superuser_still_sees_and_grants_privileges(client):
    superuser = MinistryAdminFactory(is_superuser=True)
    other = MinistryAdminFactory(is_superuser=False)
    client.force_login(superuser)

    form = client.get(change_url(other)).context["adminform"].form

    assert {"is_superuser", "groups", "user_permissions"} <= set(form.fields)
    assert client.get(password_url(other)).status_code == 200
