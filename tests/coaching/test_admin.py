"""Admins assign accompanied participants to coaches in the Django admin, history kept."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile, StaffAccessLog
from coaching.models import Assignment
from coaching.selectors import accompanied_participants_without_coach
from tests.accounts.factories import CoachFactory, MinistryAdminFactory, ParticipantFactory
from tests.coaching.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:coaching_assignment_add")


def test_an_admin_assigns_a_participant_to_a_coach(admin_client, ministry_admin, participant, coach):
    response = admin_client.post(ADD_URL, {"participant": participant.pk, "coach": coach.pk, "note": ""})

    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.participant, assignment.coach, assignment.assigned_by) == (participant, coach, ministry_admin)
    assert assignment.ended_at is None


def test_a_new_assignment_ends_the_previous_one_and_keeps_it(admin_client, participant):
    previous = AssignmentFactory(participant=participant)
    new_coach = CoachFactory()

    admin_client.post(ADD_URL, {"participant": participant.pk, "coach": new_coach.pk})

    previous.refresh_from_db()
    assert previous.ended_at is not None
    assert Assignment.objects.get(participant=participant, ended_at__isnull=True).coach == new_coach
    assert Assignment.objects.filter(participant=participant).count() == 2


def test_only_a_coach_can_be_assigned(admin_client, participant, other_participant):
    response = admin_client.post(ADD_URL, {"participant": participant.pk, "coach": other_participant.pk})

    assert response.status_code == 200
    assert "coach" in response.context["adminform"].form.errors
    assert not Assignment.objects.exists()


def test_only_a_participant_can_be_given_a_coach(admin_client, coach):
    response = admin_client.post(ADD_URL, {"participant": CoachFactory().pk, "coach": coach.pk})

    assert response.status_code == 200
    assert "participant" in response.context["adminform"].form.errors
    assert not Assignment.objects.exists()


def test_the_participants_page_shows_their_assignment_history(admin_client, participant):
    first = AssignmentFactory(participant=participant, ended_at=timezone.now())
    second = AssignmentFactory(participant=participant)

    page = admin_client.get(reverse("admin:coaching_coachedparticipant_change", args=[participant.pk])).content.decode()

    assert first.coach.email in page
    assert second.coach.email in page


def test_the_end_action_ends_an_assignment(admin_client):
    assignment = AssignmentFactory()

    admin_client.post(
        reverse("admin:coaching_assignment_changelist"),
        {"action": "end_assignments", "_selected_action": [assignment.pk]},
    )

    assignment.refresh_from_db()
    assert assignment.ended_at is not None


def test_accompanied_participants_without_a_coach_are_listed():
    waiting = ParticipantFactory()
    Profile.objects.create(user=waiting, mode=Profile.Mode.ACCOMPANIED)
    served = AssignmentFactory().participant
    Profile.objects.create(user=served, mode=Profile.Mode.ACCOMPANIED)
    once_served = AssignmentFactory(ended_at=timezone.now()).participant
    Profile.objects.create(user=once_served, mode=Profile.Mode.ACCOMPANIED)
    Profile.objects.create(user=ParticipantFactory(), mode=Profile.Mode.SELF_TRAINING)

    assert set(accompanied_participants_without_coach()) == {waiting, once_served}


def test_coaching_s_participant_list_filters_accompanied_participants_without_a_coach(admin_client):
    waiting = ParticipantFactory()
    Profile.objects.create(user=waiting, mode=Profile.Mode.ACCOMPANIED)
    served = AssignmentFactory().participant
    Profile.objects.create(user=served, mode=Profile.Mode.ACCOMPANIED)

    page = admin_client.get(reverse("admin:coaching_coachedparticipant_changelist") + "?coach=none").content.decode()

    assert waiting.email in page
    assert served.email not in page


def test_a_ministry_admin_without_superuser_rights_can_assign(client, participant, coach):
    admin_user = MinistryAdminFactory(is_superuser=False)
    client.force_login(admin_user)

    response = client.post(ADD_URL, {"participant": participant.pk, "coach": coach.pk})

    assert response.status_code == 302
    assert Assignment.objects.filter(participant=participant, coach=coach).exists()


def test_opening_a_participant_in_the_admin_is_recorded(admin_client, ministry_admin, participant):
    admin_client.get(reverse("admin:accounts_user_change", args=[participant.pk]))

    entry = StaffAccessLog.objects.get()
    assert (entry.staff, entry.participant, entry.action) == (ministry_admin, participant, "admin_view")


def test_opening_a_staff_member_in_the_admin_is_not_a_participant_file(admin_client, coach):
    admin_client.get(reverse("admin:accounts_user_change", args=[coach.pk]))

    assert not StaffAccessLog.objects.exists()


def test_opening_an_assignment_in_the_admin_is_recorded_for_its_participant(admin_client, ministry_admin):
    assignment = AssignmentFactory()

    admin_client.get(reverse("admin:coaching_assignment_change", args=[assignment.pk]))

    entry = StaffAccessLog.objects.get()
    assert (entry.staff, entry.participant, entry.what) == (ministry_admin, assignment.participant, "assignment")


def test_an_admin_assigns_participants_from_coaching_s_participant_list(admin_client, ministry_admin, coach):
    waiting = [ParticipantFactory(), ParticipantFactory()]
    previous = AssignmentFactory(participant=waiting[0])
    selection = {"action": "assign_coach", "_selected_action": [user.pk for user in [*waiting, coach]]}

    page = admin_client.post(reverse("admin:coaching_coachedparticipant_changelist"), selection)
    assert page.status_code == 200
    assert waiting[0].email in page.content.decode()
    response = admin_client.post(
        reverse("admin:coaching_coachedparticipant_changelist"), {**selection, "apply": "1", "coach": coach.pk}
    )

    assert response.status_code == 302
    assert {a.participant for a in Assignment.objects.filter(coach=coach, ended_at__isnull=True)} == set(waiting)
    assert all(a.assigned_by == ministry_admin for a in Assignment.objects.filter(coach=coach))
    previous.refresh_from_db()
    assert previous.ended_at is not None


def test_assigning_from_the_participant_list_refuses_someone_who_is_not_a_coach(
    admin_client, participant, other_participant
):
    selection = {"action": "assign_coach", "_selected_action": [participant.pk], "apply": "1"}

    response = admin_client.post(
        reverse("admin:coaching_coachedparticipant_changelist"), {**selection, "coach": other_participant.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["coach"]
    assert not Assignment.objects.exists()


def test_coaching_leaves_the_user_admin_of_accounts_as_it_is():
    from django.contrib import admin

    from accounts.admin import ProfileInline
    from accounts.models import User

    user_admin = admin.site._registry[User]
    assert user_admin.inlines == [ProfileInline]
    assert "assign_coach" not in dict(user_admin.get_actions(_request_of_superuser()))


def _request_of_superuser():
    from django.test import RequestFactory

    from tests.accounts.factories import UserFactory

    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    return request
