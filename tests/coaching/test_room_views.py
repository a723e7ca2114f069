"""The room's page (or its countdown) and the record afterwards: who sees what, the summary and
its follow-ups turned into plan tasks, the chat shown as text, export and erasure."""

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from accounts.erasure import account_erase
from accounts.privacy import personal_data_export
from action_plan.models import PlanTask
from coaching.models import ChatMessage
from coaching.room_services import summary_save
from tests.accounts.factories import CoachFactory, ParticipantFactory
from tests.action_plan.factories import owner_plan
from tests.coaching.factories import InterviewFactory
from tests.coaching.room_helpers import open_interview

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
INTERVIEW_AT = datetime.datetime(2027, 3, 10, 15, 0, tzinfo=datetime.UTC)  # 10:00 in Montréal


def room_url(interview) -> str:
    return reverse("coaching:interview_room", kwargs={"interview_id": interview.pk})


def record_url(interview) -> str:
    return reverse("coaching:interview_record", kwargs={"interview_id": interview.pk})


def test_the_open_room_is_for_its_participant_and_its_coach(client, django_assert_num_queries):
    interview = open_interview()
    for member in (interview.participant, interview.coach):
        client.force_login(member)
        # Queries (the session is in the cache): user, the coach's TOTP check (staff only), the
        # interview with both people.
        with django_assert_num_queries(3 if member.is_staff_member else 2):
            page = client.get(room_url(interview))
        assert page.status_code == 200
        html = page.content.decode()
        assert 'id="room"' in html and f'data-ws-path="/ws/entrevues/{interview.pk}/"' in html
        assert 'id="room-strings"' in html and "<script>" not in html.replace('<script src="', "")
        assert "camera=(self)" in page.headers["Permissions-Policy"]
        assert "microphone=(self)" in page.headers["Permissions-Policy"]
    for outsider in (ParticipantFactory(), CoachFactory()):
        client.force_login(outsider)
        assert client.get(room_url(interview)).status_code == 404


def test_before_it_opens_a_countdown_in_the_persons_zone_and_montreals(client):
    with time_machine.travel(INTERVIEW_AT - datetime.timedelta(hours=3), tick=False) as traveller:
        interview = InterviewFactory(
            starts_at=INTERVIEW_AT,
            ends_at=INTERVIEW_AT + datetime.timedelta(minutes=45),
            participant=ParticipantFactory(time_zone="Asia/Tokyo"),
        )
        client.force_login(interview.participant)
        html = client.get(room_url(interview)).content.decode()
        assert 'id="room-countdown"' in html and 'id="room"' not in html
        # Opens at 14:50 UTC: 23:50 in Tokyo (UTC+9), 09:50 in Montréal; starts 10:00 there.
        assert "23:50" in html and "09:50" in html and "10:00 à Montréal" in html
        traveller.move_to(INTERVIEW_AT - datetime.timedelta(minutes=9))
        assert 'id="room"' in client.get(room_url(interview)).content.decode()
        traveller.move_to(INTERVIEW_AT + datetime.timedelta(hours=2, minutes=1))
        html = client.get(room_url(interview)).content.decode()
        assert 'id="room"' not in html and record_url(interview) in html
    assert "camera=()" in client.get(record_url(interview)).headers["Permissions-Policy"]


def test_the_coach_writes_a_summary_and_follow_ups_become_plan_tasks(client):
    interview = open_interview()
    plan = owner_plan(interview.participant)
    client.force_login(interview.coach)
    response = client.post(
        record_url(interview),
        {
            "text": "Bon échange.",
            "follow_ups": "Mettre à jour le CV\nAppeler l'ordre professionnel",
            "add_to_plan": "on",
        },
    )
    assert response.status_code == 302
    tasks = PlanTask.objects.filter(plan=plan, step_key__startswith="suivi-").order_by("step_key")
    assert sorted(task.title_fr for task in tasks) == ["Appeler l'ordre professionnel", "Mettre à jour le CV"]
    # Saving again does not add the same tasks twice.
    client.post(
        record_url(interview),
        {
            "text": "Bon échange, suite.",
            "follow_ups": "Mettre à jour le CV\nAppeler l'ordre professionnel",
            "add_to_plan": "on",
        },
    )
    assert PlanTask.objects.filter(plan=plan, step_key__startswith="suivi-").count() == 2


def test_too_many_follow_ups_get_a_clear_message(client):
    interview = open_interview()
    client.force_login(interview.coach)
    response = client.post(
        record_url(interview), {"text": "x", "follow_ups": "\n".join(f"item {n}" for n in range(11))}
    )
    assert response.status_code == 200
    assert "Au plus 10 suivis" in response.content.decode()


def test_the_participant_reads_summary_and_chat_as_text_and_cannot_write(client, django_assert_num_queries):
    interview = open_interview()
    summary_save(interview=interview, coach=interview.coach, text=XSS, follow_ups=["Un suivi"], add_to_plan=False)
    for seq, sender in enumerate((interview.participant, interview.coach, interview.participant), start=1):
        ChatMessage.objects.create(interview=interview, sender=sender, seq=seq, body=f"{XSS} {seq}")
    client.force_login(interview.participant)
    # Queries (the session is in the cache): user, the interview with both people, its summary,
    # the follow-ups with their tasks, the chat messages with their senders. Does not grow with
    # messages.
    with django_assert_num_queries(5):
        html = client.get(record_url(interview)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert html.count("&lt;img src=x onerror=alert(1)&gt;") == 4  # the summary and three messages
    assert "Un suivi" in html and 'name="text"' not in html
    assert client.post(record_url(interview), {"text": "moi"}).status_code == 403
    client.force_login(ParticipantFactory())
    assert client.get(record_url(interview)).status_code == 404


def test_export_has_the_summary_and_chat_and_erasure_removes_the_words(client):
    interview = open_interview()
    summary_save(interview=interview, coach=interview.coach, text="Résumé", follow_ups=["Suivi"], add_to_plan=False)
    ChatMessage.objects.create(interview=interview, sender=interview.participant, seq=1, body="Mon message")
    ChatMessage.objects.create(interview=interview, sender=interview.coach, seq=2, body="Réponse")

    (exported,) = personal_data_export(user=interview.participant)["interview_room"]
    assert exported["summary"] == "Résumé" and exported["follow_ups"] == ["Suivi"]
    assert [line["text"] for line in exported["chat"]] == ["Mon message", "Réponse"]

    account_erase(user=interview.participant)
    mine, theirs = ChatMessage.objects.filter(interview=interview).order_by("seq")
    assert mine.body == "" and mine.erased_at is not None
    assert theirs.body == "Réponse"


def test_a_cancelled_interview_has_no_room(client):
    interview = open_interview(status="cancelled")
    client.force_login(interview.participant)
    html = client.get(room_url(interview)).content.decode()
    assert 'id="room"' not in html and "annulée" in html


def test_the_room_runs_on_channels_redis():
    assert settings.CHANNEL_LAYERS["room"]["BACKEND"] == "channels_redis.core.RedisChannelLayer"


def test_every_websocket_route_is_in_the_security_table():
    from integration_portal.routing import websocket_urlpatterns
    from tests.security.url_table import WEBSOCKET_ROUTES

    assert {f"/{pattern.pattern}" for pattern in websocket_urlpatterns} == set(WEBSOCKET_ROUTES)


def test_the_demo_participant_and_coach_have_a_room_open_now(client):
    from django.core.management import call_command

    from accounts.models import User

    call_command("seed_demo", stdout=io.StringIO())
    participant = User.objects.get(email="participant@example.org")
    interview = participant.interviews.get()
    assert interview.coach.email == "coach@example.org"
    client.force_login(participant)
    assert 'id="room"' in client.get(room_url(interview)).content.decode()
    call_command("seed_demo", stdout=io.StringIO())
    assert participant.interviews.count() == 1
