"""A plan starts the day it is made, marks late tasks, and its week headings match its tasks' dates."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Profile
from accounts.signals import onboarding_completed
from action_plan import selectors, services
from action_plan.models import Plan, PlanTask
from tests.action_plan.factories import ProfileFactory

pytestmark = pytest.mark.django_db

# Thursday 3 December 2026, 10:00 in Montréal.
MADE_AT = datetime.datetime(2026, 12, 3, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture
def new_plan(time_machine):
    time_machine.move_to(MADE_AT, tick=False)
    profile = ProfileFactory(stage=Profile.Stage.CSQ_RECEIVED)
    onboarding_completed.send(sender=Profile, profile=profile)
    return Plan.objects.get(user=profile.user)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_week_one_opens_the_day_the_plan_is_made(new_plan):
    assert new_plan.start_date == datetime.date(2026, 12, 3)
    week_one = new_plan.tasks.filter(week=1)
    assert week_one.exists()
    assert {task.opens_on for task in week_one} == {datetime.date(2026, 12, 3)}
    # The following weeks follow from that day, not from a Monday.
    assert set(new_plan.tasks.filter(week=2).values_list("opens_on", flat=True)) <= {datetime.date(2026, 12, 10)}


def test_the_first_dashboard_has_something_to_do_today(new_plan):
    html = signed_in(new_plan.user).get(reverse("accounts:dashboard")).content.decode()
    assert "Rien à faire pour l'instant" not in html
    first = new_plan.tasks.filter(week=1).order_by("due_on", "order", "id").first()
    assert first.title in html


def test_the_timeline_shows_week_one_open_today(new_plan):
    html = " ".join(signed_in(new_plan.user).get(reverse("action_plan:timeline")).content.decode().split())
    assert "3 décembre – 9 décembre 2026" in html
    assert "Cette semaine" in html
    assert "(ouvre le 3 décembre)" not in html


def test_a_late_task_is_marked_late_not_plain_to_do(new_plan, time_machine):
    time_machine.move_to(MADE_AT + datetime.timedelta(days=8), tick=False)
    late = new_plan.tasks.filter(week=1).first()
    assert late.status == PlanTask.Status.TODO and late.is_overdue
    html = signed_in(new_plan.user).get(reverse("action_plan:timeline")).content.decode()
    assert html.count(">En retard<") == new_plan.tasks.filter(week=1).count()
    dashboard = signed_in(new_plan.user).get(reverse("accounts:dashboard")).content.decode()
    assert ">En retard<" in dashboard


def test_a_submitted_or_done_task_is_never_late(new_plan, time_machine):
    time_machine.move_to(MADE_AT + datetime.timedelta(days=8), tick=False)
    task = new_plan.tasks.filter(week=1).first()
    for status in (PlanTask.Status.SUBMITTED, PlanTask.Status.DONE):
        task.status = status
        assert not task.is_overdue


def test_week_headings_span_the_dates_of_their_tasks(time_machine):
    time_machine.move_to(MADE_AT, tick=False)
    # Arriving on a Monday, mid plan-week: tasks after arrival open that day.
    profile = ProfileFactory(stage=Profile.Stage.PR_VISA, arrival_date=datetime.date(2026, 12, 21))
    plan = services.plan_generate(profile=profile)
    timeline = selectors.plan_timeline(plan=plan, today=datetime.date(2026, 12, 3))
    moved = [task for week in timeline.weeks for task in week.tasks if task.opens_on.weekday() != 3]
    assert moved, "the arrival date moved no task: the test proves nothing"
    for week in timeline.weeks:
        for task in week.tasks:
            assert week.opens_on <= task.opens_on <= week.ends_on, (week.number, task.title)
            assert task.due_on <= week.ends_on, (week.number, task.title)
