"""The foundation's pages: home, login, readiness probe and the participant dashboard."""

from tests.bench.framework import BenchContext, Page

VOLUME_EMAIL_PREFIX = "bench-volume-"
VOLUME_PARTICIPANTS = 5_000


def seed(ctx: BenchContext) -> None:
    """Thousands of participants with profiles, so that user, session and profile tables are not empty."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from accounts.models import Profile, Region, User
    from accounts.roles import group_for_role

    wanted = int(VOLUME_PARTICIPANTS * ctx.scale)
    existing = User.objects.filter(email__startswith=VOLUME_EMAIL_PREFIX).count()
    if existing >= wanted:
        return
    password = make_password(None)
    regions = list(Region.objects.order_by("code"))
    group = group_for_role(User.Role.PARTICIPANT)
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    email=f"{VOLUME_EMAIL_PREFIX}{number}@example.org",
                    display_name=f"Volume {number}",
                    role=User.Role.PARTICIPANT,
                    password=password,
                )
                for number in range(existing, wanted)
            ],
            batch_size=1000,
        )
        Profile.objects.bulk_create(
            [
                Profile(user=user, region=regions[index % len(regions)], french_level=1 + index % 12)
                for index, user in enumerate(users)
            ],
            batch_size=1000,
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
            batch_size=1000,
        )
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=group.pk) for user in users], batch_size=1000
        )


PAGES = [
    Page(name="home (fr)", path="/", target_median_ms=50),
    Page(name="home (en)", path="/en/", target_median_ms=50),
    Page(name="login", path="/compte/login/", target_median_ms=50),
    Page(name="readyz", path="/readyz", target_median_ms=30),
    Page(name="participant dashboard", path="/moi/tableau-de-bord/", login_as="participant", target_median_ms=80),
    Page(name="Django admin index (ministry admin)", path="/admin/", login_as="admin", target_median_ms=100),
]

FIGURES = []
