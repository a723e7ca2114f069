"""The coach's review of a submitted deliverable."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.emails import email_enqueue
from accounts.models import User
from accounts.services import user_notify
from action_plan.models import (
    PlanTask,
    TaskReview,
)
from action_plan.services.errors import ReviewNotAllowed


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
    participant = task.plan.user
    with translation.override(participant.language):
        message = (
            _("Votre livrable « %(title)s » a été approuvé.")
            if review.decision == TaskReview.Decision.APPROVED
            else _("Des modifications sont demandées pour « %(title)s ».")
        ) % {"title": task.title}
    url = reverse("action_plan:task", kwargs={"pk": task.pk})
    user_notify(user_id=participant.pk, payload={"kind": "plan.task_reviewed", "message": message, "url": url})
    email_enqueue(
        key=f"action_plan.review:{review.pk}",
        builder="action_plan.emails.review_email",
        kwargs={"review_id": review.pk},
    )
