"""The foundation's pages: home, login, readiness probe and the participant dashboard."""

import datetime

from tests.bench.framework import PAGE_RATIO, BenchContext, Page

VOLUME_EMAIL_PREFIX = "bench-volume-"
VOLUME_PARTICIPANTS = 5_000


def seed(ctx: BenchContext) -> None:
    """Thousands of participants with profiles, and their open sessions in PostgreSQL and Redis."""
    seed_participants(ctx)
    seed_sessions(ctx)


def seed_participants(ctx: BenchContext) -> None:
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


def seed_sessions(ctx: BenchContext) -> None:
    """One logged-in session per volume participant, in the database and in the Redis cache, as
    cached_db sessions are stored. Sessions expire: they are made again when too few are left."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.core.cache import cache
    from django.utils import timezone
    from django.utils.crypto import get_random_string
    from django.utils.module_loading import import_string

    from accounts.models import User

    wanted = int(VOLUME_PARTICIPANTS * ctx.scale)
    if Session.objects.filter(expire_date__gt=timezone.now()).count() >= wanted:
        return
    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    expire_date = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    sessions, cached = [], {}
    for user in User.objects.filter(email__startswith=VOLUME_EMAIL_PREFIX).only("pk", "password")[:wanted]:
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "allauth.account.auth_backends.AuthenticationBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        sessions.append(Session(session_key=key, session_data=store_class().encode(data), expire_date=expire_date))
        cached[getattr(store_class, "cache_key_prefix", "") + key] = data
    Session.objects.bulk_create(sessions, batch_size=1000)
    if hasattr(store_class, "cache_key_prefix"):
        cache.set_many(cached, timeout=settings.SESSION_COOKIE_AGE)


PAGES = [
    # The home page in French and /healthz are measured by the runner in every run (the reference).
    Page(name="home (en)", path="/en/", target_ratio=PAGE_RATIO),
    Page(name="login", path="/compte/login/", target_ratio=PAGE_RATIO),
    Page(name="readyz (database, cache, channel layer, broker)", path="/readyz", target_ratio=PAGE_RATIO),
    Page(name="participant dashboard", path="/moi/tableau-de-bord/", login_as="participant", target_ratio=PAGE_RATIO),
    Page(name="Django admin index (ministry admin)", path="/admin/", login_as="admin", target_ratio=PAGE_RATIO),
]

FIGURES = []
