"""The Interview model shared with the interview room: no overlap per coach, member-only access."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from coaching.models import Interview
from coaching.permissions import get_interview_for_member
from tests.accounts.factories import CoachFactory, ParticipantFactory
from tests.coaching.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def test_two_booked_interviews_of_one_coach_cannot_overlap(coach):
    first = InterviewFactory(coach=coach)

    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewFactory(coach=coach, starts_at=first.starts_at + timedelta(minutes=30))


def test_back_to_back_cancelled_and_other_coaches_do_not_conflict(coach):
    first = InterviewFactory(coach=coach)
    InterviewFactory(coach=coach, starts_at=first.ends_at)  # half-open ranges: touching is fine
    InterviewFactory(coach=CoachFactory(), starts_at=first.starts_at)
    first.status = Interview.Status.CANCELLED
    first.save()
    InterviewFactory(coach=coach, starts_at=first.starts_at - timedelta(minutes=10))

    assert Interview.objects.filter(coach=coach, status=Interview.Status.BOOKED).count() == 2


def test_an_interview_must_end_after_it_starts(coach):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewFactory(coach=coach, ends_at=InterviewFactory.build().starts_at - timedelta(days=3))


def test_only_its_participant_and_its_coach_reach_an_interview(django_assert_num_queries):
    interview = InterviewFactory()

    with django_assert_num_queries(1):  # the interview with both people
        assert get_interview_for_member(user=interview.participant, interview_id=interview.pk) == interview
    assert get_interview_for_member(user=interview.coach, interview_id=interview.pk) == interview
    for stranger in (ParticipantFactory(), CoachFactory()):
        with pytest.raises(Http404):
            get_interview_for_member(user=stranger, interview_id=interview.pk)
