"""Reads of coaching shared by views, consumers and tasks (and by other apps)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Profile, User
from coaching.availability import Slot, expand_slots
from coaching.display import DEFAULT_WAKING, TwoZones, two_zones, within_waking_hours, zone_label
from coaching.models import Assignment, AvailabilityException, CoachNote, CoachSettings, Interview, WeeklyHours


def coach_participants(*, coach: User) -> QuerySet[User]:
    """The participants currently assigned to this coach."""
    return User.objects.filter(coach_assignments__coach=coach, coach_assignments__ended_at__isnull=True)


def coach_caseload(*, coach: User) -> QuerySet[Assignment]:
    """This coach's current assignments, with each participant and profile: one query."""
    return (
        Assignment.objects.filter(coach=coach, ended_at__isnull=True)
        .select_related("participant", "participant__profile", "participant__profile__region")
        .order_by("participant__display_name", "participant__email")
    )


def active_assignment_of(*, participant: User) -> Assignment | None:
    return Assignment.objects.filter(participant=participant, ended_at__isnull=True).select_related("coach").first()


def assignment_history_of(*, participant: User) -> QuerySet[Assignment]:
    return Assignment.objects.filter(participant=participant).select_related("coach", "assigned_by")


def accompanied_participants_without_coach() -> QuerySet[User]:
    """Participants who chose to be accompanied and have no current coach: the admins' to-do list."""
    has_coach = Assignment.objects.filter(participant=OuterRef("pk"), ended_at__isnull=True)
    return User.objects.filter(
        ~Exists(has_coach), role=User.Role.PARTICIPANT, is_active=True, profile__mode=Profile.Mode.ACCOMPANIED
    )


# --- Availability and interviews -------------------------------------------------------------

SLOT_DAYS = 21  # participants see the next three weeks


def change_notice() -> timedelta:
    """How long before an interview it can still be booked, moved or cancelled (12 h by default)."""
    return timedelta(hours=getattr(settings, "COACHING_CHANGE_NOTICE_HOURS", 12))


def coach_settings_for(*, coach: User) -> CoachSettings:
    """The coach's settings, or unsaved defaults in the coach's own zone (one query)."""
    found = CoachSettings.objects.filter(coach=coach).first()
    return found or CoachSettings(coach=coach, time_zone=coach.time_zone)


def coach_free_slots(
    *, coach: User, now: datetime | None = None, days: int = SLOT_DAYS, ignore_interview_id: int | None = None
) -> list[Slot]:
    """The coach's free slots from now + the notice, for `days` days. Four queries, whatever the calendar."""
    now = now or timezone.now()
    coach_settings = coach_settings_for(coach=coach)
    zone = ZoneInfo(coach_settings.time_zone)
    first_day = now.astimezone(zone).date()
    last_moment = datetime.combine(first_day + timedelta(days=days + 1), time(0), tzinfo=zone)
    busy = (
        Interview.objects.filter(
            coach=coach, status=Interview.Status.BOOKED, ends_at__gt=now, starts_at__lt=last_moment
        )
        .exclude(pk=ignore_interview_id)
        .values_list("starts_at", "ends_at")
    )
    return expand_slots(
        zone=zone,
        weekly=WeeklyHours.objects.filter(coach=coach),
        exceptions=AvailabilityException.objects.filter(
            coach=coach, date__gte=first_day, date__lte=first_day + timedelta(days=days)
        ),
        busy=list(busy),
        first_day=first_day,
        days=days,
        length=timedelta(minutes=coach_settings.interview_minutes),
        buffer=timedelta(minutes=coach_settings.buffer_minutes),
        not_before=now + change_notice(),
    )


def waking_hours_of(user: User) -> tuple[time, time]:
    profile = getattr(user, "profile", None)
    if profile is None:
        return DEFAULT_WAKING
    return (profile.waking_start, profile.waking_end)


@dataclass(frozen=True)
class SlotRow:
    slot: Slot
    when: TwoZones
    awake: bool
    day: date  # in the viewer's zone, for the headings

    @property
    def key(self) -> str:
        return self.slot.key


def slot_rows_for(*, viewer: User, slots: list[Slot], waking: tuple[time, time] | None = None) -> list[SlotRow]:
    """Slots written for this person (their zone, Montréal's beside it). Those outside their waking
    hours come last; within each group, in time order. No query."""
    zone_key = viewer.time_zone
    zone = ZoneInfo(zone_key)
    rows = [
        SlotRow(
            slot=slot,
            when=two_zones(slot.starts_at, zone_key),
            awake=waking is None or within_waking_hours(slot.starts_at, slot.ends_at, zone_key, waking),
            day=slot.starts_at.astimezone(zone).date(),
        )
        for slot in slots
    ]
    return sorted(rows, key=lambda row: (not row.awake, row.slot.starts_at))


def upcoming_interviews(*, user: User, now: datetime | None = None, limit: int | None = None) -> QuerySet[Interview]:
    """The booked interviews still to come where this person is the participant or the coach (one query)."""
    now = now or timezone.now()
    queryset = (
        Interview.objects.filter(Q(participant=user) | Q(coach=user), status=Interview.Status.BOOKED, ends_at__gt=now)
        .select_related("participant", "coach")
        .order_by("starts_at")
    )
    return queryset[:limit] if limit else queryset


def interview_history_of(*, participant: User) -> QuerySet[Interview]:
    return Interview.objects.filter(participant=participant).select_related("coach").order_by("-starts_at")


def interview_for_viewer(*, interview: Interview, viewer: User) -> dict:
    """The interview as this person sees it: their zone with Montréal's beside it, and the other person."""
    other = interview.coach if viewer.pk == interview.participant_id else interview.participant
    return {
        "interview": interview,
        "starts": two_zones(interview.starts_at, viewer.time_zone),
        "other": other,
        "other_time": two_zones(interview.starts_at, other.time_zone),
        "other_zone": zone_label(other.time_zone),
    }


def portal_zone() -> str:
    return settings.TIME_ZONE


def today_for(user: User) -> date:
    return timezone.now().astimezone(ZoneInfo(user.time_zone)).date()


def participant_file(*, participant: User, viewer: User) -> dict:
    """What a coach reads in a participant's file besides the profile: plan tasks with answers and
    deliverables, reviews given, interview history, private notes. Four queries."""
    from action_plan.models import PlanTask, TaskReview

    # Never the tasks' instructions (the longest columns, in two languages): the file shows titles.
    instructions = ("instructions_html_fr", "instructions_html_en")
    tasks = list(
        PlanTask.objects.filter(plan__user=participant)
        .exclude(status=PlanTask.Status.TODO, answer_text="", file="")
        .defer(*instructions)
        .order_by("week", "order", "pk")
    )
    reviews = list(
        TaskReview.objects.filter(task__plan__user=participant)
        .select_related("task", "coach")
        .defer(*(f"task__{name}" for name in (*instructions, "answer_text", "coach_comment")))
        .order_by("-created_at")
    )
    history = [
        interview_for_viewer(interview=interview, viewer=viewer)
        for interview in Interview.objects.filter(participant=participant)
        .select_related("participant", "coach")
        .order_by("-starts_at")
    ]
    notes = list(CoachNote.objects.filter(participant=participant).select_related("author"))
    return {"tasks": tasks, "reviews": reviews, "interviews": history, "notes": notes}


def next_interview_dashboard_context(user: User, profile) -> dict:
    """The participant dashboard's "next interview" block, in their zone and Montréal's. Two queries."""
    upcoming = upcoming_interviews(user=user, limit=1)
    if upcoming:
        return {"next": interview_for_viewer(interview=upcoming[0], viewer=user), "has_coach": True}
    return {"next": None, "has_coach": active_assignment_of(participant=user) is not None}


DEFAULT_MAX_CASELOAD = CoachSettings._meta.get_field("max_caseload").default


def coach_proposal_for(*, participant: User) -> User | None:
    """The coach to propose: speaks the participant's preferred language, is under their caseload
    cap, and has the lowest active caseload (then the longest-standing account). One query.
    A coach who never filled in their settings counts as French-speaking with the default cap."""
    english = participant.language == User.Language.ENGLISH
    speaks = (
        Q(coaching_settings__speaks_english=True)
        if english
        else (Q(coaching_settings__speaks_french=True) | Q(coaching_settings__isnull=True))
    )
    under_cap = Q(coaching_settings__isnull=True, caseload__lt=DEFAULT_MAX_CASELOAD) | Q(
        caseload__lt=F("coaching_settings__max_caseload")
    )
    return (
        User.objects.filter(speaks, role=User.Role.COACH, is_active=True)
        .annotate(caseload=Count("participant_assignments", filter=Q(participant_assignments__ended_at__isnull=True)))
        .filter(under_cap)
        .order_by("caseload", "date_joined", "pk")
        .first()
    )
