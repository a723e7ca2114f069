"""Fetch-and-check helpers: each returns the object only to someone allowed to see it."""

from django.http import Http404

from accounts.models import User
from accounts.permissions import require_coach, require_participant
from action_plan.models import PlanTask
from coaching.permissions import coach_is_assigned


def get_own_task(user: User, pk: int) -> PlanTask:
    """A task of the participant's own plan; 404 for anyone else's (no hint that it exists)."""
    require_participant(user)
    try:
        return PlanTask.objects.select_related("plan").prefetch_related("links").get(pk=pk, plan__user=user)
    except PlanTask.DoesNotExist:
        raise Http404 from None


def get_task_for_review(user: User, pk: int) -> PlanTask:
    """A task of a participant currently assigned to this coach."""
    require_coach(user)
    try:
        task = PlanTask.objects.select_related("plan__user").prefetch_related("links").get(pk=pk)
    except PlanTask.DoesNotExist:
        raise Http404 from None
    if not coach_is_assigned(coach=user, participant_id=task.plan.user_id):
        raise Http404
    return task


def can_read_files_of(user: User, participant_id: int) -> bool:
    if user.pk == participant_id and user.is_participant:
        return True
    if user.is_coach:
        return coach_is_assigned(coach=user, participant_id=participant_id)
    return user.is_ministry_admin or user.is_superuser


def get_task_file(user: User, pk: int) -> PlanTask:
    """The task whose file may be downloaded: the participant, their coach, ministry admins."""
    try:
        task = PlanTask.objects.select_related("plan").get(pk=pk)
    except PlanTask.DoesNotExist:
        raise Http404 from None
    if not task.file or not can_read_files_of(user, task.plan.user_id):
        raise Http404
    return task
