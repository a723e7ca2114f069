"""Writes on action plans: generation, scheduling, the participant's work, coach review, reminders."""

import datetime
import logging
import zoneinfo

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Profile, User
from action_plan import rules
from action_plan.integrations import OrderInfo, professional_order
from action_plan.models import (
    DeliverableType,
    Plan,
    PlanTask,
    PlanTaskLink,
    PlanTemplate,
    ReminderSent,
    StepLink,
    TaskReview,
    TemplateStep,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "action_plan.unsubscribe"
REMINDER_LOCAL_HOUR = 8


class PlanError(Exception):
    """A domain rule was broken; the message is for the person (already translated)."""


class NoTemplateAvailable(PlanError):
    pass


class TaskNotEditable(PlanError):
    pass


class DeliverableIncomplete(PlanError):
    pass


class ReviewNotAllowed(PlanError):
    pass


def default_template() -> PlanTemplate | None:
    return (
        PlanTemplate.objects.filter(is_default=True, status=PlanTemplate.Status.PUBLISHED)
        .order_by("-published_at", "-version")
        .first()
    )


def newer_template_for(plan: Plan) -> PlanTemplate | None:
    """The latest published version of the plan's template family, if newer than the plan's."""
    latest = (
        PlanTemplate.objects.filter(slug=plan.template.slug, status=PlanTemplate.Status.PUBLISHED)
        .order_by("-version")
        .first()
    )
    return latest if latest and latest.version > plan.template.version else None


# --- Generation ----------------------------------------------------------------------------------


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


# --- The participant's work ----------------------------------------------------------------------


def _require_editable(task: PlanTask) -> None:
    if not task.is_open:
        raise TaskNotEditable(
            _("Cette tâche s'ouvre le %(date)s.") % {"date": formats.date_format(task.opens_on, "j F Y")}
        )
    if not task.is_editable:
        raise TaskNotEditable(_("Cette tâche a été remise : elle ne peut plus être modifiée."))


def _normalised_checklist(task: PlanTask, checked: list[int] | None) -> list[bool]:
    wanted = set(checked or [])
    return [index in wanted for index in range(len(task.checklist_items or []))]


@transaction.atomic
def task_save_draft(
    *, task: PlanTask, answer_text: str | None = None, checked: list[int] | None = None, file=None
) -> PlanTask:
    """Save the participant's work as it is; a task still to do becomes in progress."""
    _require_editable(task)
    fields = ["draft_saved_at", "status", "updated_at"]
    if answer_text is not None:
        task.answer_text = answer_text
        fields.append("answer_text")
    if checked is not None:
        task.checklist_state = _normalised_checklist(task, checked)
        fields.append("checklist_state")
    if file is not None:
        old = task.file.name if task.file else ""
        task.file.save(file.name, file, save=False)
        task.file_name = file.name[-200:]
        fields += ["file", "file_name"]
        if old:
            storage = task.file.storage
            transaction.on_commit(lambda: storage.delete(old))
    if task.status == PlanTask.Status.TODO:
        task.status = PlanTask.Status.IN_PROGRESS
    task.draft_saved_at = timezone.now()
    task.save(update_fields=fields)
    return task


@transaction.atomic
def task_submit(*, task: PlanTask) -> PlanTask:
    """Submit the deliverable. In accompanied mode it waits for the coach's review; otherwise
    (and for steps without a deliverable) it is done. Sends nothing but a portal notice to the coach."""
    _require_editable(task)
    kind = task.deliverable_type
    if kind == DeliverableType.TEXT and not task.answer_text.strip():
        raise DeliverableIncomplete(_("Écrivez votre réponse avant de la remettre."))
    if kind == DeliverableType.CHECKLIST and not all(task.checklist_state or [False]):
        raise DeliverableIncomplete(_("Cochez tous les éléments de la liste avant de remettre la tâche."))
    if kind == DeliverableType.FILE and not task.file:
        raise DeliverableIncomplete(_("Déposez votre fichier avant de remettre la tâche."))
    now = timezone.now()
    task.submitted_at = now
    if task.plan.accompanied and kind != DeliverableType.NONE:
        task.status = PlanTask.Status.SUBMITTED
        _notify_coach_of_submission(task)
    else:
        task.status = PlanTask.Status.DONE
        task.completed_at = now
    task.save(update_fields=["status", "submitted_at", "completed_at", "updated_at"])
    return task


@transaction.atomic
def task_reopen(*, task: PlanTask) -> PlanTask:
    """A participant working alone may take back a finished task to improve it."""
    if task.plan.accompanied and task.deliverable_type != DeliverableType.NONE:
        raise TaskNotEditable(_("Votre accompagnatrice ou accompagnateur a déjà traité cette tâche."))
    if task.status != PlanTask.Status.DONE:
        raise TaskNotEditable(_("Cette tâche n'est pas terminée."))
    task.status = PlanTask.Status.IN_PROGRESS
    task.completed_at = None
    task.save(update_fields=["status", "completed_at", "updated_at"])
    return task


def _notify_coach_of_submission(task: PlanTask) -> None:
    from accounts.services import user_notify
    from coaching.selectors import active_assignment_of

    assignment = active_assignment_of(participant=task.plan.user)
    if assignment is not None:
        user_notify(
            user_id=assignment.coach_id,
            payload={
                "kind": "plan.task_submitted",
                "message": _("Un livrable attend votre révision."),
                "url": reverse("action_plan:review_task", kwargs={"pk": task.pk}),
            },
        )


@transaction.atomic
def task_review(*, task: PlanTask, coach: User, decision: str, comment: str) -> TaskReview:
    """Approve a submitted deliverable or send it back with a comment.

    Locks the task row (two coaches, or a double click, must not both decide). Notifies the
    participant in the portal and by email once the transaction commits.
    """
    task = PlanTask.objects.select_for_update().select_related("plan__user").get(pk=task.pk)
    if task.status != PlanTask.Status.SUBMITTED:
        raise ReviewNotAllowed(_("Ce livrable n'attend pas de révision."))
    comment = comment.strip()
    if decision == TaskReview.Decision.CHANGES_REQUESTED and not comment:
        raise ReviewNotAllowed(_("Expliquez les modifications demandées dans le commentaire."))
    review = TaskReview.objects.create(task=task, coach=coach, decision=decision, comment=comment)
    if decision == TaskReview.Decision.APPROVED:
        task.status = PlanTask.Status.DONE
        task.completed_at = timezone.now()
    else:
        task.status = PlanTask.Status.CHANGES_REQUESTED
    task.coach_comment = comment
    task.save(update_fields=["status", "completed_at", "coach_comment", "updated_at"])
    _notify_participant_of_review(task=task, review=review)
    return review


def _notify_participant_of_review(*, task: PlanTask, review: TaskReview) -> None:
    from accounts.services import user_notify

    participant = task.plan.user
    with translation.override(participant.language):
        message = (
            _("Votre livrable « %(title)s » a été approuvé.")
            if review.decision == TaskReview.Decision.APPROVED
            else _("Des modifications sont demandées pour « %(title)s ».")
        ) % {"title": task.title}
    url = reverse("action_plan:task", kwargs={"pk": task.pk})
    user_notify(user_id=participant.pk, payload={"kind": "plan.task_reviewed", "message": message, "url": url})
    transaction.on_commit(lambda: send_review_email(task_id=task.pk, review_id=review.pk))


def send_review_email(*, task_id: int, review_id: int) -> None:
    review = TaskReview.objects.select_related("task__plan__user").get(pk=review_id, task_id=task_id)
    task, user = review.task, review.task.plan.user
    from django.conf import settings

    with translation.override(user.language):
        context = {
            "task": task,
            "review": review,
            "user": user,
            "task_url": settings.SITE_URL + task.get_absolute_url(),
        }
        subject = _("Retour sur votre plan d'action : %(title)s") % {"title": task.title}
        body = render_to_string("action_plan/email/review.txt", context)
    EmailMultiAlternatives(subject=subject, body=body, to=[user.email]).send()


# --- Content events ------------------------------------------------------------------------------


def plan_links_tick(*, user: User, kind: str, object_id: int) -> int:
    """Mark the plan's links to this content item as seen (capsule_watched). One query."""
    return PlanTaskLink.objects.filter(task__plan__user=user, kind=kind, object_id=object_id, done=False).update(
        done=True
    )


# --- Reminders -----------------------------------------------------------------------------------


def unsubscribe_token(plan: Plan) -> str:
    return signing.dumps({"plan": plan.pk}, salt=UNSUBSCRIBE_SALT)


def plan_from_unsubscribe_token(token: str) -> Plan | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Plan.objects.filter(pk=data.get("plan")).select_related("user").first()


@transaction.atomic
def plan_unsubscribe(*, plan: Plan) -> Plan:
    plan.reminders_enabled = False
    plan.save(update_fields=["reminders_enabled", "updated_at"])
    return plan


def _local_now(user: User, now: datetime.datetime) -> datetime.datetime:
    try:
        return now.astimezone(zoneinfo.ZoneInfo(user.time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return now.astimezone(zoneinfo.ZoneInfo("America/Montreal"))


def current_week(plan: Plan, local_today: datetime.date) -> int:
    return (local_today - plan.start_date).days // 7 + 1


def reminder_send(*, plan: Plan, now: datetime.datetime) -> bool:
    """Send this plan's reminder for its current week if it is due and not sent yet.

    Idempotent: the ReminderSent row (unique on plan and week) is written first, in its own
    transaction, and the email goes out only when that row was created here.
    """
    user = plan.user
    local_now = _local_now(user, now)
    week = current_week(plan, local_now.date())
    tasks = list(plan.tasks.all())
    last_week = max((task.week for task in tasks), default=0)
    if week < 1 or week > last_week or local_now.hour < REMINDER_LOCAL_HOUR:
        return False
    previous = plan.reminders.order_by("-sent_at").first()
    try:
        with transaction.atomic():
            ReminderSent.objects.create(plan=plan, week=week, sent_at=now)
    except IntegrityError:
        return False
    since = previous.sent_at if previous else now - datetime.timedelta(days=7)
    week_start = plan.start_date + datetime.timedelta(weeks=week - 1)
    week_end = week_start + datetime.timedelta(days=6)
    opened = [t for t in tasks if week_start <= t.opens_on <= week_end]
    due = [t for t in tasks if t.due_on <= week_end and t.status != PlanTask.Status.DONE]
    reviews = list(
        TaskReview.objects.filter(task__plan=plan, created_at__gte=since).select_related("task").order_by("created_at")
    )
    from action_plan.integrations import new_matching_offers

    offers = new_matching_offers(user=user, since=since)
    if not (opened or due or reviews or offers):
        return True
    from django.conf import settings

    with translation.override(user.language), timezone.override(local_now.tzinfo):
        context = {
            "user": user,
            "plan": plan,
            "week": week,
            "opened": opened,
            "due": due,
            "reviews": reviews,
            "offers": offers,
            "site_url": settings.SITE_URL,
            "plan_url": settings.SITE_URL + reverse("action_plan:timeline"),
            "unsubscribe_url": settings.SITE_URL
            + reverse("action_plan:unsubscribe", kwargs={"token": unsubscribe_token(plan)}),
        }
        subject = _("Votre plan d'action : semaine %(week)s") % {"week": week}
        body = render_to_string("action_plan/email/weekly_reminder.txt", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    return True


def reminders_send_due(*, now: datetime.datetime | None = None) -> int:
    """The beat job: every plan with reminders on whose week has opened gets its weekly email."""
    now = now or timezone.now()
    sent = 0
    plans = Plan.objects.filter(reminders_enabled=True, user__is_active=True).select_related("user").order_by("pk")
    for plan in plans.iterator(chunk_size=200):
        if reminder_send(plan=plan, now=now):
            sent += 1
    return sent


# --- Admin helpers ---------------------------------------------------------------------------------


@transaction.atomic
def template_new_version(*, template: PlanTemplate) -> PlanTemplate:
    """Copy a template (steps and links) into a new draft version that admins then edit and publish."""
    latest = PlanTemplate.objects.filter(slug=template.slug).order_by("-version").first()
    steps = list(template.steps.prefetch_related("links"))
    copy = PlanTemplate.objects.create(
        slug=template.slug,
        version=latest.version + 1,
        name_fr=template.name_fr,
        name_en=template.name_en,
        description_fr=template.description_fr,
        description_en=template.description_en,
        weeks=template.weeks,
        is_default=template.is_default,
        status=PlanTemplate.Status.DRAFT,
    )
    links = []
    for step in steps:
        old_links = list(step.links.all())
        step.pk = None
        step.template = copy
        step.save()
        for link in old_links:
            link.pk = None
            link.step = step
            links.append(link)
    StepLink.objects.bulk_create(links)
    return copy


@transaction.atomic
def template_publish(*, template: PlanTemplate) -> PlanTemplate:
    """Publish a version; older published versions of the family are archived. Existing plans keep
    their copy; their owners are offered the new version on their timeline."""
    PlanTemplate.objects.filter(slug=template.slug, status=PlanTemplate.Status.PUBLISHED).exclude(
        pk=template.pk
    ).update(status=PlanTemplate.Status.ARCHIVED)
    template.status = PlanTemplate.Status.PUBLISHED
    template.published_at = timezone.now()
    template.save(update_fields=["status", "published_at", "updated_at"])
    return template


# --- Personal data (Law 25) --------------------------------------------------------------------------


def action_plan_personal_data_erase(*, user: User) -> None:
    """Delete the plan, the answers and the files (files once the transaction commits)."""
    plan = Plan.objects.filter(user=user).first()
    if plan is None:
        return
    names = list(plan.tasks.exclude(file="").values_list("file", flat=True))
    plan.delete()
    if names:
        from action_plan.models import private_storage

        storage = private_storage()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
