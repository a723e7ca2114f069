"""A small population for the reports: participants with profiles, plans and finished weeks."""

import datetime

from django.utils import timezone

from accounts.models import Profile
from action_plan.models import Plan, PlanTask, TaskReview
from tests.accounts.factories import ParticipantFactory
from tests.accounts.profile_factories import region
from tests.action_plan.factories import PlanTemplateFactory, ProfileFactory


def participant_in(
    region_code: str, *, furthest_week: int = 0, mode=Profile.Mode.SELF_TRAINING, template=None, **profile
):
    """A participant headed to `region_code` whose plan has one task per week, done up to `furthest_week`."""
    user = ParticipantFactory()
    ProfileFactory(user=user, region=region(region_code), mode=mode, **profile)
    template = template or PlanTemplateFactory()
    start = timezone.localdate() - datetime.timedelta(weeks=12)
    plan = Plan.objects.create(user=user, template=template, start_date=start)
    now = timezone.now()
    PlanTask.objects.bulk_create(
        PlanTask(
            plan=plan,
            step_key=f"etape-{week}",
            template_week=week,
            week=week,
            title_fr=f"Semaine {week}",
            instructions_html_fr="<p>Faire.</p>",
            deliverable_type="text",
            opens_on=start + datetime.timedelta(weeks=week - 1),
            due_on=start + datetime.timedelta(weeks=week),
            status=PlanTask.Status.DONE if week <= furthest_week else PlanTask.Status.TODO,
            completed_at=now if week <= furthest_week else None,
        )
        for week in range(1, 12)
    )
    return user


def reviewed(user, *, coach, hours: float, decided_at=None):
    """One of the participant's tasks submitted, then reviewed `hours` later by `coach`."""
    decided_at = decided_at or timezone.now()
    task = PlanTask.objects.filter(plan__user=user, submitted_at__isnull=True).order_by("week").first()
    task.status = PlanTask.Status.DONE
    task.submitted_at = decided_at - datetime.timedelta(hours=hours)
    task.save()
    return TaskReview.objects.create(
        task=task, coach=coach, decision=TaskReview.Decision.APPROVED, created_at=decided_at
    )
