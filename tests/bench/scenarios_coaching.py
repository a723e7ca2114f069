"""coaching: the coach's caseload dashboard with 200 participants, and the participant's slots page
for a coach whose three weeks are fully booked (every slot taken but one a day).

Volume: CASELOAD participants accompanied by the bench coach, each with a plan of TASKS tasks
(some overdue, some waiting for review) and a booked interview for a few; a second coach with
weekday hours 8:00-18:00 and an interview in every slot of the next three weeks but one a day.
"""

import datetime

from tests.bench.framework import BenchContext, Figure, Page, median_ms

CASELOAD = 200
TASKS = 10
PREFIX = "bench-coaching-"
FULL_COACH = "bench-coaching-full-coach@example.org"


def _seed_caseload(ctx: BenchContext) -> None:
    from django.utils import timezone

    from accounts.models import Profile, Region, User
    from action_plan.models import Plan, PlanTask
    from action_plan.selectors import default_template
    from coaching.models import Assignment

    wanted = max(0, int(CASELOAD * ctx.scale) - Assignment.objects.filter(coach=ctx.coach, ended_at=None).count())
    if not wanted:
        return
    start = User.objects.filter(email__startswith=PREFIX).count()
    users = User.objects.bulk_create(
        [
            User(email=f"{PREFIX}{start + n}@example.org", display_name=f"Suivi {start + n}", role="participant")
            for n in range(wanted)
        ]
    )
    regions = list(Region.objects.order_by("code"))
    today = timezone.localdate()
    Assignment.objects.bulk_create([Assignment(participant=user, coach=ctx.coach) for user in users])
    Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                region=regions[index % len(regions)],
                stage=Profile.Stage.ARRIVED if index % 3 else Profile.Stage.CSQ_RECEIVED,
                arrival_date=today + datetime.timedelta(days=index % 60),
                onboarding_completed_at=timezone.now(),
            )
            for index, user in enumerate(users)
        ]
    )
    template = default_template()
    plans = Plan.objects.bulk_create(
        [
            Plan(user=user, template=template, start_date=today - datetime.timedelta(days=index % 70))
            for index, user in enumerate(users)
        ]
    )
    statuses = ["done", "done", "submitted", "todo", "in_progress"]
    PlanTask.objects.bulk_create(
        [
            PlanTask(
                plan=plan,
                step_key=f"bench-{week}",
                template_week=week,
                week=week,
                title_fr=f"Tâche {week}",
                instructions_html_fr="<p>…</p>",
                deliverable_type="text",
                opens_on=plan.start_date + datetime.timedelta(weeks=week - 1),
                due_on=plan.start_date + datetime.timedelta(weeks=week),
                status=statuses[(index + week) % len(statuses)],
                submitted_at=timezone.now() - datetime.timedelta(days=(index + week) % 9),
            )
            for index, plan in enumerate(plans)
            for week in range(1, TASKS + 1)
        ]
    )


def _seed_full_calendar(ctx: BenchContext) -> None:
    from datetime import time

    from accounts.models import User
    from coaching.models import Assignment, CoachSettings, Interview, WeeklyHours
    from coaching.selectors import coach_free_slots

    coach, created = User.objects.get_or_create(
        email=FULL_COACH, defaults={"role": "coach", "display_name": "Agenda plein"}
    )
    if created:
        CoachSettings.objects.create(coach=coach, time_zone="America/Montreal")
        WeeklyHours.objects.bulk_create(
            [WeeklyHours(coach=coach, weekday=day, start_time=time(8), end_time=time(18)) for day in range(5)]
        )
    if not Assignment.objects.filter(participant=ctx.participant, ended_at=None).exists():
        Assignment.objects.create(participant=ctx.participant, coach=coach)
    filler, _ = User.objects.get_or_create(email=f"{PREFIX}filler@example.org", defaults={"role": "participant"})
    # Every free slot booked except the first of each day: the page still has something to offer.
    seen_days: set = set()
    taken = []
    for slot in coach_free_slots(coach=coach):
        day = slot.starts_at.date()
        if day not in seen_days:
            seen_days.add(day)
            continue
        taken.append(Interview(participant=filler, coach=coach, starts_at=slot.starts_at, ends_at=slot.ends_at))
    Interview.objects.bulk_create(taken)
    ctx.data["full_coach_id"] = coach.pk


def seed(ctx: BenchContext) -> None:
    _seed_caseload(ctx)
    _seed_full_calendar(ctx)


def _caseload_ms(ctx: BenchContext) -> float:
    from coaching.caseload import coach_caseload_rows

    return median_ms(lambda: coach_caseload_rows(coach=ctx.coach))


def _slots_ms(ctx: BenchContext) -> float:
    from accounts.models import User
    from coaching.selectors import coach_free_slots

    coach = User.objects.get(pk=ctx.data["full_coach_id"])
    return median_ms(lambda: coach_free_slots(coach=coach))


PAGES = [
    Page(
        name="coaching: caseload dashboard (200 participants)",
        path="/accompagnement/tableau-de-bord/",
        target_median_ms=50,
        login_as="coach",
    ),
    Page(
        name="coaching: slots of a full calendar",
        path="/accompagnement/entrevues/",
        target_median_ms=50,
        login_as="participant",
    ),
]

FIGURES = [
    Figure(name="coaching: caseload rows of 200 participants, in process", measure=_caseload_ms, unit="ms", target=50),
    Figure(
        name="coaching: free slots of a full three-week calendar, in process", measure=_slots_ms, unit="ms", target=20
    ),
]
