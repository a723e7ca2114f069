"""Generating a plan from a template and the profile, and moving its dates."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Profile
from action_plan import rules
from action_plan.integrations import OrderInfo, professional_order
from action_plan.models import (
    DeliverableType,
    Plan,
    PlanTask,
    PlanTaskLink,
    PlanTemplate,
    TemplateStep,
)
from action_plan.selectors import default_template
from action_plan.services.errors import NoTemplateAvailable

logger = logging.getLogger(__name__)


def _task_from_step(*, step: TemplateStep, fill: rules.Filler) -> PlanTask:
    return PlanTask(
        step=step,
        step_key=step.key,
        template_week=step.week,
        order=step.order,
        title_fr=fill.text(step.title_fr, language="fr")[:250],
        title_en=fill.text(step.title_en, language="en")[:250] if step.title_en else "",
        instructions_html_fr=fill.html(step.instructions_fr, language="fr"),
        instructions_html_en=fill.html(step.instructions_en, language="en") if step.instructions_en else "",
        deliverable_type=step.deliverable_type,
        checklist_items=(
            rules.checklist_items(
                fill.text(step.checklist_fr, language="fr"), fill.text(step.checklist_en, language="en")
            )
            if step.deliverable_type == DeliverableType.CHECKLIST
            else []
        ),
        max_file_bytes=step.max_file_mb * 1024 * 1024,
        effort_minutes=step.effort_minutes,
        timing=step.timing,
    )


def _links_from_step(*, step: TemplateStep, fill: rules.Filler, order: OrderInfo) -> list[PlanTaskLink]:
    # A "profession" link without an item points to the order of the participant's occupation.
    return [
        PlanTaskLink(
            kind=link.kind,
            object_id=link.object_id or (order.pk if link.kind == "profession" else None),
            query=fill.text(link.query, language="fr"),
            url=link.url,
            label_fr=fill.text(link.label_fr, language="fr"),
            label_en=fill.text(link.label_en, language="en") if link.label_en else "",
            order=link.order,
        )
        for link in step.links.all()
    ]


def _apply_schedule(task: PlanTask, plan: Plan) -> None:
    slot = rules.schedule(
        template_week=task.template_week,
        timing=task.timing,
        start_date=plan.start_date,
        arrival_date=plan.arrival_date,
    )
    task.week, task.opens_on, task.due_on = slot.week, slot.opens_on, slot.due_on


@transaction.atomic
def plan_generate(
    *, profile: Profile, start_date: datetime.date | None = None, template: PlanTemplate | None = None
) -> Plan:
    """Generate (or re-generate) the participant's plan from a template and their profile.

    A re-generated plan keeps the tasks, answers and files of the steps that remain (matched by
    step key) and drops the others. A bounded number of queries whatever the template size: the
    steps and their links are read in two queries, tasks and links written in bulk.
    Locks the plan row when one exists, so two refreshes do not interleave.
    """
    template = template or default_template()
    if template is None:
        raise NoTemplateAvailable(_("Aucun modèle de plan n'est publié pour le moment."))
    user = profile.user
    plan = Plan.objects.select_for_update().filter(user=user).first()
    order = professional_order(profile.occupation) if profile.occupation_id else OrderInfo()
    facts = rules.facts_from_profile(profile, order_name_fr=order.name_fr, order_name_en=order.name_en)
    fill = rules.Filler(facts)
    steps = [
        step
        for step in template.steps.prefetch_related("links").order_by("week", "order", "id")
        if rules.step_applies(step, facts)
    ]
    if plan is None:
        plan = Plan(user=user)
        existing: dict[str, PlanTask] = {}
    else:
        existing = {task.step_key: task for task in plan.tasks.all()}
    plan.template = template
    plan.start_date = start_date or plan.start_date or rules.next_monday(now=timezone.now(), time_zone=user.time_zone)
    plan.arrival_date = profile.arrival_date
    plan.accompanied = profile.mode == Profile.Mode.ACCOMPANIED
    plan.generated_at = timezone.now()
    plan.refresh_suggested = False
    plan.save()

    kept_keys = {step.key for step in steps} & set(existing)
    seen_links: set[tuple] = set()
    if existing:
        # Links are rebuilt from the template; what the person already watched stays ticked.
        seen_links = set(
            PlanTaskLink.objects.filter(task__plan=plan, done=True).values_list("task__step_key", "kind", "object_id")
        )
        PlanTaskLink.objects.filter(task__plan=plan).delete()
        PlanTask.objects.filter(plan=plan).exclude(step_key__in=kept_keys).delete()

    to_create, to_update, unchanged, links_by_key = [], [], [], {}
    copied_fields = [
        "step",
        "template_week",
        "order",
        "title_fr",
        "title_en",
        "instructions_html_fr",
        "instructions_html_en",
        "deliverable_type",
        "checklist_items",
        "max_file_bytes",
        "effort_minutes",
        "timing",
    ]
    for step in steps:
        fresh = _task_from_step(step=step, fill=fill)
        _apply_schedule(fresh, plan)
        if step.key in kept_keys:
            task = existing[step.key]
            changed = False
            for name in [*copied_fields, "week", "opens_on", "due_on"]:
                value = fresh.step_id if name == "step" else getattr(fresh, name)
                current = task.step_id if name == "step" else getattr(task, name)
                if value != current:
                    setattr(task, name, getattr(fresh, name))
                    changed = True
            (to_update if changed else unchanged).append(task)
        else:
            fresh.plan = plan
            to_create.append(fresh)
        links_by_key[step.key] = _links_from_step(step=step, fill=fill, order=order)

    if to_update:
        PlanTask.objects.bulk_update(to_update, [*copied_fields, "week", "opens_on", "due_on"])
    PlanTask.objects.bulk_create(to_create)
    all_links = []
    for task in [*to_update, *unchanged, *to_create]:
        for link in links_by_key[task.step_key]:
            link.task = task
            link.done = (task.step_key, link.kind, link.object_id) in seen_links
            all_links.append(link)
    PlanTaskLink.objects.bulk_create(all_links)
    return plan


def plan_generate_for_profile_if_missing(*, profile: Profile) -> Plan | None:
    """The onboarding_completed handler: a plan once, never a crash of the onboarding."""
    if Plan.objects.filter(user_id=profile.user_id).exists():
        return None
    try:
        return plan_generate(profile=profile)
    except NoTemplateAvailable:
        logger.warning("no published default plan template: plan not generated")
        return None


@transaction.atomic
def plan_reschedule(*, plan: Plan, start_date: datetime.date | None = None, arrival_date=...) -> Plan:
    """Move the plan's dates (new start or arrival date): tasks follow, answers stay. Two queries and a save."""
    fields = []
    if start_date is not None:
        plan.start_date = start_date
        fields.append("start_date")
    if arrival_date is not ...:
        plan.arrival_date = arrival_date
        fields.append("arrival_date")
    if fields:
        plan.save(update_fields=[*fields, "updated_at"])
    tasks = list(plan.tasks.all())
    for task in tasks:
        _apply_schedule(task, plan)
    PlanTask.objects.bulk_update(tasks, ["week", "opens_on", "due_on"])
    return plan


@transaction.atomic
def plan_update_settings(*, plan: Plan, start_date: datetime.date, reminders_enabled: bool) -> Plan:
    plan.reminders_enabled = reminders_enabled
    plan.save(update_fields=["reminders_enabled", "updated_at"])
    if start_date != plan.start_date:
        plan_reschedule(plan=plan, start_date=start_date)
    return plan


RULE_FIELDS = {"stage", "region", "occupation", "occupation_regulated", "french_level", "household"}


@transaction.atomic
def plan_on_profile_updated(*, profile: Profile, changed_fields: set[str]) -> None:
    """Follow the profile: the arrival date moves tasks, the mode switches review on or off, and a
    change that the rules look at makes the plan offer a refresh (never a silent re-generation)."""
    plan = Plan.objects.filter(user_id=profile.user_id).first()
    if plan is None:
        return
    if "arrival_date" in changed_fields and plan.arrival_date != profile.arrival_date:
        plan_reschedule(plan=plan, arrival_date=profile.arrival_date)
    if "mode" in changed_fields:
        plan.accompanied = profile.mode == Profile.Mode.ACCOMPANIED
        plan.save(update_fields=["accompanied", "updated_at"])
    if changed_fields & RULE_FIELDS and not plan.refresh_suggested:
        plan.refresh_suggested = True
        plan.save(update_fields=["refresh_suggested", "updated_at"])
