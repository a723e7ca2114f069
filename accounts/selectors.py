"""Reads on accounts shared by views, consumers and tasks."""

from django.db.models import Case, Value, When

from accounts.models import Occupation, OccupationExampleTitles, Profile, Region
from integration_portal.text import fold
from integration_portal.versioned_cache import versions


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

# reference version -> (id, code, level, search key of the name, search key of the example titles)
# of every occupation: 1,045 rows, 2.3 MB of example titles.
_search_rows: dict[str, tuple[tuple[int, str, int, str, str], ...]] = {}


def _occupation_search_rows() -> tuple[tuple[int, str, int, str, str], ...]:
    """The search keys of every occupation, read once per process and "reference" version.

    Each search scanned the example titles' 2.3 MB (kept out of line by PostgreSQL, so no plan
    chose a trigram index over a table it thinks is small): 10 to 30 ms a keystroke (issue 16).
    In memory the same words are looked for in a millisecond. The version is bumped when an
    occupation or its example titles are saved, deleted or loaded (accounts.choices); a new
    process reads them afresh.
    """
    from accounts.choices import VERSION

    version = versions(VERSION)
    rows = _search_rows.get(version)
    if rows is None:
        examples = dict(OccupationExampleTitles.objects.values_list("occupation_id", "search_key"))
        rows = tuple(
            (pk, code, level, key, examples.get(pk, ""))
            for pk, code, level, key in Occupation.objects.values_list("pk", "code", "level", "search_key")
        )
        _search_rows.clear()  # the previous version is never read again
        _search_rows[version] = rows
    return rows


def occupation_search(*, query: str, keep_code: str | None = None, limit: int = OCCUPATION_SEARCH_LIMIT):
    """Occupations whose code, French or English name, or one of whose example job titles holds
    every word typed, accents and case ignored ("infirmiere" finds "Infirmières autorisées"), at most
    `limit`: those found by their own name first, unit groups before broad categories, then by code.
    keep_code keeps the current choice in the list. One query, by primary key (the words are looked
    for in the search keys kept in memory: _occupation_search_rows).

    The example titles matter: people type the title they hold ("Infirmière d'urgence",
    "Software developer"), rarely the official name of the group.
    """
    words = fold(query[:100]).split()[:8]
    if not words:
        return Occupation.objects.order_by("code")[:limit]
    found: list[tuple[int, int, str, int]] = []  # (found by name: 0, else 1; -level; code; id)
    first, rest = words[0], words[1:]  # most searches are one word: no generator per row for them
    for pk, code, level, name_key, example_key in _occupation_search_rows():
        if first in name_key and (not rest or all(word in name_key for word in rest)):
            found.append((0, -level, code, pk))
        elif code == keep_code or (first in example_key and (not rest or all(word in example_key for word in rest))):
            found.append((1, -level, code, pk))
    found.sort()
    by_name = [pk for rank, _level, _code, pk in found[:limit] if rank == 0]
    return (
        Occupation.objects.filter(pk__in=[pk for *_order, pk in found[:limit]])
        .annotate(found_by_name=Case(When(pk__in=by_name or [0], then=Value(0)), default=Value(1)))
        .order_by("found_by_name", "-level", "code")
    )
