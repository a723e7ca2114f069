"""The coach's caseload and an assigned participant's file (read-only, each opening recorded)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile, Region, StaffAccessLog
from tests.accounts.factories import CoachFactory, ParticipantFactory
from tests.coaching.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def detail_url(participant) -> str:
    return reverse("coaching:participant_detail", kwargs={"participant_id": participant.pk})


def test_the_dashboard_lists_the_coachs_current_participants_only(client, coach):
    mine = AssignmentFactory(coach=coach).participant
    former = AssignmentFactory(coach=coach, ended_at=timezone.now()).participant
    someone_elses = AssignmentFactory().participant
    client.force_login(coach)

    page = client.get(reverse("coaching:dashboard")).content.decode()

    assert mine.display_name in page
    assert former.display_name not in page
    assert someone_elses.display_name not in page
    assert detail_url(mine) in page


def test_the_dashboard_shows_display_names_not_emails(client, coach):
    participant = AssignmentFactory(coach=coach).participant
    client.force_login(coach)

    page = client.get(reverse("coaching:dashboard")).content.decode()

    assert participant.email not in page


def test_the_dashboard_says_so_when_nobody_is_assigned(client, coach):
    client.force_login(coach)

    assert "Aucun participant" in client.get(reverse("coaching:dashboard")).content.decode()


def test_the_dashboard_runs_the_same_queries_for_one_or_many_participants(client, coach):
    region = Region.objects.order_by("code").first()
    Profile.objects.create(user=AssignmentFactory(coach=coach).participant, region=region)
    client.force_login(coach)
    client.get(reverse("coaching:dashboard"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("coaching:dashboard"))

    for _ in range(10):
        Profile.objects.create(user=AssignmentFactory(coach=coach).participant, region=region)
    with CaptureQueriesContext(connection) as eleven:
        page = client.get(reverse("coaching:dashboard"))

    assert len(eleven.captured_queries) == len(one.captured_queries) <= 8
    assert len(page.context["rows"]) == 11


def test_a_coach_reads_an_assigned_participants_profile(client, coach):
    participant = AssignmentFactory(coach=coach).participant
    Profile.objects.create(user=participant, city_of_residence="Dakar", csq_number="Q-42")
    client.force_login(coach)

    response = client.get(detail_url(participant))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Dakar" in page and "Q-42" in page
    # Read-only: the only form is the coach's private notes.
    assert page.split('id="main"')[1].count("<form") == 1


def test_opening_a_participants_file_is_recorded(client, coach):
    participant = AssignmentFactory(coach=coach).participant
    client.force_login(coach)

    client.get(detail_url(participant))

    entry = StaffAccessLog.objects.get()
    assert (entry.staff, entry.participant, entry.action) == (coach, participant, "coach_profile")
    assert entry.path == detail_url(participant)


def test_a_coach_gets_404_for_a_participant_not_assigned_to_them(client, coach):
    stranger = AssignmentFactory(coach=CoachFactory()).participant
    client.force_login(coach)

    assert client.get(detail_url(stranger)).status_code == 404
    assert not StaffAccessLog.objects.exists()


def test_a_coach_gets_404_for_a_participant_they_no_longer_accompany(client, coach):
    participant = AssignmentFactory(coach=coach, ended_at=timezone.now()).participant
    client.force_login(coach)

    assert client.get(detail_url(participant)).status_code == 404


def test_a_coach_gets_404_for_a_participant_without_any_coach(client, coach):
    client.force_login(coach)

    assert client.get(detail_url(ParticipantFactory())).status_code == 404


def test_a_participant_cannot_open_another_participants_file(client, participant, other_participant):
    AssignmentFactory(participant=participant)
    client.force_login(other_participant)

    assert client.get(detail_url(participant)).status_code == 403


def test_a_participant_cannot_open_their_own_coach_view(client, participant):
    AssignmentFactory(participant=participant)
    client.force_login(participant)

    assert client.get(detail_url(participant)).status_code == 403


def test_the_file_page_runs_a_fixed_number_of_queries(client, coach, django_assert_max_num_queries):
    participant = AssignmentFactory(coach=coach).participant
    Profile.objects.create(user=participant, region=Region.objects.order_by("code").first())
    client.force_login(coach)
    client.get(detail_url(participant))

    with django_assert_max_num_queries(8):
        client.get(detail_url(participant))
