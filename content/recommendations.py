"""Content "for you", computed when what it depends on changes, read as a short list of ids.

The "for you" order (content.selectors.for_you_score) depends on nothing but the published items
and a few facts of the profile: the page's language, the region, the occupation code, being
abroad or in Québec, and a French level of 6 or below. So the ranking is cached under a key made
of exactly those facts (people in the same situation share it; a profile change gives a new key)
and of the "content" version, which every change to a capsule or an article (saved, deleted,
published, its regions or occupations changed) bumps (content.apps connects the signals). An item
scheduled to appear later makes its entry expire at that moment. Staff, who also see drafts, are
never served from the cache.

Measured on the bench (issue 16): scoring the library with its EXISTS sub-queries was most of
the dashboard's and the library's time, rebuilt on every view though nothing had changed.
"""

import datetime

from django.db.models import Min
from django.utils import timezone

from accounts.models import Profile
from content.models import Article, Capsule, ContentItem
from content.visibility import can_see_drafts
from integration_portal.i18n import english_active
from integration_portal.versioned_cache import bump, cached, store, versions

VERSION = "content"
TIMEOUT = 24 * 3600
KIND_CODES = {"capsule": "c", "article": "a"}
CODE_KINDS = {code: kind for kind, code in KIND_CODES.items()}


def scoring_inputs(profile: Profile | None) -> str:
    """Everything for_you_score reads of the person and the request, as a key fragment.

    Keep in step with content.selectors.for_you_score: a fact it reads and this leaves out would
    serve one person's ranking to another (tests/content/test_recommendations.py checks each one).
    """
    language = "en" if english_active() else "fr"
    if profile is None:
        return f"{language}:nobody"
    occupation = profile.occupation.code if profile.occupation_id else ""
    moment = "abroad" if profile.is_abroad else "here"
    easy = "easy" if profile.french_level and profile.french_level <= 6 else "plain"
    return f"{language}:r{profile.region_id or ''}:o{occupation}:{moment}:{easy}"


def next_publication() -> datetime.datetime | None:
    """When the next item already marked published becomes visible (its published_at is ahead)."""
    now = timezone.now()
    dates = [
        model.objects.filter(status=ContentItem.Status.PUBLISHED, published_at__gt=now).aggregate(
            first=Min("published_at")
        )["first"]
        for model in (Capsule, Article)
    ]
    dates = [date for date in dates if date is not None]
    return min(dates) if dates else None


def _compact(rows) -> list[tuple[str, int]]:
    return [(KIND_CODES[row["kind"]], row["pk"]) for row in rows]


def _rows(entries: list[tuple[str, int]]) -> list[dict]:
    """Back to the (kind, pk) rows that content.selectors.hydrate reads."""
    return [{"kind": CODE_KINDS[code], "pk": pk} for code, pk in entries]


def ranked_entries(*, name: str, profile: Profile | None, compute) -> list[dict]:
    """The rows `compute()` returns (dicts with "kind" and "pk"), cached for this profile's
    situation until the content changes or a scheduled item appears.

    name: which ranking ("dashboard", "library"); compute: the live query, run on a miss.
    """
    key = f"content:for-you:{name}:{versions(VERSION)}:{scoring_inputs(profile)}"

    def fresh() -> dict:
        return {"entries": _compact(compute()), "until": next_publication()}

    value = cached(key, fresh, timeout=TIMEOUT)
    if value["until"] is not None and value["until"] <= timezone.now():
        # A scheduled item is now visible: this generation of the ranking is out of date.
        value = fresh()
        store(key, value, timeout=TIMEOUT)
    return _rows(value["entries"])


# --- What invalidates them -----------------------------------------------------------------------


def content_changed(sender, **kwargs) -> None:
    """A capsule or an article was saved or deleted, or its regions or occupations changed."""
    action = kwargs.get("action")
    if action is None or action in ("post_add", "post_remove", "post_clear"):
        bump(VERSION)


def connect_signals() -> None:
    """Called by content.apps.ContentConfig.ready(); also the themes of the library's filter form."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from content.forms import THEMES_VERSION
    from content.models import Theme

    def theme_changed(sender, **kwargs) -> None:
        bump(THEMES_VERSION)

    post_save.connect(theme_changed, sender=Theme, dispatch_uid="choices.save.theme", weak=False)
    post_delete.connect(theme_changed, sender=Theme, dispatch_uid="choices.delete.theme", weak=False)
    from content.models import ProfessionalOrder

    def orders_changed(sender, **kwargs) -> None:
        if kwargs.get("action") in (None, "post_add", "post_remove", "post_clear"):
            bump(ORDERS_VERSION)

    post_save.connect(orders_changed, sender=ProfessionalOrder, dispatch_uid="recommendations.order.save", weak=False)
    post_delete.connect(
        orders_changed, sender=ProfessionalOrder, dispatch_uid="recommendations.order.delete", weak=False
    )
    m2m_changed.connect(
        orders_changed,
        sender=ProfessionalOrder.occupations.through,
        dispatch_uid="recommendations.order.occupations",
        weak=False,
    )
    from content.models import Organisation

    def organisations_changed(sender, **kwargs) -> None:
        bump(ORGANISATIONS_VERSION)

    post_save.connect(organisations_changed, sender=Organisation, dispatch_uid="search.organisation.save", weak=False)
    post_delete.connect(
        organisations_changed, sender=Organisation, dispatch_uid="search.organisation.delete", weak=False
    )
    for model in (Capsule, Article):
        label = model._meta.label_lower
        post_save.connect(content_changed, sender=model, dispatch_uid=f"recommendations.save.{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"recommendations.delete.{label}")
        # Themes: the library's cards show them (cards()).
        for field in ("regions", "occupations", "themes"):
            through = getattr(model, field).through
            m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"recommendations.{label}.{field}")


def library_ranking(*, user, filters, profile: Profile | None) -> list[dict] | None:
    """The library's whole "for you" order when only the kind is chosen (its first view), cached;
    None when other filters are chosen or the person sees drafts (then the page queries live)."""
    from content import selectors

    if can_see_drafts(user) or filters != selectors.LibraryFilters(kind=filters.kind):
        return None

    def compute() -> list[dict]:
        return list(selectors.library_entries(user=user, filters=filters, profile=profile, order="for_you"))

    return ranked_entries(name=f"library-{filters.kind or 'all'}", profile=profile, compute=compute)


def content_for_you(*, user, profile: Profile | None, limit: int | None = None) -> list:
    """content.selectors.content_for_you, its ranking cached: the items shown (one query per kind,
    without their themes, which the dashboard does not show) once the ranking is cached."""
    from content import selectors

    limit = limit or selectors.DASHBOARD_LIMIT
    if can_see_drafts(user):
        return selectors.content_for_you(user=user, profile=profile, limit=limit)

    def compute() -> list[dict]:
        entries = selectors.library_entries(
            user=user, filters=selectors.LibraryFilters(), profile=profile, recent_only=selectors.DASHBOARD_CANDIDATES
        )
        return list(entries[:limit])

    entries = ranked_entries(name=f"dashboard-{limit}", profile=profile, compute=compute)
    return cards(entries, with_themes=False)


def cards(entries, *, with_themes: bool = True) -> list:
    """content.selectors.hydrate, the capsules' and articles' cards cached under the content's
    and the themes' versions (a save, a deletion, a theme change makes new ones): no query once
    a page of the library or the dashboard's list was shown. Never mutate what it returns."""
    from content import selectors
    from content.forms import THEMES_VERSION

    entries = list(entries)
    if any(entry["kind"] not in selectors.LIBRARY_KINDS for entry in entries):
        return selectors.hydrate(entries, with_themes=with_themes)
    shown = ",".join(f"{entry['kind'][0]}{entry['pk']}" for entry in entries)
    key = f"content:cards:{versions(VERSION, THEMES_VERSION)}:{int(with_themes)}:{shown}"
    return cached(key, lambda: selectors.hydrate(entries, with_themes=with_themes), timeout=TIMEOUT)


ORDERS_VERSION = "professional-orders"
# Partner organisations (the search lists them; saved in the admin, never updated in bulk).
ORGANISATIONS_VERSION = "organisations"


def professional_order_for(profile: Profile | None):
    """content.selectors.professional_order_for_occupation of the profile's occupation, cached per
    occupation code until a professional order or its occupations change."""
    from content import selectors

    if profile is None or not profile.occupation_id:
        return None
    key = f"content:order-for:{versions(ORDERS_VERSION)}:{profile.occupation.code}"
    # A list, so that "no order" is cached too (cached() never stores None).
    found = cached(key, lambda: [selectors.professional_order_for_occupation(profile.occupation)], timeout=TIMEOUT)
    return found[0]


def dashboard_block_context(user, profile: Profile | None) -> dict:
    """The dashboard's content block: their professional order (when their occupation is regulated)
    and content for them, both read from the cache (then two queries: capsules and articles shown,
    with their themes), computed on a miss as content.selectors.dashboard_block_context does."""
    return {
        "content_profile": profile,
        "professional_order": professional_order_for(profile),
        "content_for_you": content_for_you(user=user, profile=profile),
    }
