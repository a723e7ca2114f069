"""Reads on accounts shared by views, consumers and tasks."""

from django.db.models import Q

from accounts.models import Occupation, Profile, Region
from integration_portal.text import fold


def profile_of(user) -> Profile | None:
    """The person's profile with its region and occupation (one query), or None (anonymous, staff,
    or no profile yet). Read once per page and handed to whatever needs it (dashboard blocks…)."""
    if user is None or not user.is_authenticated:
        return None
    return Profile.objects.select_related("region", "occupation").filter(user=user).first()


def region_list():
    return Region.objects.order_by("code")


def occupation_list(*, level: int | None = None):
    qs = Occupation.objects.order_by("code")
    return qs.filter(level=level) if level is not None else qs


OCCUPATION_SEARCH_LIMIT = 50


def occupation_search(*, query: str, keep_code: str | None = None, limit: int = OCCUPATION_SEARCH_LIMIT):
    """Occupations whose code or French or English name holds every word typed, accents ignored
    ("ingenieur" finds "Ingénieurs"), in code order, at most `limit`. keep_code keeps the current
    choice in the list. One query."""
    words = fold(query[:100]).split()[:8]
    condition = Q()
    for word in words:
        condition &= Q(search_key__contains=word)
    if keep_code:
        condition |= Q(code=keep_code)
    qs = Occupation.objects.filter(condition).order_by("code")
    return qs[:limit]
