"""Nobody but the right person opens or changes a plan, a task, a file or a review."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from action_plan.models import PlanTask
from coaching.models import Assignment
from tests.accounts.factories import CoachFactory, MinistryAdminFactory, ParticipantFactory
from tests.action_plan.factories import owner_plan_task
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return ParticipantFactory()


@pytest.fixture
def intruder():
    return ParticipantFactory()


def test_a_participant_cannot_open_another_participants_task(owner, intruder):
    task = owner_plan_task(owner)
    assert client_for(intruder).get(task.get_absolute_url()).status_code == 404


def test_a_participant_cannot_change_another_participants_task(owner, intruder):
    task = owner_plan_task(owner)
    client = client_for(intruder)
    for action in ("save", "submit", "reopen"):
        response = client.post(task.get_absolute_url(), {"answer_text": "piraté", "action": action})
        assert response.status_code == 404
    response = client.post(reverse("action_plan:task_autosave", kwargs={"pk": task.pk}), {"answer_text": "piraté"})
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.answer_text == "Mes objectifs" and task.status == PlanTask.Status.IN_PROGRESS


def test_a_participant_with_a_plan_still_cannot_reach_another_plan_through_its_own_pages(owner, intruder):
    from action_plan import services

    theirs = owner_plan_task(owner)
    services.task_save_draft(task=theirs, answer_text="Secret du propriétaire")
    owner_plan_task(intruder)
    html = client_for(intruder).get(reverse("action_plan:print")).content.decode()
    assert "Mes objectifs" in html
    assert "Secret du propriétaire" not in html


def test_a_participant_cannot_download_another_participants_file(owner, intruder):
    task = owner_plan_task(owner, with_file=True)
    assert client_for(intruder).get(reverse("action_plan:task_file", kwargs={"pk": task.pk})).status_code == 404


def test_the_assigned_coach_and_admins_can_download_the_file_and_it_is_logged(owner):
    from accounts.models import StaffAccessLog

    coach = CoachFactory()
    task = owner_plan_task(owner, coach=coach, with_file=True)
    url = reverse("action_plan:task_file", kwargs={"pk": task.pk})
    assert client_for(coach).get(url).status_code == 200
    assert client_for(MinistryAdminFactory()).get(url).status_code == 200
    assert StaffAccessLog.objects.filter(participant=owner).count() == 2


def test_a_coach_not_assigned_or_no_longer_assigned_gets_nothing(owner):
    coach = CoachFactory()
    task = owner_plan_task(owner, coach=coach, with_file=True, submitted=True)
    stranger = CoachFactory()
    for who in (stranger,):
        client = client_for(who)
        assert client.get(reverse("action_plan:task_file", kwargs={"pk": task.pk})).status_code == 404
        assert client.get(reverse("action_plan:review_task", kwargs={"pk": task.pk})).status_code == 404
        assert task.title_fr not in client.get(reverse("action_plan:review_list")).content.decode()
    Assignment.objects.filter(participant=owner).update(ended_at=timezone.now())
    client = client_for(coach)
    assert client.get(reverse("action_plan:review_task", kwargs={"pk": task.pk})).status_code == 404
    response = client.post(
        reverse("action_plan:review_task", kwargs={"pk": task.pk}), {"decision": "approved", "comment": ""}
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == PlanTask.Status.SUBMITTED


def test_a_participant_cannot_review_even_their_own_task(owner):
    task = owner_plan_task(owner, coach=CoachFactory(), submitted=True)
    response = client_for(owner).post(
        reverse("action_plan:review_task", kwargs={"pk": task.pk}), {"decision": "approved", "comment": ""}
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == PlanTask.Status.SUBMITTED


def test_a_coach_cannot_review_a_task_that_was_not_submitted(owner):
    coach = CoachFactory()
    task = owner_plan_task(owner, coach=coach)
    response = client_for(coach).post(
        reverse("action_plan:review_task", kwargs={"pk": task.pk}), {"decision": "approved", "comment": ""}
    )
    assert response.status_code == 400
    task.refresh_from_db()
    assert task.status == PlanTask.Status.IN_PROGRESS


def test_staff_do_not_use_the_participant_pages(owner):
    owner_plan_task(owner)
    for user in (CoachFactory(), MinistryAdminFactory()):
        assert client_for(user).get(reverse("action_plan:timeline")).status_code == 403


def test_anonymous_people_are_sent_to_log_in(owner):
    task = owner_plan_task(owner, with_file=True)
    for url in (task.get_absolute_url(), reverse("action_plan:task_file", kwargs={"pk": task.pk})):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_admin_lists_templates_with_rule_problems(admin_client_for_plan):
    client, template = admin_client_for_plan
    response = client.get(reverse("admin:action_plan_plantemplate_change", args=[template.pk]))
    assert response.status_code == 200
    assert "perdu: CNP 98765" in response.content.decode()


@pytest.fixture
def admin_client_for_plan():
    from tests.action_plan.factories import TemplateStepFactory, template_with_steps

    template = template_with_steps(1)
    TemplateStepFactory(template=template, key="perdu", cond_occupation_prefixes="98765")
    return client_for(MinistryAdminFactory()), template


def test_an_admin_moving_a_plans_start_date_moves_its_tasks(plan):
    client = client_for(MinistryAdminFactory())
    url = reverse("admin:action_plan_plan_change", args=[plan.pk])
    assert client.get(url).status_code == 200
    task = plan.tasks.get(step_key="budget-region")
    new_start = plan.start_date + datetime.timedelta(weeks=1)
    response = client.post(
        url,
        {
            "start_date": new_start.isoformat(),
            "arrival_date": "",
            "accompanied": "",
            "reminders_enabled": "on",
            "tasks-TOTAL_FORMS": "0",
            "tasks-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert task.opens_on == new_start + datetime.timedelta(weeks=1)


def test_the_admin_explains_a_badly_written_rule_next_to_its_field(admin_client_for_plan):
    client, template = admin_client_for_plan
    step = template.steps.first()
    url = reverse("admin:action_plan_templatestep_change", args=[step.pk])
    data = {
        "template": template.pk,
        "key": step.key,
        "week": 1,
        "order": 0,
        "timing": "any",
        "effort_minutes": 30,
        "title_fr": step.title_fr,
        "instructions_fr": step.instructions_fr,
        "deliverable_type": "checklist",
        "checklist_fr": "",
        "max_file_mb": 5,
        "cond_stage": "",
        "cond_region_codes": "Québec",
        "cond_occupation_prefixes": "3, abc",
        "cond_regulated": "unknown",
        "cond_french_min": 8,
        "cond_french_max": 4,
        "cond_has_children": "unknown",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    for message in (
        "Des codes de région à un ou deux chiffres",
        "Des débuts de code CNP",
        "Le niveau maximum doit être supérieur",
        "Une liste à cocher a besoin",
    ):
        assert message in html
    assert 'value="Québec"' in html


def test_an_admin_links_a_step_to_a_published_article_by_picking_it(admin_client_for_plan):
    from tests.content.factories import ArticleFactory

    client, template = admin_client_for_plan
    article = ArticleFactory(title="Se loger à Québec")
    step = template.steps.get(key="perdu")
    url = reverse("admin:action_plan_templatestep_change", args=[step.pk])
    page = client.get(url).content.decode()
    assert f'value="article:{article.pk}"' in page and "Se loger à Québec" in page
    data = {
        "template": template.pk,
        "key": step.key,
        "week": 1,
        "order": 0,
        "timing": "any",
        "effort_minutes": 30,
        "title_fr": step.title_fr,
        "instructions_fr": step.instructions_fr,
        "deliverable_type": "text",
        "max_file_mb": 5,
        "cond_stage": "",
        "cond_region_codes": "",
        "cond_occupation_prefixes": "",
        "cond_regulated": "unknown",
        "cond_has_children": "unknown",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-0-order": "0",
        "links-0-kind": "url",
        "links-0-content_item": f"article:{article.pk}",
        "links-0-label_fr": "Lire l'article",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    link = step.links.get()
    assert (link.kind, link.object_id) == ("article", article.pk)
