"""Choice lists built from reference tables (regions, occupations), cached per language.

Every filter form of the portal lists the regions and some levels of the occupations: the same
rows for everyone, changed only by an admin. Read once per language and "reference" version
(bumped when a region or an occupation is saved or deleted) instead of on every page (issue 16).

The "reference" version also names the occupations' search keys kept in memory
(accounts.selectors.occupation_search): example titles saved or deleted bump it too.
"""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from accounts.models import Occupation, OccupationExampleTitles, Region
from integration_portal.versioned_cache import bump, cached, versions

VERSION = "reference"
TIMEOUT = 24 * 3600


def _key(name: str) -> str:
    return f"choices:{name}:{versions(VERSION)}:{get_language()}"


def region_choices() -> list[tuple[str, str]]:
    """(code, "06 – Montréal") of every region, by code."""
    return cached(
        _key("regions"),
        lambda: [(region.code, str(region)) for region in Region.objects.order_by("code")],
        timeout=TIMEOUT,
    )


def occupation_choices(*, level: int | None = None, max_level: int | None = None) -> list[tuple[str, str]]:
    """(code, "2 – Sciences naturelles…") of the occupations of one level, or down to `max_level`, by code."""
    occupations = Occupation.objects.order_by("code")
    if level is not None:
        occupations = occupations.filter(level=level)
    if max_level is not None:
        occupations = occupations.filter(level__lte=max_level)
    return cached(
        _key(f"occupations:{level}:{max_level}"),
        lambda: [(occupation.code, str(occupation)) for occupation in occupations],
        timeout=TIMEOUT,
    )


def reference_changed(sender, **kwargs) -> None:
    bump(VERSION)


def connect_signals() -> None:
    """Called by accounts.apps.AccountsConfig.ready()."""
    for model in (Region, Occupation, OccupationExampleTitles):
        label = model._meta.label_lower
        post_save.connect(reference_changed, sender=model, dispatch_uid=f"choices.save.{label}")
        post_delete.connect(reference_changed, sender=model, dispatch_uid=f"choices.delete.{label}")
