"""action_plan: the timeline and a task page of a full plan, the coach's review queue, and the
time it takes to generate a plan from the shipped template.

Volume: a plan for each of PLANS participants (about 25 tasks each), so the task table holds
tens of thousands of rows, and a coach with REVIEW_PARTICIPANTS assigned participants who each
submitted a few deliverables.
"""

import datetime
import statistics
import time

from django.utils import timezone

from tests.bench.framework import EXPORT_RATIO, PAGE_RATIO, BenchContext, Figure, Page

PLANS = 1_000
REVIEW_PARTICIPANTS = 20
PREFIX = "bench-plan-"


def _start() -> datetime.date:
    today = timezone.localdate()
    # Started five weeks ago: several weeks are open, as in the middle of a real plan.
    return today - datetime.timedelta(days=today.weekday() + 35)


def _profile_for(email: str, index: int):
    from django.utils import timezone

    from accounts.models import Occupation, Profile, Region, User

    user, _created = User.objects.get_or_create(
        email=email, defaults={"display_name": f"Plan {index}", "role": User.Role.PARTICIPANT}
    )
    regions = list(Region.objects.order_by("code"))
    categories = list(Occupation.objects.filter(level=1).order_by("code"))
    profile, _created = Profile.objects.get_or_create(
        user=user,
        defaults={
            "stage": Profile.Stage.ARRIVED if index % 2 else Profile.Stage.CSQ_RECEIVED,
            "region": regions[index % len(regions)],
            "occupation": categories[index % len(categories)],
            "occupation_regulated": bool(index % 3 == 0),
            "french_level": 1 + index % 12,
            "household": Profile.Household.WITH_CHILDREN if index % 4 == 0 else Profile.Household.ALONE,
            "arrival_date": _start() + datetime.timedelta(weeks=4) if index % 2 == 0 else None,
            "onboarding_completed_at": timezone.now(),
        },
    )
    return profile


def seed(ctx: BenchContext) -> None:
    from accounts.models import Profile
    from action_plan import services
    from action_plan.models import Plan, PlanTask
    from coaching.models import Assignment

    participant_profile = Profile.objects.select_related("region", "occupation", "user").get(user=ctx.participant)
    plan = Plan.objects.filter(user=ctx.participant).first() or services.plan_generate(
        profile=participant_profile, start_date=_start()
    )
    task = plan.tasks.filter(deliverable_type="text").order_by("week", "order").first()
    if not task.answer_text:
        services.task_save_draft(task=task, answer_text="Réponse de banc d'essai. " * 40)
    ctx.data["plan_task_id"] = task.pk

    wanted = int(PLANS * ctx.scale)
    existing = Plan.objects.filter(user__email__startswith=PREFIX).count()
    for index in range(existing, wanted):
        profile = _profile_for(f"{PREFIX}{index}@example.org", index)
        services.plan_generate(profile=profile, start_date=_start())

    for index in range(min(REVIEW_PARTICIPANTS, wanted)):
        profile = Profile.objects.get(user__email=f"{PREFIX}{index}@example.org")
        if not Assignment.objects.filter(participant=profile.user, ended_at__isnull=True).exists():
            Assignment.objects.create(participant=profile.user, coach=ctx.coach)
        other_plan = Plan.objects.get(user=profile.user)
        if not other_plan.accompanied:
            other_plan.accompanied = True
            other_plan.save(update_fields=["accompanied"])
        # Three submitted each, once: another run would submit later tasks, not open yet (and fail).
        waiting = other_plan.tasks.filter(status=PlanTask.Status.SUBMITTED).count()
        todo = other_plan.tasks.filter(
            deliverable_type="text", status=PlanTask.Status.TODO, opens_on__lte=timezone.localdate()
        )
        for other_task in todo[: max(0, 3 - waiting)]:
            services.task_save_draft(task=other_task, answer_text="Livrable à réviser.")
            services.task_submit(task=other_task)

    figure_profile = _profile_for(f"{PREFIX}figure@example.org", 3)
    ctx.data["figure_profile_id"] = figure_profile.pk


def measure_generation(ctx: BenchContext) -> float:
    """Median time to generate a new plan from the shipped template (the old plan deleted, untimed)."""
    from accounts.models import Profile
    from action_plan import services
    from action_plan.models import Plan

    durations = []
    for _ in range(20):
        Plan.objects.filter(user__profile__pk=ctx.data["figure_profile_id"]).delete()
        profile = Profile.objects.select_related("region", "occupation", "user").get(pk=ctx.data["figure_profile_id"])
        start = time.perf_counter()
        services.plan_generate(profile=profile, start_date=_start())
        durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations)


def measure_regeneration(ctx: BenchContext) -> float:
    """Median time to re-generate an existing plan, keeping its answers (the "refresh" page)."""
    from accounts.models import Profile
    from action_plan import services

    durations = []
    for _ in range(20):
        profile = Profile.objects.select_related("region", "occupation", "user").get(pk=ctx.data["figure_profile_id"])
        start = time.perf_counter()
        services.plan_generate(profile=profile)
        durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations)


PAGES = [
    Page(name="plan timeline", path="/plan/", login_as="participant", target_ratio=PAGE_RATIO),
    Page(
        name="plan task page",
        path=lambda ctx: f"/plan/taches/{ctx.data['plan_task_id']}/",
        login_as="participant",
        target_ratio=PAGE_RATIO,
    ),
    Page(name="plan printable page", path="/plan/imprimer/", login_as="participant", target_ratio=EXPORT_RATIO),
    # Exports asked for now and then (printable page; icalendar builds ~40 events per request).
    Page(name="plan calendar (.ics)", path="/plan/calendrier.ics", login_as="participant", target_ratio=EXPORT_RATIO),
    Page(name="coach review queue", path="/plan/revision/", login_as="coach", target_ratio=PAGE_RATIO),
]

FIGURES = [
    Figure(name="plan generation, shipped template (median)", measure=measure_generation, unit="ms", target=100),
    Figure(name="plan re-generation keeping answers (median)", measure=measure_regeneration, unit="ms", target=100),
]
