"""Privacy and staff pages: "Download my data" (readable and JSON) and the coach's caseload."""

from tests.bench.framework import EXPORT_RATIO, PAGE_RATIO, BenchContext, Page

CASELOAD_EMAIL_PREFIX = "bench-caseload-"
CASELOAD = 40  # a full-time coach's caseload


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
        # The bench participant is in the caseload too: the file page opens them.
        if not Assignment.objects.filter(participant=ctx.participant, coach=ctx.coach, ended_at__isnull=True).exists():
            assignment_create(participant=ctx.participant, coach=ctx.coach, note="Suivi du plan")
    ctx.data["caseload_participant_id"] = ctx.participant.pk


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
        name="coach caseload (40 participants)",
        path="/accompagnement/tableau-de-bord/",
        login_as="coach",
        target_ratio=PAGE_RATIO,
    ),
    Page(
        name="coach opens a participant's file (access logged)",
        path=lambda ctx: f"/accompagnement/participants/{ctx.data['caseload_participant_id']}/",
        login_as="coach",
        target_ratio=PAGE_RATIO,
    ),
]

FIGURES: list = []
