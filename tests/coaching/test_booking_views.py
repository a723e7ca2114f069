"""The booking pages: slots in the participant's zone, booking, moving, cancelling, the .ics link,
the coach's availability page, private notes; who may open what; the queries of each page."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import time_machine
from django.urls import reverse

from accounts.privacy import personal_data_export
from coaching.models import AvailabilityException, CoachNote, Interview, WeeklyHours
from coaching.privacy import coaching_personal_data_erase
from coaching.selectors import coach_free_slots
from tests.accounts.factories import CoachFactory, ParticipantFactory
from tests.coaching.factories import InterviewFactory, accompanied, coach_with_hours

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)  # Montréal changes its clocks on 2027-03-14


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def coach(db):
    return coach_with_hours(hours=[(1, "09:00", "12:00")])


@pytest.fixture
def casablanca(coach):
    return accompanied(coach=coach, zone="Africa/Casablanca")


MARCH_16 = datetime(2027, 3, 16, 13, 0, tzinfo=UTC)


def slot_at(coach, starts_at):
    return next(slot for slot in coach_free_slots(coach=coach) if slot.starts_at == starts_at)


def detail(interview) -> str:
    return reverse("coaching:interview_detail", kwargs={"interview_id": interview.pk})


def test_the_participant_sees_three_weeks_of_slots_in_their_zone_with_montreals(
    client, casablanca, django_assert_num_queries
):
    client.force_login(casablanca)

    # user (the session is in the Redis cache), assignment with coach, upcoming interviews, coach
    # settings, booked interviews, weekly hours, exceptions, profile (waking hours)
    with django_assert_num_queries(8):
        page = client.get(reverse("coaching:interviews")).content.decode()

    assert "mardi 16 mars 2027, 13 h 00 (Casablanca) · 9 h 00 à Montréal" in page
    assert "mardi 2 mars 2027, 14 h 00 (Casablanca) · 9 h 00 à Montréal" in page
    assert "mardi 23 mars 2027" not in page  # three weeks only: 1 to 21 March
    assert "Casablanca" in page and "Montréal" in page


def test_booking_a_slot_leads_to_the_interview_in_both_zones(client, casablanca, coach):
    slot = slot_at(coach, MARCH_16)  # Tuesday 16 March 9:00 in Montréal, after the change
    client.force_login(casablanca)

    response = client.post(reverse("coaching:interviews"), {"slot": slot.key})

    interview = Interview.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(interview)
    page = client.get(detail(interview)).content.decode()
    assert "mardi 16 mars 2027, 13 h 00 (Casablanca) · 9 h 00 à Montréal" in page
    client.force_login(coach)
    coach_page = client.get(detail(interview)).content.decode()
    assert "mardi 16 mars 2027, 9 h 00 (Montréal)" in coach_page
    assert "mardi 16 mars 2027, 13 h 00" in coach_page  # the participant's time beside it


def test_a_taken_slot_is_answered_clearly_with_the_next_free_ones(client, casablanca, coach):
    slots = coach_free_slots(coach=coach)
    InterviewFactory(coach=coach, starts_at=slots[0].starts_at, ends_at=slots[0].ends_at)
    client.force_login(casablanca)

    response = client.post(reverse("coaching:interviews"), {"slot": slots[0].key})

    assert response.status_code == 409
    page = response.content.decode()
    assert "vient d&#x27;être prise" in page
    assert "Prochaines plages libres" in page
    assert not Interview.objects.filter(participant=casablanca).exists()


@pytest.mark.parametrize("value", ["", "demain", "2027-03-02 14:00"])
def test_a_bad_slot_value_gets_a_message_in_the_persons_language(client, casablanca, value):
    client.force_login(casablanca)

    response = client.post(reverse("coaching:interviews"), {"slot": value})
    english = client.post("/en" + reverse("coaching:interviews").removeprefix("/fr-ca"), {"slot": value})

    assert response.status_code == 400
    assert "plage" in response.content.decode()
    assert english.status_code == 400
    assert "slot" in english.content.decode().lower()


def test_the_participant_reschedules_and_both_see_the_change(client, casablanca, coach):
    slots = coach_free_slots(coach=coach)
    interview = InterviewFactory(participant=casablanca, coach=coach, starts_at=slots[0].starts_at)
    client.force_login(casablanca)
    url = reverse("coaching:interview_reschedule", kwargs={"interview_id": interview.pk})
    assert client.get(url).status_code == 200

    response = client.post(url, {"slot": slot_at(coach, MARCH_16).key, "reason": "Travail"})

    assert response.status_code == 302
    interview.refresh_from_db()
    assert (interview.starts_at, interview.sequence, interview.change_reason) == (MARCH_16, 1, "Travail")
    client.force_login(coach)
    assert "mardi 16 mars 2027, 9 h 00" in client.get(detail(interview)).content.decode()


def test_cancelling_from_the_interview_page(client, casablanca, coach):
    interview = InterviewFactory(
        participant=casablanca, coach=coach, starts_at=coach_free_slots(coach=coach)[0].starts_at
    )
    client.force_login(casablanca)

    client.post(reverse("coaching:interview_cancel", kwargs={"interview_id": interview.pk}), {"reason": ""})

    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED


def test_the_interview_page_costs_the_same_queries(client, casablanca, coach, django_assert_num_queries):
    interview = InterviewFactory(participant=casablanca, coach=coach)
    client.force_login(casablanca)

    with django_assert_num_queries(2):  # user, the interview with both people
        assert client.get(detail(interview)).status_code == 200


def test_add_to_my_calendar_gives_the_ics_of_the_interview(client, casablanca, coach):
    interview = InterviewFactory(participant=casablanca, coach=coach, sequence=2)
    client.force_login(casablanca)

    response = client.get(reverse("coaching:interview_ics", kwargs={"interview_id": interview.pk}))

    assert response["Content-Type"] == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "REQUEST"
    assert int(event["SEQUENCE"]) == 2
    assert event.decoded("DTSTART") == interview.starts_at
    assert str(event["UID"]).startswith(f"interview-{interview.pk}@")


def test_another_participants_interview_is_404_everywhere(client, casablanca, coach):
    interview = InterviewFactory(participant=casablanca, coach=coach)
    stranger, other_coach = ParticipantFactory(), CoachFactory()
    for person in (stranger, other_coach):
        client.force_login(person)
        for name in ("interview_detail", "interview_reschedule", "interview_ics"):
            assert client.get(reverse(f"coaching:{name}", kwargs={"interview_id": interview.pk})).status_code == 404
        cancel = reverse("coaching:interview_cancel", kwargs={"interview_id": interview.pk})
        assert client.post(cancel).status_code == 404
    interview.refresh_from_db()
    assert interview.status == Interview.Status.BOOKED


def test_the_coach_publishes_hours_and_exceptions_and_sees_the_slots_in_their_zone(client, coach):
    client.force_login(coach)
    url = reverse("coaching:availability")

    client.post(url, {"form": "hours", "weekday": 3, "start_time": "13:00", "end_time": "14:00"})
    client.post(url, {"form": "exception", "date": "2027-03-16", "kind": "off"})
    client.post(
        url, {"form": "settings", "time_zone": "America/Montreal", "interview_minutes": 30, "buffer_minutes": 0}
    )
    bad = client.post(url, {"form": "hours", "weekday": 3, "start_time": "14:00", "end_time": "13:00"})

    assert WeeklyHours.objects.filter(coach=coach).count() == 2
    assert AvailabilityException.objects.filter(coach=coach, date="2027-03-16").exists()
    assert bad.status_code == 400 and "L&#x27;heure de fin doit suivre" in bad.content.decode()
    page = client.get(url).content.decode()
    assert "jeudi 4 mars 2027, 13 h 30 (Montréal)" in page
    assert "mardi 16 mars 2027" not in page


def test_a_coach_cannot_remove_another_coachs_hours_or_exceptions(client, coach):
    hours = WeeklyHours.objects.filter(coach=coach).first()
    exception = AvailabilityException.objects.create(coach=coach, date="2027-03-20")
    client.force_login(CoachFactory())

    assert client.post(reverse("coaching:weekly_hours_delete", kwargs={"hours_id": hours.pk})).status_code == 404
    assert client.post(reverse("coaching:exception_delete", kwargs={"exception_id": exception.pk})).status_code == 404
    assert WeeklyHours.objects.filter(pk=hours.pk).exists()


def test_private_notes_are_never_shown_to_the_participant_nor_exported_and_go_with_the_account(
    client, casablanca, coach
):
    client.force_login(coach)
    client.post(
        reverse("coaching:participant_detail", kwargs={"participant_id": casablanca.pk}),
        {"body": "Semble découragé, relancer jeudi"},
    )
    assert CoachNote.objects.get().author == coach

    client.force_login(casablanca)
    for url in (reverse("coaching:interviews"), reverse("accounts:dashboard")):
        assert "découragé" not in client.get(url).content.decode()
    assert "découragé" not in str(personal_data_export(user=casablanca))
    coaching_personal_data_erase(user=casablanca)
    assert not CoachNote.objects.exists()


def test_a_coach_cannot_write_notes_on_someone_they_do_not_accompany(client, casablanca):
    client.force_login(CoachFactory())

    url = reverse("coaching:participant_detail", kwargs={"participant_id": casablanca.pk})
    assert client.post(url, {"body": "x"}).status_code == 404
    assert not CoachNote.objects.exists()


def test_the_participant_dashboard_shows_the_next_interview_in_both_zones(client, casablanca, coach):
    from tests.accounts.profile_factories import OnboardedProfileFactory

    OnboardedProfileFactory(user=casablanca)
    InterviewFactory(participant=casablanca, coach=coach, starts_at=MARCH_16, ends_at=MARCH_16 + timedelta(minutes=45))
    client.force_login(casablanca)

    page = client.get(reverse("accounts:dashboard")).content.decode()

    assert "Ma prochaine entrevue" in page
    assert "mardi 16 mars 2027, 13 h 00 (Casablanca) · 9 h 00 à Montréal" in page


def test_the_coach_dashboard_shows_coach_blocks_and_next_interviews(client, casablanca, coach, monkeypatch):
    from accounts import dashboard

    monkeypatch.setitem(
        dashboard._blocks,
        "test_coach_block",
        dashboard.DashboardBlock(
            key="test_coach_block",
            template="coaching/dashboard_block_next_interview.html",
            order=1,
            context=lambda user, profile: {"next": None},
            audience="coach",
        ),
    )
    InterviewFactory(participant=casablanca, coach=coach, starts_at=MARCH_16, ends_at=MARCH_16 + timedelta(minutes=45))
    client.force_login(coach)

    page = client.get(reverse("coaching:dashboard")).content.decode()

    assert "Ma prochaine entrevue" in page  # the registered coach-audience block
    assert "mardi 16 mars 2027, 9 h 00 (Montréal)" in page
    assert "13 h 00 pour la personne, Casablanca" in page
