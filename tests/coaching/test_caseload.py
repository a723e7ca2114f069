"""The coach's caseload: the columns, the flags, sort and filter, and a fixed number of queries."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Profile, Region, User
from action_plan.models import Plan, PlanTask
from action_plan.selectors import default_template
from coaching.caseload import coach_caseload_rows
from coaching.models import Assignment
from tests.accounts.factories import CoachFactory
from tests.coaching.factories import AssignmentFactory, InterviewFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 2, 10, 15, 0, tzinfo=UTC)
TODAY = date(2027, 2, 10)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def participant_with(coach, *, name, stage=Profile.Stage.CSQ_RECEIVED, arrival=None, last_login=None, tasks=()):
    participant = AssignmentFactory(coach=coach, participant__display_name=name).participant
    participant.last_login = last_login
    participant.save(update_fields=["last_login"])
    Profile.objects.create(user=participant, stage=stage, arrival_date=arrival, region=Region.objects.first())
    plan = Plan.objects.create(user=participant, template=default_template(), start_date=TODAY - timedelta(days=15))
    for index, (status, due, submitted) in enumerate(tasks):
        PlanTask.objects.create(
            plan=plan,
            step_key=f"t{index}",
            template_week=1,
            week=1,
            title_fr="Tâche",
            instructions_html_fr="…",
            deliverable_type="text",
            opens_on=TODAY - timedelta(days=20),
            due_on=due,
            status=status,
            submitted_at=submitted,
        )
    return participant


def test_each_row_carries_the_columns_and_flags(frozen, coach):
    calm = participant_with(
        coach,
        name="Calme",
        stage=Profile.Stage.ARRIVED,
        last_login=NOW - timedelta(days=1),
        tasks=[("done", TODAY - timedelta(days=3), None), ("todo", TODAY + timedelta(days=3), None)],
    )
    struggling = participant_with(
        coach,
        name="En difficulté",
        arrival=TODAY + timedelta(days=20),
        last_login=NOW - timedelta(days=30),
        tasks=[
            ("todo", TODAY - timedelta(days=2), None),
            ("submitted", TODAY - timedelta(days=1), NOW - timedelta(days=18)),
        ],
    )
    InterviewFactory(participant=calm, coach=coach, starts_at=NOW + timedelta(days=2))

    rows = {row.name: row for row in coach_caseload_rows(coach=coach)}

    assert (rows["Calme"].plan_week, rows["Calme"].progress, rows["Calme"].flags) == (3, 50, [])
    assert rows["Calme"].next_interview == NOW + timedelta(days=2)
    assert rows["Calme"].last_activity == NOW - timedelta(days=1)
    difficult = rows["En difficulté"]
    assert (difficult.reviews_waiting, difficult.overdue) == (1, 1)
    assert difficult.oldest_review_at == NOW - timedelta(days=18)
    assert difficult.last_activity == NOW - timedelta(days=18)  # the submission, after the last login
    assert difficult.flags == ["inactive", "behind", "arriving", "review"]
    assert struggling.pk == difficult.participant_id


def test_who_needs_help_comes_first_and_each_column_sorts_and_filters(frozen, coach):
    participant_with(coach, name="Alice", last_login=NOW)
    participant_with(coach, name="Bruno", last_login=NOW - timedelta(days=20))
    participant_with(
        coach, name="Chloé", last_login=NOW - timedelta(days=20), tasks=[("todo", TODAY - timedelta(days=1), None)]
    )

    assert [row.name for row in coach_caseload_rows(coach=coach)] == ["Chloé", "Bruno", "Alice"]
    assert [row.name for row in coach_caseload_rows(coach=coach, sort="name")] == ["Alice", "Bruno", "Chloé"]
    assert [row.name for row in coach_caseload_rows(coach=coach, sort="-name")] == ["Chloé", "Bruno", "Alice"]
    assert [row.name for row in coach_caseload_rows(coach=coach, sort="-activity")][0] == "Alice"
    assert [row.name for row in coach_caseload_rows(coach=coach, flag="behind")] == ["Chloé"]
    assert [row.name for row in coach_caseload_rows(coach=coach, flag="inactive", sort="name")] == ["Bruno", "Chloé"]
    assert len(coach_caseload_rows(coach=coach, stage="abroad")) == 3
    region = Region.objects.first().name
    assert len(coach_caseload_rows(coach=coach, region=region)) == 3
    assert coach_caseload_rows(coach=coach, region="Nulle part") == []
    assert coach_caseload_rows(coach=coach, stage="arrived") == []
    assert [row.name for row in coach_caseload_rows(coach=coach, sort="stage")] == ["Alice", "Bruno", "Chloé"]
    assert len(coach_caseload_rows(coach=coach, sort="nonsense", flag="nonsense")) == 3


def test_the_dashboard_page_with_200_participants_runs_a_fixed_number_of_queries(
    frozen, client, coach, django_assert_num_queries
):
    other_coach = CoachFactory()
    users = User.objects.bulk_create(
        [User(email=f"p{n}@example.org", display_name=f"P{n:03}", role=User.Role.PARTICIPANT) for n in range(200)]
    )
    Assignment.objects.bulk_create([Assignment(participant=user, coach=coach) for user in users])
    Profile.objects.bulk_create([Profile(user=user, region=Region.objects.first()) for user in users])
    template = default_template()
    Plan.objects.bulk_create([Plan(user=user, template=template, start_date=TODAY) for user in users])
    for user in users[:20]:
        InterviewFactory(
            participant=user, coach=other_coach, starts_at=NOW + timedelta(days=1, hours=users.index(user))
        )
    client.force_login(coach)

    # user (the session is in the Redis cache), the staff's TOTP check; the caseload: participants
    # with profile and plan, their tasks' figures grouped, their next interviews grouped, their
    # unanswered forum questions grouped; the coach's own next interviews; the forum's questions
    # waiting for a coach (a dashboard block)
    with django_assert_num_queries(8):
        response = client.get(reverse("coaching:dashboard") + "?sort=-week&flag=inactive")

    assert response.status_code == 200
    assert len(response.context["rows"]) == 200
    assert "P199" in response.content.decode()


def test_the_cached_table_shows_each_change_at_the_next_view_in_the_viewers_language_and_zone(frozen, client, coach):
    """The rows' HTML is cached under what they show: a change, another language or another
    zone makes another table, never yesterday's."""
    nadia = participant_with(coach, name="Nadia", last_login=NOW - timedelta(days=1))
    participant_with(coach, name="Omar", last_login=NOW - timedelta(days=1))
    client.force_login(coach)
    url = reverse("coaching:dashboard")

    def nadia_row(response) -> str:
        html = response.content.decode()
        start = html.index(">Nadia</a>")
        return html[start : html.index("</tr>", start)]

    assert "Livrable en attente" not in nadia_row(client.get(url))
    task = PlanTask.objects.create(
        plan=nadia.action_plan,
        step_key="cv",
        template_week=1,
        week=1,
        title_fr="CV",
        instructions_html_fr="…",
        deliverable_type="text",
        opens_on=TODAY - timedelta(days=10),
        due_on=TODAY + timedelta(days=3),
        status="submitted",
        submitted_at=NOW - timedelta(days=4),
    )
    row = nadia_row(client.get(url))
    assert "1 (depuis 4" in row
    assert "Livrable en attente depuis plus de 3 jours" in row

    task.status = "done"
    task.save(update_fields=["status"])
    assert "Livrable en attente" not in nadia_row(client.get(url))
    assert "100 %" in nadia_row(client.get(url))

    InterviewFactory(participant=nadia, coach=coach, starts_at=NOW + timedelta(days=2))
    assert "12 fév., 10\xa0h\xa000" in nadia_row(client.get(url))  # 15:00 UTC in the coach's Montréal
    coach.time_zone = "Africa/Casablanca"
    coach.save(update_fields=["time_zone"])
    assert "12 fév., 15\xa0h\xa000" in nadia_row(client.get(url))  # in Casablanca (UTC+0 in Ramadan)
    assert "12 Feb., 3 p.m." in nadia_row(client.get("/en" + url))


def test_a_participant_gets_403_on_the_dashboard(client, participant):
    client.force_login(participant)

    assert client.get(reverse("coaching:dashboard")).status_code == 403


def test_a_row_counts_the_participants_forum_questions_until_a_coach_answers(frozen):
    from tests.forum.factories import approved_reply, approved_topic

    coach = CoachFactory()
    asker = participant_with(coach, name="Amina")
    approved_topic(asker, title="Ma question", is_question=True)
    approved_topic(asker, title="Une discussion")  # not a question: not counted
    answered = approved_topic(asker, title="Autre question", is_question=True)
    approved_reply(coach, answered)

    (row,) = coach_caseload_rows(coach=coach)
    assert row.forum_questions == 1
    assert [r.name for r in coach_caseload_rows(coach=coach, sort="-questions")] == ["Amina"]
