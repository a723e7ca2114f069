"""The assignment proposal: a coach who speaks the participant's language, under their cap, with
the lowest active caseload."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.models import Assignment, CoachSettings
from coaching.selectors import coach_proposal_for
from tests.accounts.factories import CoachFactory, ParticipantFactory
from tests.coaching.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def coach(*, french=True, english=False, cap=40, caseload=0):
    person = CoachFactory()
    CoachSettings.objects.create(
        coach=person, time_zone="America/Montreal", speaks_french=french, speaks_english=english, max_caseload=cap
    )
    for _ in range(caseload):
        AssignmentFactory(coach=person)
    AssignmentFactory(coach=person, ended_at=timezone.now())  # past assignments do not count
    return person


def test_the_lowest_active_caseload_in_the_participants_language_is_proposed():
    busy, light = coach(caseload=3), coach(caseload=1)
    coach(french=False, english=True, caseload=0)  # lighter, but does not coach in French

    assert coach_proposal_for(participant=ParticipantFactory(language="fr-ca")) == light
    assert busy != light


def test_an_english_speaker_gets_a_coach_who_coaches_in_english():
    coach(caseload=0)
    bilingual = coach(english=True, caseload=2)

    assert coach_proposal_for(participant=ParticipantFactory(language="en")) == bilingual


def test_a_coach_at_their_cap_is_not_proposed_and_nobody_may_be_left(django_assert_num_queries):
    full = coach(cap=2, caseload=2)
    participant = ParticipantFactory()

    with django_assert_num_queries(1):
        assert coach_proposal_for(participant=participant) is None
    CoachSettings.objects.filter(coach=full).update(max_caseload=3)
    assert coach_proposal_for(participant=ParticipantFactory()) == full


def test_the_admin_action_assigns_the_proposed_coaches_one_after_the_other(admin_client):
    first, second = coach(caseload=1), coach(caseload=1)
    waiting = [ParticipantFactory(), ParticipantFactory()]

    admin_client.post(
        reverse("admin:coaching_coachedparticipant_changelist"),
        {"action": "assign_proposed_coach", "_selected_action": [person.pk for person in waiting]},
    )

    coaches = {Assignment.objects.get(participant=person, ended_at__isnull=True).coach for person in waiting}
    assert coaches == {first, second}  # the caseloads stay even
