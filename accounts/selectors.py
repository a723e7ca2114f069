"""Reads on accounts shared by views, consumers and tasks."""

from django.db.models import Case, Q, Value, When

from accounts.models import Occupation, OccupationExample, Profile, Region
from integration_portal.text import fold


def profile_of(user) -> Profile | None:
    """The person's profile with its region and occupation (one query), or None (anonymous, staff,
    or no profile yet). Read once per page and handed to whatever needs it (dashboard blocks…)."""
    if user is None or not user.is_authenticated:
        return None
    profile = Profile.objects.select_related("region", "occupation").filter(user=user).first()
    if profile is not None:
        profile.user = user  # already loaded: services that read profile.user need no query
    return profile


def region_list():
    return Region.objects.order_by("code")


def occupation_list(*, level: int | None = None):
    qs = Occupation.objects.order_by("code")
    return qs.filter(level=level) if level is not None else qs


OCCUPATION_SEARCH_LIMIT = 50


def occupation_search(*, query: str, keep_code: str | None = None, limit: int = OCCUPATION_SEARCH_LIMIT):
    """Occupations whose code, French or English name, or one of whose example job titles holds
    every word typed, accents and case ignored ("infirmiere" finds "Infirmières autorisées"), at most
    `limit`: those found by their own name first, unit groups before broad categories, then by code.
    keep_code keeps the current choice in the list. One query.

    The example titles matter: people type the title they hold ("Infirmière d'urgence",
    "Software developer"), rarely the official name of the group.
    """
    words = fold(query[:100]).split()[:8]
    if not words:
        return Occupation.objects.order_by("code")[:limit]
    by_name = Q()
    examples = OccupationExample.objects.all()
    for word in words:
        by_name &= Q(search_key__contains=word)
        examples = examples.filter(search_key__contains=word)
    condition = by_name | Q(pk__in=examples.values("occupation_id"))
    if keep_code:
        condition |= Q(code=keep_code)
    qs = (
        Occupation.objects.filter(condition)
        .annotate(found_by_name=Case(When(by_name, then=Value(0)), default=Value(1)))
        .order_by("found_by_name", "-level", "code")
    )
    return qs[:limit]
