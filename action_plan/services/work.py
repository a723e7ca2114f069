"""The participant's work on a task: drafts, submission, reopening, links seen."""

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import user_notify
from action_plan.models import (
    DeliverableType,
    PlanTask,
    PlanTaskLink,
)
from action_plan.services.errors import DeliverableIncomplete, TaskNotEditable
from coaching.selectors import active_assignment_of


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
    assignment = active_assignment_of(participant=task.plan.user)
    if assignment is None:
        return
    # The notice is read by the coach: their language, and the link in it too.
    with translation.override(assignment.coach.language):
        payload = {
            "kind": "plan.task_submitted",
            "message": _("Un livrable attend votre révision."),
            "url": reverse("action_plan:review_task", kwargs={"pk": task.pk}),
        }
    user_notify(user_id=assignment.coach_id, payload=payload)


def plan_links_tick(*, user: User, kind: str, object_id: int) -> int:
    """Mark the plan's links to this content item as seen (capsule_watched). One query."""
    return PlanTaskLink.objects.filter(task__plan__user=user, kind=kind, object_id=object_id, done=False).update(
        done=True
    )
