"""The ministry's reports page over 50,000 participants (plans of 11 weeks, reviews by 40 coaches)."""

import datetime

from tests.bench.framework import BenchContext, Page

EMAIL_PREFIX = "bench-report-"
PARTICIPANTS = 50_000
COACHES = 40
BATCH = 5_000


def seed(ctx: BenchContext) -> None:
    """Participants in every region and mode, each with a plan of 11 weekly tasks finished up to a
    week that varies, a third with a reviewed deliverable. Idempotent: seeds what is missing. Then
    the progress copy is rebuilt, as the beat task does every 15 minutes."""
    from accounts.models import Region
    from reporting.services import progress_snapshot_refresh

    # The filtered variant: the region of the bench participant (06, Montréal).
    ctx.data["report_region_id"] = Region.objects.get(code="06").pk
    _seed_people(ctx)
    progress_snapshot_refresh()


def _seed_people(ctx: BenchContext) -> None:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Occupation, Profile, Region, User
    from action_plan.models import Plan, PlanTask, PlanTemplate, TaskReview
    from content.models import Organisation
    from reporting.models import CoachMembership

    wanted = max(1, int(PARTICIPANTS * ctx.scale))
    existing = User.objects.filter(email__startswith=EMAIL_PREFIX).count()
    if existing >= wanted:
        return
    regions = list(Region.objects.order_by("code"))
    families = list(Occupation.objects.filter(level=Occupation.Level.BROAD_CATEGORY).order_by("code"))
    template = PlanTemplate.objects.filter(status=PlanTemplate.Status.PUBLISHED).first()
    organisations = list(Organisation.objects.all()[:10])
    coaches = []
    for number in range(COACHES):
        coach, _ = User.objects.get_or_create(
            email=f"{EMAIL_PREFIX}coach-{number}@example.org",
            defaults={"role": User.Role.COACH, "display_name": f"Coach {number}", "password": "!"},
        )
        if organisations:
            CoachMembership.objects.get_or_create(
                coach=coach, defaults={"organisation": organisations[number % len(organisations)]}
            )
        coaches.append(coach)
    now = timezone.now()
    today = timezone.localdate()
    modes = [Profile.Mode.SELF_TRAINING, Profile.Mode.ACCOMPANIED]
    stages = [choice for choice, _label in Profile.Stage.choices]
    for start in range(existing, wanted, BATCH):
        numbers = range(start, min(start + BATCH, wanted))
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    email=f"{EMAIL_PREFIX}{n}@example.org",
                    password="!",
                    role=User.Role.PARTICIPANT,
                    date_joined=now - datetime.timedelta(days=n % 120),
                    last_login=now - datetime.timedelta(days=n % 30),
                )
                for n in numbers
            )
            Profile.objects.bulk_create(
                Profile(
                    user=user,
                    stage=stages[n % len(stages)],
                    country_of_residence=("FR", "MA", "CO", "CM", "DZ", "TN", "HT", "BR")[n % 8],
                    region=regions[n % len(regions)],
                    occupation=families[n % len(families)] if families else None,
                    french_level=1 + n % 12,
                    mode=modes[n % 2],
                )
                for n, user in zip(numbers, users, strict=True)
            )
            plan_start = today - datetime.timedelta(weeks=12)
            plans = Plan.objects.bulk_create(
                Plan(user=user, template=template, start_date=plan_start, accompanied=n % 2 == 1)
                for n, user in zip(numbers, users, strict=True)
            )
            tasks = []
            for n, plan in zip(numbers, plans, strict=True):
                furthest = n % 12
                for week in range(1, 12):
                    done = week <= furthest
                    tasks.append(
                        PlanTask(
                            plan=plan,
                            step_key=f"semaine-{week}",
                            template_week=week,
                            week=week,
                            title_fr=f"Semaine {week}",
                            instructions_html_fr="<p>…</p>",
                            deliverable_type="text",
                            opens_on=plan_start + datetime.timedelta(weeks=week - 1),
                            due_on=plan_start + datetime.timedelta(weeks=week),
                            status=PlanTask.Status.DONE if done else PlanTask.Status.TODO,
                            submitted_at=now - datetime.timedelta(days=(12 - week) * 7, hours=n % 72) if done else None,
                            completed_at=now - datetime.timedelta(days=(12 - week) * 7 - 2) if done else None,
                        )
                    )
            tasks = PlanTask.objects.bulk_create(tasks, batch_size=BATCH)
            TaskReview.objects.bulk_create(
                (
                    TaskReview(
                        task=task,
                        coach=coaches[task.plan_id % COACHES],
                        decision=TaskReview.Decision.APPROVED,
                        created_at=task.submitted_at + datetime.timedelta(hours=1 + task.pk % 96),
                    )
                    for task in tasks
                    if task.submitted_at is not None and task.pk % 3 == 0
                ),
                batch_size=BATCH,
            )


def _period(*, weeks: int) -> tuple[str, str]:
    from django.utils import timezone

    end = timezone.localdate(timezone=timezone.get_default_timezone())
    return (end - datetime.timedelta(weeks=weeks)).isoformat(), end.isoformat()


PAGES = [
    Page(name="reports page (50,000 participants)", path="/admin/rapports/", login_as="admin", target_median_ms=300),
    Page(
        name="reports page, one mode",
        path=lambda ctx: "/admin/rapports/?mode=accompanied",
        login_as="admin",
        target_median_ms=300,
    ),
    Page(
        name="reports page, one region, one mode, 8 weeks",
        path=lambda ctx: "/admin/rapports/?region={}&mode=self_training&start={}&end={}".format(
            ctx.data["report_region_id"], *_period(weeks=8)
        ),
        login_as="admin",
        target_median_ms=300,
    ),
    Page(
        name="report CSV (week 6 or later by region)",
        path="/admin/rapports/progress_week_six.csv",
        login_as="admin",
        target_median_ms=300,
    ),
]
