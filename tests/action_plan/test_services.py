import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Profile, SentEmail
from accounts.privacy import personal_data_export
from accounts.signals import onboarding_completed, profile_updated
from action_plan import selectors, services
from action_plan.default_template import SLUG, default_template_data
from action_plan.models import Plan, PlanTask, PlanTemplate, ReminderSent, TaskReview
from action_plan.selectors import template_rule_problems
from action_plan.unsubscribe import plan_from_unsubscribe_token, unsubscribe_token
from coaching.models import Assignment
from content.signals import capsule_watched
from tests.accounts.factories import CoachFactory
from tests.action_plan.factories import (
    ProfileFactory,
    TemplateStepFactory,
    monday,
    occupation,
    open_start,
    region,
    template_with_steps,
)

pytestmark = pytest.mark.django_db


def keys_of(plan: Plan) -> set[str]:
    return set(plan.tasks.values_list("step_key", flat=True))


# --- The shipped template ---------------------------------------------------------------------------


def test_the_shipped_template_covers_eleven_weeks_in_french_and_english():
    template = PlanTemplate.objects.get(slug=SLUG)
    assert template.status == PlanTemplate.Status.PUBLISHED and template.is_default
    steps = list(template.steps.all())
    assert {step.week for step in steps} == set(range(1, 12))
    assert len(steps) == len(default_template_data()["steps"])
    for step in steps:
        step.full_clean()
        assert step.title_en and step.instructions_en, step.key
        if step.deliverable_type == "checklist":
            assert len(step.checklist_fr.splitlines()) == len(step.checklist_en.splitlines()), step.key
    assert template_rule_problems(template) == []


def test_a_regulated_participant_in_capitale_nationale_and_a_non_regulated_one_abroad_get_different_plans():
    nurse = ProfileFactory(
        stage=Profile.Stage.ARRIVED, region=region("03"), occupation=occupation("3"), occupation_regulated=True
    )
    abroad = ProfileFactory(
        stage=Profile.Stage.CSQ_RECEIVED,
        region=region("05"),
        occupation=occupation("6"),
        occupation_regulated=False,
        french_level=5,
        household=Profile.Household.WITH_CHILDREN,
        arrival_date=datetime.date(2027, 2, 15),
    )
    nurse_plan = services.plan_generate(profile=nurse, start_date=monday())
    abroad_plan = services.plan_generate(profile=abroad, start_date=monday())

    nurse_keys, abroad_keys = keys_of(nurse_plan), keys_of(abroad_plan)
    assert {"ordre-admission", "ordre-equivalence", "formation-appoint-stage", "commissaire-admission"} <= nurse_keys
    assert not {"documents-avant-depart", "francais-avant-depart", "profession-non-reglementee"} & nurse_keys
    assert {"documents-avant-depart", "francais-avant-depart", "profession-non-reglementee"} <= abroad_keys
    assert {"inscription-ecole", "francais-pratique-quotidienne"} <= abroad_keys
    assert not {"ordre-admission", "commissaire-admission"} & abroad_keys
    # Placeholders are filled from each profile.
    nurse_region = nurse_plan.tasks.get(step_key="decouvrir-sa-region")
    abroad_region = abroad_plan.tasks.get(step_key="decouvrir-sa-region")
    assert nurse_region.title_fr == "Découvrir votre région : Capitale-Nationale"
    assert abroad_region.title_fr == "Découvrir votre région : Estrie"
    assert "{" not in "".join(nurse_plan.tasks.values_list("instructions_html_fr", flat=True))
    # Before-arrival steps fall before the arrival date, after-arrival ones after it.
    for task in abroad_plan.tasks.filter(timing="before_arrival"):
        assert task.due_on < abroad.arrival_date
    for task in abroad_plan.tasks.filter(timing="after_arrival"):
        assert task.opens_on >= abroad.arrival_date


def test_the_job_offers_link_carries_the_region_and_occupation_filters():
    plan = services.plan_generate(profile=ProfileFactory(region=region("03"), occupation=occupation("3")))
    link = plan.tasks.get(step_key="marche-emploi").links.get()
    assert link.kind == "job_offers"
    assert link.query == "region=03&category=3"


# --- Generation --------------------------------------------------------------------------------------


def test_onboarding_completed_generates_the_plan_starting_next_monday_in_the_persons_time_zone():
    profile = ProfileFactory()
    profile.user.time_zone = "Asia/Tokyo"
    profile.user.save(update_fields=["time_zone"])
    onboarding_completed.send(sender=Profile, profile=profile)
    plan = Plan.objects.get(user=profile.user)
    assert plan.start_date.weekday() == 0
    assert plan.start_date > timezone.now().astimezone(datetime.UTC).date() - datetime.timedelta(days=1)
    assert plan.tasks.exists()
    # Sent twice, it does not generate twice.
    onboarding_completed.send(sender=Profile, profile=profile)
    assert Plan.objects.filter(user=profile.user).count() == 1


def count_generation_queries(template) -> int:
    profile = ProfileFactory()
    profile = Profile.objects.select_related("user", "region", "occupation").get(pk=profile.pk)
    with CaptureQueriesContext(connection) as queries:
        services.plan_generate(profile=profile, template=template, start_date=monday())
    return len(queries)


def test_generation_takes_the_same_number_of_queries_whatever_the_template_size(django_assert_max_num_queries):
    small = count_generation_queries(template_with_steps(3))
    large = count_generation_queries(template_with_steps(60))
    assert small == large
    profile, template = ProfileFactory(), template_with_steps(30)
    with django_assert_max_num_queries(12):
        services.plan_generate(profile=profile, template=template, start_date=monday())


def test_regeneration_keeps_the_answers_of_steps_that_remain_and_drops_the_others():
    profile = ProfileFactory(stage=Profile.Stage.CSQ_RECEIVED, occupation_regulated=False)
    plan = services.plan_generate(profile=profile, start_date=open_start())
    kept = plan.tasks.get(step_key="budget-region")
    services.task_save_draft(task=kept, answer_text="Loyer : 1 200 $")
    dropped = plan.tasks.get(step_key="profession-non-reglementee")
    services.task_save_draft(task=dropped, answer_text="À jeter")

    profile.occupation_regulated = True
    profile.save()
    services.plan_generate(profile=profile)

    kept.refresh_from_db()
    assert kept.answer_text == "Loyer : 1 200 $" and kept.status == PlanTask.Status.IN_PROGRESS
    assert not PlanTask.objects.filter(pk=dropped.pk).exists()
    assert plan.tasks.filter(step_key="ordre-admission").exists()
    assert plan.tasks.get(step_key="budget-region").links.count() == 0  # this step has no links
    assert plan.tasks.get(step_key="marche-emploi").links.count() == 1  # links are not duplicated


def test_editing_a_template_never_changes_an_existing_plan_and_a_new_version_is_opt_in():
    template = template_with_steps(2, slug="famille", is_default=True)
    profile = ProfileFactory()
    plan = services.plan_generate(profile=profile, template=template, start_date=monday())
    step = template.steps.first()
    step.title_fr = "Titre modifié"
    step.save()
    assert not plan.tasks.filter(title_fr="Titre modifié").exists()

    new = services.template_new_version(template=template)
    assert new.version == 2 and new.status == PlanTemplate.Status.DRAFT
    assert selectors.newer_template_for(plan) is None
    new.steps.update(title_fr="Nouvelle version")
    services.template_publish(template=new)
    template.refresh_from_db()
    assert template.status == PlanTemplate.Status.ARCHIVED
    plan.refresh_from_db()
    assert plan.template_id == template.pk
    assert selectors.newer_template_for(plan) == new

    services.plan_generate(profile=profile, template=new)
    plan.refresh_from_db()
    assert plan.template_id == new.pk
    assert set(plan.tasks.values_list("title_fr", flat=True)) == {"Nouvelle version"}


def test_a_rule_naming_a_deleted_region_or_code_is_reported_and_does_not_break_generation():
    template = template_with_steps(1)
    TemplateStepFactory(template=template, key="region-disparue", cond_region_codes="42")
    TemplateStepFactory(template=template, key="code-disparu", cond_occupation_prefixes="98765")
    plan = services.plan_generate(profile=ProfileFactory(), template=template, start_date=monday())
    assert plan.tasks.count() == 1
    assert template_rule_problems(template) == ["region-disparue: région 42", "code-disparu: CNP 98765"]


def test_moving_the_arrival_date_moves_the_before_and_after_arrival_tasks():
    profile = ProfileFactory(stage=Profile.Stage.PR_VISA, arrival_date=datetime.date(2027, 3, 1))
    plan = services.plan_generate(profile=profile, start_date=monday())
    sin = plan.tasks.get(step_key="numero-assurance-sociale")
    assert sin.opens_on == datetime.date(2027, 3, 1)

    profile.arrival_date = datetime.date(2027, 4, 5)
    profile.save()
    profile_updated.send(sender=Profile, profile=profile, changed_fields={"arrival_date"})
    sin.refresh_from_db()
    assert sin.opens_on == datetime.date(2027, 4, 5)
    assert sin.week == 14
    plan.refresh_from_db()
    assert plan.arrival_date == datetime.date(2027, 4, 5)
    assert not plan.refresh_suggested


def test_a_change_the_rules_look_at_offers_a_refresh_without_regenerating():
    profile = ProfileFactory()
    plan = services.plan_generate(profile=profile, start_date=monday())
    before = keys_of(plan)
    profile.household = Profile.Household.WITH_CHILDREN
    profile.mode = Profile.Mode.ACCOMPANIED
    profile.save()
    profile_updated.send(sender=Profile, profile=profile, changed_fields={"household", "mode"})
    plan.refresh_from_db()
    assert plan.refresh_suggested and plan.accompanied
    assert keys_of(plan) == before


# --- The participant's work and the coach's review ---------------------------------------------------


def test_working_alone_a_submitted_task_is_done(plan):
    task = plan.tasks.get(step_key="objectifs-du-parcours")
    assert task.status == PlanTask.Status.TODO
    services.task_save_draft(task=task, answer_text="Trouver un emploi d'infirmière")
    assert task.status == PlanTask.Status.IN_PROGRESS
    services.task_submit(task=task)
    task.refresh_from_db()
    assert task.status == PlanTask.Status.DONE and task.completed_at
    services.task_reopen(task=task)
    assert task.status == PlanTask.Status.IN_PROGRESS


def test_a_week_that_has_not_opened_yet_cannot_be_worked_on():
    plan = services.plan_generate(profile=ProfileFactory(), start_date=monday())
    task = plan.tasks.get(step_key="objectifs-du-parcours")
    with pytest.raises(services.TaskNotEditable, match="s'ouvre le 4 janvier 2027"):
        services.task_save_draft(task=task, answer_text="Trop tôt")
    with pytest.raises(services.TaskNotEditable):
        services.task_submit(task=task)


def test_it_refuses_to_submit_an_empty_deliverable(plan):
    text = plan.tasks.get(step_key="objectifs-du-parcours")
    with pytest.raises(services.DeliverableIncomplete):
        services.task_submit(task=text)
    checklist = plan.tasks.get(step_key="bail-et-tal")
    services.task_save_draft(task=checklist, checked=[0, 1])
    with pytest.raises(services.DeliverableIncomplete):
        services.task_submit(task=checklist)
    services.task_save_draft(task=checklist, checked=[0, 1, 2, 3])
    services.task_submit(task=checklist)
    assert checklist.status == PlanTask.Status.DONE
    cv = plan.tasks.get(step_key="cv-quebecois")
    with pytest.raises(services.DeliverableIncomplete):
        services.task_submit(task=cv)


def test_a_submitted_task_can_no_longer_be_changed(plan):
    plan.accompanied = True
    plan.save()
    task = plan.tasks.get(step_key="objectifs-du-parcours")
    services.task_save_draft(task=task, answer_text="Réponse")
    services.task_submit(task=task)
    with pytest.raises(services.TaskNotEditable):
        services.task_save_draft(task=task, answer_text="Autre")


@pytest.fixture
def accompanied(plan):
    plan.accompanied = True
    plan.save()
    coach = CoachFactory()
    Assignment.objects.create(participant=plan.user, coach=coach)
    task = plan.tasks.get(step_key="objectifs-du-parcours")
    services.task_save_draft(task=task, answer_text="Mes trois objectifs")
    services.task_submit(task=task)
    return task, coach


def test_in_accompanied_mode_a_submitted_task_waits_for_the_coach_who_approves_it(
    accompanied, django_capture_on_commit_callbacks
):
    task, coach = accompanied
    assert task.status == PlanTask.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        services.task_review(task=task, coach=coach, decision=TaskReview.Decision.APPROVED, comment="Très clair.")
    task.refresh_from_db()
    assert task.status == PlanTask.Status.DONE and task.coach_comment == "Très clair."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [task.plan.user.email]
    assert "Très clair." in mail.outbox[0].body


def test_changes_requested_send_the_task_back_with_the_comment(accompanied, django_capture_on_commit_callbacks):
    task, coach = accompanied
    with pytest.raises(services.ReviewNotAllowed):
        services.task_review(task=task, coach=coach, decision=TaskReview.Decision.CHANGES_REQUESTED, comment=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.task_review(
            task=task, coach=coach, decision=TaskReview.Decision.CHANGES_REQUESTED, comment="Précisez le 2e objectif."
        )
    task.refresh_from_db()
    assert task.status == PlanTask.Status.CHANGES_REQUESTED
    assert task.is_editable
    assert "Précisez" in mail.outbox[0].body
    services.task_save_draft(task=task, answer_text="Mieux")
    services.task_submit(task=task)
    assert task.status == PlanTask.Status.SUBMITTED
    with pytest.raises(services.ReviewNotAllowed):
        services.task_review(
            task=PlanTask.objects.get(step_key="budget-region", plan=task.plan),
            coach=coach,
            decision="approved",
            comment="",
        )


def test_the_participant_email_is_in_their_language(accompanied, django_capture_on_commit_callbacks):
    task, coach = accompanied
    user = task.plan.user
    user.language = "en"
    user.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.task_review(task=task, coach=coach, decision="approved", comment="")
    assert "Set your goals" in mail.outbox[0].body


# --- Content events and personal data ----------------------------------------------------------------


def test_a_watched_capsule_ticks_the_links_to_it(plan):
    task = plan.tasks.get(step_key="objectifs-du-parcours")
    link = task.links.create(kind="capsule", object_id=42, label_fr="Capsule")
    other = task.links.create(kind="capsule", object_id=43, label_fr="Autre")

    class Capsule:
        pk = 42

    capsule_watched.send(sender=None, user=plan.user, capsule=Capsule())
    link.refresh_from_db()
    other.refresh_from_db()
    assert link.done and not other.done


def test_a_watched_capsule_stays_ticked_when_the_plan_is_regenerated():
    template = template_with_steps(1)
    step = template.steps.get()
    step.links.create(kind="capsule", object_id=7, label_fr="Capsule")
    profile = ProfileFactory()
    plan = services.plan_generate(profile=profile, template=template, start_date=open_start())
    services.plan_links_tick(user=plan.user, kind="capsule", object_id=7)
    services.plan_generate(profile=profile, template=template)
    assert plan.tasks.get().links.get(kind="capsule").done


def test_the_plan_is_in_the_personal_data_export_and_is_erased(plan, django_capture_on_commit_callbacks):
    from accounts.privacy import personal_data_sections

    task = plan.tasks.get(step_key="objectifs-du-parcours")
    services.task_save_draft(task=task, answer_text="Mon objectif personnel")
    exported = personal_data_export(user=plan.user)["action_plan"]
    assert any(item["answer"] == "Mon objectif personnel" for item in exported["tasks"])
    section = next(section for section in personal_data_sections() if section.name == "action_plan")
    with django_capture_on_commit_callbacks(execute=True):
        section.erase(user=plan.user)
    assert not Plan.objects.filter(pk=plan.pk).exists()


# --- Reminders -----------------------------------------------------------------------------------------


def remind(*, now: datetime.datetime) -> int:
    """The beat job, its e-mail tasks run when its transactions commit (as they do outside a test)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.reminders_send_due(now=now)


def at(date: datetime.date, hour: int, tz: str = "America/Montreal") -> datetime.datetime:
    import zoneinfo

    return datetime.datetime(date.year, date.month, date.day, hour, tzinfo=zoneinfo.ZoneInfo(tz))


def test_the_weekly_reminder_is_sent_once_per_week(plan):
    week_two = plan.start_date + datetime.timedelta(days=7)
    assert remind(now=at(week_two, 9)) == 1
    assert remind(now=at(week_two, 10)) == 0
    assert remind(now=at(week_two + datetime.timedelta(days=3), 10)) == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.get(plan=plan).week == 2
    message = mail.outbox[0]
    assert message.subject == "Service d'intégration en ligne – Votre plan d'action : semaine 2"
    assert "Établir un budget mensuel" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Établir un budget mensuel" in html and '<html lang="fr-CA">' in html
    assert "/plan/desabonnement/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert remind(now=at(week_two + datetime.timedelta(days=7), 9)) == 1


def test_the_reminder_waits_for_the_morning_in_the_persons_time_zone(plan):
    plan.user.time_zone = "Europe/Paris"
    plan.user.save(update_fields=["time_zone"])
    monday_paris = plan.start_date + datetime.timedelta(days=14)
    assert remind(now=at(monday_paris, 7, "Europe/Paris")) == 0
    assert remind(now=at(monday_paris, 8, "Europe/Paris")) == 1


def test_the_reminder_is_in_the_persons_language_and_mentions_feedback(accompanied):
    task, coach = accompanied
    plan = task.plan
    plan.user.language = "en"
    plan.user.save(update_fields=["language"])
    services.task_review(task=task, coach=coach, decision="approved", comment="Bien")
    week_three = plan.start_date + datetime.timedelta(days=14)
    remind(now=at(week_three, 9))
    body = mail.outbox[-1].body
    assert "Explore the job market" in body
    assert "Set your goals" in body  # the feedback received


def test_the_reminder_lists_new_job_offers_matching_the_profile(plan):
    from tests.job_feed.factories import JobOfferFactory

    JobOfferFactory(title="Infirmière clinicienne", region=region("06"), occupation_code="31301")
    JobOfferFactory(title="Soudeur", region=region("06"), occupation_code="72106")
    week_two = plan.start_date + datetime.timedelta(days=7)
    remind(now=at(week_two, 9))
    body = mail.outbox[0].body
    assert "Infirmière clinicienne" in body and "/emplois/" in body
    assert "Soudeur" not in body


def test_no_reminder_after_unsubscribing_or_outside_the_plan(plan):
    assert remind(now=at(plan.start_date - datetime.timedelta(days=7), 9)) == 0
    token = unsubscribe_token(plan)
    assert plan_from_unsubscribe_token(token) == plan
    assert plan_from_unsubscribe_token(token + "x") is None
    services.plan_unsubscribe(plan=plan)
    assert remind(now=at(plan.start_date, 9)) == 0
    assert mail.outbox == []


def test_the_beat_job_is_scheduled_by_a_migration():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="action_plan.send_weekly_reminders")
    assert task.enabled and task.crontab.hour == "*"


def test_the_professional_order_fills_the_placeholder_and_the_profession_link():
    from content.models import ProfessionalOrder

    order = ProfessionalOrder.objects.get(slug="ordre-des-infirmieres-et-infirmiers-du-quebec")
    order.occupations.add(occupation("3"))
    plan = services.plan_generate(profile=ProfileFactory(occupation=occupation("3")), start_date=monday())
    task = plan.tasks.get(step_key="ordre-admission")
    assert "Votre ordre professionnel : <strong>Ordre des infirmières et infirmiers du Québec</strong>" in (
        task.instructions_html_fr
    )
    link = task.links.get(kind="profession")
    assert link.object_id == order.pk
    from action_plan.integrations import link_url

    assert link_url(link) == order.get_absolute_url()


# --- Notices and e-mails in the reader's language --------------------------------------------------------


def notices_to(user_id: int, action) -> list[dict]:
    """The portal notices pushed to this person's pages (through the real channel layer) while `action` runs."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from accounts.services import user_notification_group

    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_notification_group(user_id), channel)
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            action()
        return [async_to_sync(layer.receive)(channel)["payload"]]
    finally:
        async_to_sync(layer.group_discard)(user_notification_group(user_id), channel)


def test_the_coach_s_notice_of_a_submission_is_in_the_coach_s_language(plan):
    plan.accompanied = True
    plan.save()
    coach = CoachFactory(language="en")
    Assignment.objects.create(participant=plan.user, coach=coach)
    task = plan.tasks.get(step_key="objectifs-du-parcours")
    services.task_save_draft(task=task, answer_text="Mes trois objectifs")
    [notice] = notices_to(coach.pk, lambda: services.task_submit(task=task))
    assert notice["message"] == "A deliverable is waiting for your review."
    assert notice["url"].startswith("/en/")


def test_the_review_email_has_a_text_and_an_html_part_in_the_participant_s_zone(
    accompanied, django_capture_on_commit_callbacks
):
    task, coach = accompanied
    with django_capture_on_commit_callbacks(execute=True):
        review = services.task_review(task=task, coach=coach, decision="approved", comment="<b>Très clair</b>")
    message = mail.outbox[0]
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "&lt;b&gt;Très clair&lt;/b&gt;" in html
    assert SentEmail.objects.filter(key=f"action_plan.review:{review.pk}", sent=True).exists()
