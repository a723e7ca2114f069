"""The coach's caseload: one row per accompanied participant, with what says who needs help first.

One SQL query whatever the number of participants: the plan, tasks and interviews figures are
correlated subqueries of the participants' query. Flags, sorting and filtering are then done in
Python on the rows (a caseload is a few hundred people at most).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db.models import Count, F, IntegerField, Max, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from action_plan.models import PlanTask
from coaching.models import Interview

INACTIVE_AFTER = timedelta(days=14)
ARRIVAL_WITHIN = timedelta(days=30)
REVIEW_WAITING_AFTER = timedelta(days=3)

FLAGS = {
    "inactive": _("Aucune activité depuis 14 jours"),
    "behind": _("En retard sur son plan"),
    "arriving": _("Arrivée dans moins de 30 jours"),
    "review": _("Livrable en attente depuis plus de 3 jours"),
}

SORTS = {
    "name": lambda row: str(row.name).casefold(),
    "stage": lambda row: (row.abroad is not True, row.stage_label),
    "region": lambda row: row.region_name or "~",
    "week": lambda row: row.plan_week or 0,
    "progress": lambda row: row.progress if row.progress is not None else -1,
    "activity": lambda row: row.last_activity or datetime.min.replace(tzinfo=UTC),
    "reviews": lambda row: row.reviews_waiting,
    "next": lambda row: row.next_interview or datetime.max.replace(tzinfo=UTC),
    "overdue": lambda row: row.overdue,
    "arrival": lambda row: row.arrival_date or date.max,
}


@dataclass
class CaseloadRow:
    participant: User
    name: str
    abroad: bool | None
    stage_label: str
    region_name: str
    arrival_date: date | None
    plan_week: int | None
    plan_weeks: int | None
    progress: int | None  # percent of tasks done
    last_activity: datetime | None
    reviews_waiting: int
    oldest_review_at: datetime | None
    overdue: int
    next_interview: datetime | None
    flags: list[str] = field(default_factory=list)

    @property
    def flag_labels(self) -> list[str]:
        return [FLAGS[flag] for flag in self.flags]


def _tasks(**filters) -> QuerySet[PlanTask]:
    return PlanTask.objects.filter(plan__user=OuterRef("pk"), **filters).order_by().values("plan__user")


def caseload_queryset(*, coach: User, now: datetime) -> QuerySet[User]:
    today = timezone.localdate(now)
    waiting = _tasks(status=PlanTask.Status.SUBMITTED)
    return (
        User.objects.filter(
            role=User.Role.PARTICIPANT, coach_assignments__coach=coach, coach_assignments__ended_at__isnull=True
        )
        .select_related("profile", "profile__region", "action_plan", "action_plan__template")
        .annotate(
            tasks_total=Subquery(_tasks().annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            tasks_done=Subquery(
                _tasks(status=PlanTask.Status.DONE).annotate(n=Count("pk")).values("n"), output_field=IntegerField()
            ),
            reviews_waiting=Coalesce(
                Subquery(waiting.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
            ),
            oldest_review_at=Subquery(waiting.annotate(m=Min("submitted_at")).values("m")),
            overdue=Coalesce(
                Subquery(
                    _tasks(due_on__lt=today)
                    .exclude(status__in=[PlanTask.Status.DONE, PlanTask.Status.SUBMITTED])
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            last_work_at=Subquery(
                _tasks().annotate(m=Max(Coalesce("submitted_at", "draft_saved_at", "completed_at"))).values("m")
            ),
            next_interview=Subquery(
                Interview.objects.filter(participant=OuterRef("pk"), status=Interview.Status.BOOKED, ends_at__gt=now)
                .order_by("starts_at")
                .values("starts_at")[:1]
            ),
        )
        .order_by(F("display_name").asc(), "email")
    )


def _row(user: User, *, today: date, now: datetime) -> CaseloadRow:
    profile = getattr(user, "profile", None)
    plan = getattr(user, "action_plan", None)
    plan_week = plan_weeks = progress = None
    if plan is not None:
        plan_weeks = plan.template.weeks
        plan_week = max(0, min(plan_weeks, (today - plan.start_date).days // 7 + 1))
        if user.tasks_total:
            progress = round(100 * (user.tasks_done or 0) / user.tasks_total)
    activity = [moment for moment in (user.last_login, user.last_work_at) if moment]
    row = CaseloadRow(
        participant=user,
        name=str(user.public_name),
        abroad=profile.is_abroad if profile else None,
        stage_label=str(profile.get_stage_display()) if profile else "",
        region_name=str(profile.region.name) if profile and profile.region else "",
        arrival_date=profile.arrival_date if profile else None,
        plan_week=plan_week,
        plan_weeks=plan_weeks,
        progress=progress,
        last_activity=max(activity) if activity else None,
        reviews_waiting=user.reviews_waiting,
        oldest_review_at=user.oldest_review_at,
        overdue=user.overdue,
        next_interview=user.next_interview,
    )
    if row.last_activity is None or now - row.last_activity > INACTIVE_AFTER:
        row.flags.append("inactive")
    if row.overdue:
        row.flags.append("behind")
    if row.arrival_date and today <= row.arrival_date <= today + ARRIVAL_WITHIN:
        row.flags.append("arriving")
    if row.oldest_review_at and now - row.oldest_review_at > REVIEW_WAITING_AFTER:
        row.flags.append("review")
    return row


def _needs_help_first(row: CaseloadRow):
    """Most flags first; then the longest-waiting deliverable, then the longest silence."""
    oldest = row.oldest_review_at.timestamp() if row.oldest_review_at else float("inf")
    silent = row.last_activity.timestamp() if row.last_activity else float("-inf")
    return (-len(row.flags), oldest, silent, row.name.casefold())


def coach_caseload_rows(
    *, coach: User, sort: str = "", flag: str = "", stage: str = "", now: datetime | None = None
) -> list[CaseloadRow]:
    """The caseload, filtered (by a flag, by stage "abroad"/"arrived") and sorted ("-name", "week"…).
    Unknown sort or filter values are ignored. One query."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = [_row(user, today=today, now=now) for user in caseload_queryset(coach=coach, now=now)]
    if flag in FLAGS:
        rows = [row for row in rows if flag in row.flags]
    if stage in ("abroad", "arrived"):
        rows = [row for row in rows if row.abroad is (stage == "abroad")]
    key = sort.removeprefix("-")
    if key in SORTS:
        return sorted(rows, key=SORTS[key], reverse=sort.startswith("-"))
    return sorted(rows, key=_needs_help_first)
