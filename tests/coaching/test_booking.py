"""Booking, moving and cancelling an interview: the rules, and no double booking ever."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connections

from coaching.models import Interview
from coaching.selectors import coach_free_slots
from coaching.services import BookingError, SlotTaken, interview_book, interview_cancel, interview_reschedule
from tests.accounts.factories import ParticipantFactory
from tests.coaching.factories import InterviewFactory, accompanied, coach_with_hours

NOW = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def coach(db):
    return coach_with_hours(hours=[(1, "09:00", "12:00"), (3, "09:00", "12:00")])  # Tuesdays and Thursdays


@pytest.mark.django_db
def test_a_participant_books_a_free_slot_of_their_coach(frozen, coach):
    participant = accompanied(coach=coach)
    slot = coach_free_slots(coach=coach)[0]

    interview = interview_book(participant=participant, starts_at=slot.starts_at)

    assert (interview.coach, interview.starts_at, interview.ends_at) == (coach, slot.starts_at, slot.ends_at)
    assert interview.status == Interview.Status.BOOKED
    assert slot not in coach_free_slots(coach=coach)


@pytest.mark.django_db
def test_without_a_coach_there_is_nothing_to_book(frozen, coach):
    with pytest.raises(BookingError, match="assigné"):
        interview_book(participant=ParticipantFactory(), starts_at=coach_free_slots(coach=coach)[0].starts_at)


@pytest.mark.django_db
def test_a_time_that_is_not_a_free_slot_is_refused_with_the_next_free_ones(frozen, coach):
    participant = accompanied(coach=coach)
    slots = coach_free_slots(coach=coach)

    with pytest.raises(SlotTaken) as refused:
        interview_book(participant=participant, starts_at=slots[0].starts_at + timedelta(minutes=7))

    assert refused.value.next_slots == slots[1:4]
    assert not Interview.objects.exists()


@pytest.mark.django_db
def test_a_slot_less_than_twelve_hours_ahead_cannot_be_booked(coach):
    participant = accompanied(coach=coach)
    with time_machine.travel(NOW, tick=False):
        slot = coach_free_slots(coach=coach)[0]
    with (
        time_machine.travel(slot.starts_at - timedelta(hours=11), tick=False),
        pytest.raises(BookingError, match="12 heures"),
    ):
        interview_book(participant=participant, starts_at=slot.starts_at)


@pytest.mark.django_db
def test_a_participant_holds_at_most_two_future_interviews(frozen, coach):
    participant = accompanied(coach=coach)
    slots = coach_free_slots(coach=coach)
    interview_book(participant=participant, starts_at=slots[0].starts_at)
    interview_book(participant=participant, starts_at=slots[1].starts_at)

    with pytest.raises(BookingError, match="maximum"):
        interview_book(participant=participant, starts_at=slots[2].starts_at)
    assert participant.interviews.count() == 2


@pytest.mark.django_db
def test_rescheduling_moves_the_interview_and_bumps_its_sequence(frozen, coach):
    participant = accompanied(coach=coach)
    slots = coach_free_slots(coach=coach)
    interview = interview_book(participant=participant, starts_at=slots[0].starts_at)

    moved = interview_reschedule(interview=interview, user=participant, starts_at=slots[1].starts_at, reason="Imprévu")

    assert (moved.pk, moved.starts_at, moved.sequence, moved.change_reason) == (
        interview.pk,
        slots[1].starts_at,
        1,
        "Imprévu",
    )
    assert slots[0] in coach_free_slots(coach=coach)


@pytest.mark.django_db
def test_rescheduling_onto_a_neighbouring_slot_is_allowed(frozen, coach):
    participant = accompanied(coach=coach)
    first, second = coach_free_slots(coach=coach)[:2]
    interview = interview_book(participant=participant, starts_at=first.starts_at)

    # The interview's own time does not block its move into the slot next to it.
    assert interview_reschedule(interview=interview, user=participant, starts_at=second.starts_at).starts_at == (
        second.starts_at
    )


@pytest.mark.django_db
def test_the_participant_cannot_cancel_or_move_within_twelve_hours_the_coach_can(coach):
    participant = accompanied(coach=coach)
    with time_machine.travel(NOW, tick=False):
        slots = coach_free_slots(coach=coach)
        interview = interview_book(participant=participant, starts_at=slots[0].starts_at)
    with time_machine.travel(slots[0].starts_at - timedelta(hours=6), tick=False):
        with pytest.raises(BookingError, match="12 heures"):
            interview_cancel(interview=interview, user=participant)
        with pytest.raises(BookingError, match="12 heures"):
            interview_reschedule(interview=interview, user=participant, starts_at=slots[3].starts_at)
        cancelled = interview_cancel(interview=interview, user=coach, reason="Malade")

    assert (cancelled.status, cancelled.sequence, cancelled.change_reason) == ("cancelled", 1, "Malade")


@pytest.mark.django_db
def test_a_cancelled_interview_frees_its_slot_and_cannot_be_cancelled_twice(frozen, coach):
    participant = accompanied(coach=coach)
    slot = coach_free_slots(coach=coach)[0]
    interview = interview_book(participant=participant, starts_at=slot.starts_at)
    interview_cancel(interview=interview, user=participant)

    assert slot in coach_free_slots(coach=coach)
    with pytest.raises(BookingError, match="n'est plus réservée"):
        interview_cancel(interview=interview, user=participant)


@pytest.mark.django_db
def test_another_booking_in_the_slot_is_refused_even_past_the_checks(frozen, coach):
    # The exclusion constraint is the last guard: an interview written around the service.
    participant = accompanied(coach=coach)
    slot = coach_free_slots(coach=coach)[0]
    InterviewFactory(coach=coach, starts_at=slot.starts_at, ends_at=slot.ends_at)

    with pytest.raises(SlotTaken):
        interview_book(participant=participant, starts_at=slot.starts_at)


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_booking_the_same_slot_make_exactly_one_booking():
    coach = coach_with_hours(hours=[(1, "09:00", "12:00")])
    participants = [accompanied(coach=coach) for _ in range(20)]
    with time_machine.travel(NOW, tick=False):
        slot = coach_free_slots(coach=coach)[0]
    barrier = threading.Barrier(20)
    outcomes: list = []

    def book(participant):
        try:
            with time_machine.travel(NOW, tick=False):
                barrier.wait()
                try:
                    outcomes.append(interview_book(participant=participant, starts_at=slot.starts_at))
                except SlotTaken as refused:
                    outcomes.append(refused)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(participant,)) for participant in participants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    booked = [outcome for outcome in outcomes if isinstance(outcome, Interview)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, SlotTaken)]
    assert (len(booked), len(refused)) == (1, 19)
    assert Interview.objects.filter(coach=coach, status=Interview.Status.BOOKED).count() == 1
    for answer in refused:
        assert "vient d'être prise" in answer.message
        assert answer.next_slots and all(free.starts_at > slot.starts_at for free in answer.next_slots)
