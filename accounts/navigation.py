"""The main navigation is made of items that the apps contribute (accounts' registry, see README.md).

An app registers, in its AppConfig.ready():
    register_nav_item(key="forum", label=_("Forum"), url_name="forum:index", order=35,
                      audiences={"participant", "coach"})
`audiences` says who sees the item: "participant", "coach", "ministry_admin" (superusers count as
the ministry) or "anonymous". base.html shows, in `order`, the items of the person's audiences.
Building the list runs no database query; it is kept per language and audiences until the
registry (or, in tests, a setting) changes (issue 16).
"""

from dataclasses import dataclass

from django.dispatch import receiver
from django.test.signals import setting_changed
from django.urls import reverse
from django.utils.translation import get_language

AUDIENCES = frozenset({"participant", "coach", "ministry_admin", "anonymous"})


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str  # a lazy translation
    url_name: str
    order: int
    audiences: frozenset[str]


_items: dict[str, NavItem] = {}
# (language, audiences) -> the (url, label) list: the same until the registry changes.
_built: dict[tuple[str, frozenset[str]], tuple[tuple[str, str], ...]] = {}


def register_nav_item(*, key: str, label, url_name: str, order: int, audiences: set[str] | frozenset[str]) -> None:
    unknown = set(audiences) - AUDIENCES
    if unknown or not audiences:
        raise ValueError(f"nav item {key!r}: audiences must be a non-empty subset of {sorted(AUDIENCES)}")
    _items[key] = NavItem(key=key, label=label, url_name=url_name, order=order, audiences=frozenset(audiences))
    _built.clear()


def unregister_nav_item(key: str) -> None:
    """For tests that register an item of their own."""
    _items.pop(key, None)
    _built.clear()


def audiences_of(user) -> set[str]:
    if user is None or not user.is_authenticated:
        return {"anonymous"}
    audiences = set()
    if user.is_participant:
        audiences.add("participant")
    if user.is_coach:
        audiences.add("coach")
    if user.is_ministry_admin or user.is_superuser:
        audiences.add("ministry_admin")
    return audiences


def nav_items_for(user) -> list[tuple[str, str]]:
    """(url, label) of the items this person sees, in order. URLs follow the active language."""
    audiences = frozenset(audiences_of(user))
    key = (get_language(), audiences)
    built = _built.get(key)
    if built is None:
        items = sorted((item for item in _items.values() if item.audiences & audiences), key=lambda i: (i.order, i.key))
        built = _built[key] = tuple((reverse(item.url_name), str(item.label)) for item in items)
    return list(built)


@receiver(setting_changed)
def _forget_built(**kwargs) -> None:
    """URLs and labels follow settings (ROOT_URLCONF, LANGUAGES) that tests may change."""
    _built.clear()
