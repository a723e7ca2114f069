"""Privacy and staff pages: "Download my data" (readable and JSON) and the coach opening a file.

The caseload seeded here joins the coaching scenario's: the bench coach has both, and the
dashboard is measured once, there (it was also measured here under the name "40 participants",
the same page with the same rows)."""

from tests.bench.framework import EXPORT_RATIO, PAGE_RATIO, BenchContext, Page

CASELOAD_EMAIL_PREFIX = "bench-caseload-"
CASELOAD = 40  # a full-time coach's caseload
# The bench participant's file was opened this many times by staff (a coach weekly over a year and
# more): a fixed history, so that the export measures the same rows in every run.
STAFF_ACCESSES = 60


def seed(ctx: BenchContext) -> None:
    """A caseload of onboarded participants for the bench coach; coach history for the participant."""
    from django.db import transaction

    from accounts.models import Profile, Region
    from accounts.services import user_create
    from coaching.models import Assignment
    from coaching.services import assignment_create

    wanted = max(1, int(CASELOAD * ctx.scale))
    regions = list(Region.objects.order_by("code"))
    with transaction.atomic():
        existing = Assignment.objects.filter(coach=ctx.coach, ended_at__isnull=True).count()
        for number in range(existing, wanted):
            participant = user_create(
                email=f"{CASELOAD_EMAIL_PREFIX}{number}@example.org",
                password=None,
                display_name=f"Suivi {number}",
            )
            Profile.objects.create(
                user=participant,
                region=regions[number % len(regions)],
                mode=Profile.Mode.ACCOMPANIED,
                french_level=1 + number % 12,
                city_of_residence="Casablanca",
            )
            assignment_create(participant=participant, coach=ctx.coach)
        if not Assignment.objects.filter(participant=ctx.participant, coach=ctx.coach, ended_at__isnull=True).exists():
            assignment_create(participant=ctx.participant, coach=ctx.coach, note="Suivi du plan")
        _seed_staff_accesses(ctx)
    # The file page opens another participant of the caseload: each opening is logged, and the
    # bench participant's export must not grow with the runs.
    opened = (
        Assignment.objects.filter(coach=ctx.coach, ended_at__isnull=True)
        .exclude(participant=ctx.participant)
        .order_by("pk")
        .values_list("participant_id", flat=True)
        .first()
    )
    ctx.data["caseload_participant_id"] = opened


def _seed_staff_accesses(ctx: BenchContext) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import StaffAccessLog

    accesses = StaffAccessLog.objects.filter(participant=ctx.participant)
    # Runs before this one had the file page open the bench participant: keep the newest only.
    beyond = list(accesses.order_by("-at").values_list("pk", flat=True)[STAFF_ACCESSES:])
    StaffAccessLog.objects.filter(pk__in=beyond).delete()
    missing = STAFF_ACCESSES - accesses.count()
    now = timezone.now()
    StaffAccessLog.objects.bulk_create(
        StaffAccessLog(
            staff=ctx.coach,
            participant=ctx.participant,
            action=StaffAccessLog.Action.COACH_PROFILE,
            what="profile",
            path=f"/accompagnement/participants/{ctx.participant.pk}/",
            at=now - timedelta(days=7 * week),
        )
        for week in range(missing)
    )


PAGES = [
    Page(
        name="download my data (readable page)",
        path="/moi/mes-donnees/",
        login_as="participant",
        target_ratio=EXPORT_RATIO,
    ),
    Page(
        name="download my data (JSON)",
        path="/moi/mes-donnees.json",
        login_as="participant",
        target_ratio=EXPORT_RATIO,
    ),
    Page(
        name="coach opens a participant's file (access logged)",
        path=lambda ctx: f"/accompagnement/participants/{ctx.data['caseload_participant_id']}/",
        login_as="coach",
        target_ratio=PAGE_RATIO,
    ),
]

FIGURES: list = []
