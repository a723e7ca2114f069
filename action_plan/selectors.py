"""Reads of action plans, shared by views, the dashboard block, exports and tasks."""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.privacy import choice, day, moment
from action_plan.models import Plan, PlanTask, PlanTemplate
from coaching.selectors import coach_participants
from integration_portal.i18n import bilingual

LONG_TEXT_FIELDS = ("instructions_html_fr", "instructions_html_en", "answer_text", "coach_comment")


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


def plan_of(user: User) -> Plan | None:
    return Plan.objects.select_related("template").filter(user=user).first()


@dataclass
class Week:
    number: int
    opens_on: datetime.date
    ends_on: datetime.date
    tasks: list = field(default_factory=list)
    is_open: bool = False
    is_current: bool = False

    @property
    def done(self) -> int:
        return sum(1 for task in self.tasks if task.is_finished)

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.tasks)) if self.tasks else 0


@dataclass
class Timeline:
    plan: Plan
    weeks: list[Week]
    today: datetime.date
    total: int
    done: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def days_to_arrival(self) -> int | None:
        if self.plan.arrival_date is None:
            return None
        return (self.plan.arrival_date - self.today).days


def plan_timeline(*, plan: Plan, today: datetime.date | None = None, with_links: bool = False) -> Timeline:
    """The plan week by week with progress. One query for the tasks (two with their links)."""
    today = today or timezone.localdate()
    tasks = plan.tasks.order_by("week", "opens_on", "order", "id")
    # The week-by-week list shows titles and dates: the long texts stay in the database.
    tasks = tasks.prefetch_related("links") if with_links else tasks.defer(*LONG_TEXT_FIELDS)
    tasks = list(tasks)
    last_week = max([plan.template.weeks, *(task.week for task in tasks)])
    weeks = []
    for number in range(1, last_week + 1):
        opens = plan.start_date + datetime.timedelta(weeks=number - 1)
        ends = opens + datetime.timedelta(days=6)
        weeks.append(
            Week(number=number, opens_on=opens, ends_on=ends, is_open=opens <= today, is_current=opens <= today <= ends)
        )
    for task in tasks:
        weeks[task.week - 1].tasks.append(task)
    for week in weeks:
        # A task moved by the arrival date may open mid-week or end in the next one: the heading
        # spans the dates of the tasks under it, so the two never disagree.
        if week.tasks:
            week.opens_on = min(week.opens_on, *(task.opens_on for task in week.tasks))
            week.ends_on = max(week.ends_on, *(task.due_on for task in week.tasks))
            week.is_open = week.opens_on <= today
            week.is_current = week.opens_on <= today <= week.ends_on
    done = sum(1 for task in tasks if task.is_finished)
    return Timeline(plan=plan, weeks=weeks, today=today, total=len(tasks), done=done)


@dataclass(frozen=True)
class ReviewRow:
    """One deliverable of the review queue, as the queue shows it."""

    pk: int
    title_fr: str
    title_en: str
    submitted_at: datetime.datetime
    display_name: str
    email: str

    @property
    def title(self) -> str:
        return bilingual(self, "title")

    @property
    def public_name(self) -> str:
        return self.display_name or gettext_lazy("Participant·e")  # as User.public_name


def review_queue(*, coach: User) -> QuerySet:
    """Submitted deliverables of the coach's participants, oldest first, as ReviewRow: only what
    the queue shows (building fifty tasks, plans and people with every column was most of the
    page, issue 16). Sliced by the paginator, then one query."""
    return (
        PlanTask.objects.filter(status=PlanTask.Status.SUBMITTED, plan__user__in=coach_participants(coach=coach))
        .order_by("submitted_at", "id")
        .values_list("pk", "title_fr", "title_en", "submitted_at", "plan__user__display_name", "plan__user__email")
    )


def review_rows(values: list[tuple]) -> list[ReviewRow]:
    return [ReviewRow(*row) for row in values]


def next_tasks(*, user: User, limit: int = 3) -> list[PlanTask]:
    """The next unfinished tasks of open weeks, soonest due first (one query)."""
    today = timezone.localdate()
    return list(
        PlanTask.objects.filter(plan__user=user, opens_on__lte=today)
        .exclude(status__in=[PlanTask.Status.DONE, PlanTask.Status.SUBMITTED])
        .order_by("due_on", "order", "id")[:limit]
    )


def dashboard_block_context(user: User, profile) -> dict:
    """The "next plan tasks" dashboard block: one query when there are tasks to show (they prove
    the plan exists), a second one only to tell "no plan yet" from "nothing open this week"."""
    tasks = next_tasks(user=user)
    plan_exists = bool(tasks) or Plan.objects.filter(user=user).exists()
    return {"plan_exists": plan_exists, "next_plan_tasks": tasks}


EXPORT_LABELS = {
    "template": gettext_lazy("modèle de plan"),
    "tasks": gettext_lazy("tâches"),
    "title": gettext_lazy("titre"),
    "answer": gettext_lazy("réponse"),
    "checklist": gettext_lazy("liste à cocher"),
    "item": gettext_lazy("élément"),
    "checked": gettext_lazy("coché"),
    "file": gettext_lazy("fichier"),
    "reviews": gettext_lazy("rétroactions"),
    "at": gettext_lazy("le"),
}


def action_plan_personal_data_export(*, user: User) -> dict | None:
    """Everything of the person's plan, for "Download my data"."""
    plan = Plan.objects.filter(user=user).select_related("template").first()
    if plan is None:
        return None
    # The instructions (the template's HTML, kilobytes per task) are not the person's data.
    fields = (
        "plan",
        "week",
        "title_fr",
        "status",
        "due_on",
        "answer_text",
        "checklist_items",
        "checklist_state",
        "file_name",
    )
    tasks = plan.tasks.only(*fields).prefetch_related("reviews").order_by("week", "order")
    return {
        "template": str(plan.template),
        "start_date": day(plan.start_date),
        "arrival_date": day(plan.arrival_date),
        "reminders_enabled": plan.reminders_enabled,
        "tasks": [
            {
                "week": task.week,
                "title": task.title_fr,
                "status": choice(task, "status"),
                "due_on": day(task.due_on),
                "answer": task.answer_text,
                "checklist": [
                    {
                        "item": item.get("fr", ""),
                        "checked": bool(index < len(task.checklist_state) and task.checklist_state[index]),
                    }
                    for index, item in enumerate(task.checklist_items or [])
                ],
                "file": task.file_name or None,
                "reviews": [
                    {"decision": choice(review, "decision"), "comment": review.comment, "at": moment(review.created_at)}
                    for review in task.reviews.all()
                ],
            }
            for task in tasks
        ],
    }


def template_rule_problems(template: PlanTemplate) -> list[str]:
    """Conditions naming a region or occupation code that does not exist (three queries).

    Generation ignores such a condition's unknown code (it matches nobody); the admin shows these.
    """
    from accounts.models import Occupation, Region

    steps = list(template.steps.all())
    region_codes = set(Region.objects.values_list("code", flat=True))
    occupation_codes = list(Occupation.objects.values_list("code", flat=True))
    problems = []
    for step in steps:
        for code in step.region_codes:
            if code not in region_codes:
                problems.append(f"{step.key}: région {code}")
        for prefix in step.occupation_prefixes:
            if not any(code.startswith(prefix) for code in occupation_codes):
                problems.append(f"{step.key}: CNP {prefix}")
    return problems
