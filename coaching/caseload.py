"""The coach's caseload: one row per accompanied participant, with what says who needs help first.

Four SQL queries whatever the number of participants: the participants (with profile and plan),
their tasks' figures grouped by participant, their next interviews grouped by participant, and
their forum questions still waiting for an answer (asked of the forum through its selector). Flags,
sorting and filtering are then done in Python on the rows (a caseload is a few hundred at most).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Profile, User
from action_plan.models import PlanTask
from coaching.models import Interview
from forum.selectors import unanswered_question_counts
from integration_portal.i18n import english_active

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
    "questions": lambda row: row.forum_questions,
    "overdue": lambda row: row.overdue,
    "arrival": lambda row: row.arrival_date or date.max,
}


ABROAD_STAGES = (Profile.Stage.CSQ_RECEIVED, Profile.Stage.PR_VISA)  # as Profile.is_abroad


@dataclass
class CaseloadRow:
    participant_id: int
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
    forum_questions: int = 0  # their questions in the forum with no accepted answer nor a coach's reply
    flags: list[str] = field(default_factory=list)
    # Written once here rather than by a {% blocktranslate %} per row (most of the page's time).
    stage_text: str = ""
    week_text: str = ""
    reviews_text: str = ""
    flag_texts: dict = field(default_factory=dict)

    @property
    def flag_labels(self) -> list[str]:
        return [self.flag_texts.get(flag, FLAGS[flag]) for flag in self.flags]

    @property
    def shown(self) -> tuple:
        """Everything the table's row is made of: the key of its cached HTML (templatetags/caseload.py)."""
        return (
            self.participant_id,
            self.name,
            self.stage_text,
            self.region_name,
            self.week_text,
            self.progress,
            self.last_activity,
            self.reviews_text,
            self.next_interview,
            self.forum_questions,
            self.flag_labels,
        )


CASELOAD_FIELDS = (
    "pk",
    "display_name",
    "last_login",
    "profile__stage",
    "profile__arrival_date",
    "profile__region__name_fr",
    "profile__region__name_en",
    "action_plan__start_date",
    "action_plan__template__weeks",
)


def _current_participants(*, coach: User) -> QuerySet:
    return User.objects.filter(
        role=User.Role.PARTICIPANT, coach_assignments__coach=coach, coach_assignments__ended_at__isnull=True
    )


def caseload_queryset(*, coach: User) -> QuerySet:
    """The coach's current participants with what the rows need from profile, region and plan, as
    dicts (building 200 × 5 model instances was most of the page's time). One query."""
    return _current_participants(coach=coach).order_by("display_name", "email").values(*CASELOAD_FIELDS)


def _task_figures(*, user_ids: QuerySet, today: date) -> dict[int, dict]:
    """Per participant: tasks total and done, deliverables waiting (and the oldest), tasks past due,
    last work. One grouped query (a hash aggregate, not a subquery per row)."""
    waiting = Q(status=PlanTask.Status.SUBMITTED)
    overdue = Q(due_on__lt=today) & ~Q(status__in=[PlanTask.Status.DONE, PlanTask.Status.SUBMITTED])
    rows = (
        PlanTask.objects.filter(plan__user_id__in=user_ids)
        .values("plan__user_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=PlanTask.Status.DONE)),
            waiting=Count("pk", filter=waiting),
            oldest_waiting=Min("submitted_at", filter=waiting),
            overdue=Count("pk", filter=overdue),
            last_work=Max(Coalesce("submitted_at", "draft_saved_at", "completed_at")),
        )
        .order_by()
    )
    return {row["plan__user_id"]: row for row in rows}


def _next_interviews(*, user_ids: QuerySet, now: datetime) -> dict[int, datetime]:
    rows = (
        Interview.objects.filter(participant_id__in=user_ids, status=Interview.Status.BOOKED, ends_at__gt=now)
        .values("participant_id")
        .annotate(next=Min("starts_at"))
        .order_by()
    )
    return {row["participant_id"]: row["next"] for row in rows}


def _row(
    person: dict, *, figures: dict, next_interview, forum_questions: int, today: date, now: datetime, labels: dict
) -> CaseloadRow:
    stage = person["profile__stage"]
    plan_week = plan_weeks = progress = None
    if person["action_plan__start_date"] is not None:
        plan_weeks = person["action_plan__template__weeks"]
        plan_week = max(0, min(plan_weeks, (today - person["action_plan__start_date"]).days // 7 + 1))
        if figures.get("total"):
            progress = round(100 * figures["done"] / figures["total"])
    activity = [moment for moment in (person["last_login"], figures.get("last_work")) if moment]
    region = (labels["english"] and person["profile__region__name_en"]) or person["profile__region__name_fr"] or ""
    row = CaseloadRow(
        participant_id=person["pk"],
        name=person["display_name"] or labels["anonymous"],
        abroad=stage in ABROAD_STAGES if stage else None,
        stage_label=labels["stages"].get(stage, ""),
        region_name=region,
        arrival_date=person["profile__arrival_date"],
        plan_week=plan_week,
        plan_weeks=plan_weeks,
        progress=progress,
        last_activity=max(activity) if activity else None,
        reviews_waiting=figures.get("waiting", 0),
        oldest_review_at=figures.get("oldest_waiting"),
        overdue=figures.get("overdue", 0),
        next_interview=next_interview,
        forum_questions=forum_questions,
    )
    row.flag_texts = labels["flags"]
    if row.abroad is not None:
        row.stage_text = labels["abroad"] if row.abroad else labels["arrived"]
    if plan_week is not None:
        row.week_text = labels["week"] % {"week": plan_week, "weeks": plan_weeks}
    if row.reviews_waiting:
        row.reviews_text = ngettext(
            "%(count)s (depuis %(since)s)", "%(count)s (le plus ancien depuis %(since)s)", row.reviews_waiting
        ) % {"count": row.reviews_waiting, "since": timesince(row.oldest_review_at, now, depth=1)}
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
    *, coach: User, sort: str = "", flag: str = "", stage: str = "", region: str = "", now: datetime | None = None
) -> list[CaseloadRow]:
    """The caseload, filtered (by a flag, by stage "abroad"/"arrived", by region name) and sorted
    ("-name", "week"…).
    Unknown sort or filter values are ignored. Four queries, whatever the caseload's size."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    people = list(caseload_queryset(coach=coach))
    # The same participants as a subquery: 200 ids as parameters cost more to send than the join.
    ids = _current_participants(coach=coach).values("pk")
    figures = _task_figures(user_ids=ids, today=today) if people else {}
    upcoming = _next_interviews(user_ids=ids, now=now) if people else {}
    questions = unanswered_question_counts(participant_ids=ids) if people else {}
    # Translated once per page, not once per row.
    labels = {
        "english": english_active(),
        "anonymous": str(_("Participant·e")),
        "stages": {value: str(label) for value, label in Profile.Stage.choices},
        "abroad": str(_("À l'étranger")),
        "arrived": str(_("Arrivé·e")),
        "week": str(_("%(week)s sur %(weeks)s")),
        "flags": {key: str(label) for key, label in FLAGS.items()},
    }
    rows = [
        _row(
            person,
            figures=figures.get(person["pk"], {}),
            next_interview=upcoming.get(person["pk"]),
            forum_questions=questions.get(person["pk"], 0),
            today=today,
            now=now,
            labels=labels,
        )
        for person in people
    ]
    rows = filter_rows(rows, flag=flag, stage=stage, region=region)
    key = sort.removeprefix("-")
    if key in SORTS:
        return sorted(rows, key=SORTS[key], reverse=sort.startswith("-"))
    return sorted(rows, key=_needs_help_first)


def filter_rows(rows: list[CaseloadRow], *, flag: str = "", stage: str = "", region: str = "") -> list[CaseloadRow]:
    """Rows with this flag, at this stage ("abroad"/"arrived"), in this region (its name); unknown
    values filter nothing."""
    return [
        row
        for row in rows
        if (flag not in FLAGS or flag in row.flags)
        and (stage not in ("abroad", "arrived") or row.abroad is (stage == "abroad"))
        and (not region or row.region_name == region)
    ]
