"""Reads of job_feed shared by views, the dashboard block and other apps (the weekly plan email).

Matching score of an offer for a participant (higher is closer), all computed in SQL so that a
list can be ordered by it:
- region: +30 when the offer is in the participant's settlement region;
- occupation: +10 per leading NOC/CNP digit shared with the participant's occupation code
  (a broad category shares 1 digit: +10; the same unit group shares 5: +50);
- French: +10 when the offer states a level the participant reaches, -10 when it is above it;
- abroad: +100 for offers open to applicants abroad when the participant is still abroad,
  so that those come first for them.
"""

import datetime
import hashlib
from dataclasses import astuple, dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, ExpressionWrapper, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import VERSION as REFERENCE_VERSION
from accounts.models import Profile, User
from accounts.privacy import moment
from accounts.selectors import profile_of
from integration_portal.db import Fold, is_postgresql
from integration_portal.text import fold
from integration_portal.versioned_cache import cached, versions
from job_feed.models import JobOffer, SavedOffer

REGION_POINTS = 30
OCCUPATION_POINTS_PER_DIGIT = 10
FRENCH_POINTS = 10
ABROAD_POINTS = 100
SEARCH_CONFIG = "job_feed_fr"
DASHBOARD_LIMIT = 5
DASHBOARD_DAYS = 14
# new_matching_offers scores at most this many of the newest matching offers per branch.
NEW_OFFERS_CANDIDATES = 200
# The version that every change to the offers bumps (job_feed.recommendations: an import that
# wrote offers, an offer saved or a source's offers deleted).
OFFERS_VERSION = "offers"
LIST_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class OfferFilters:
    region_code: str = ""
    occupation: str = ""  # a NOC/CNP code or its first digits (a family)
    employment_type: str = ""
    posted_within_days: int | None = None
    text: str = ""
    open_to_abroad: bool = False


def open_offers() -> QuerySet[JobOffer]:
    today = timezone.localdate()
    return JobOffer.objects.filter(status=JobOffer.Status.OPEN).filter(
        Q(valid_through__isnull=True) | Q(valid_through__gte=today)
    )


def _occupation_points(code: str):
    whens = [
        When(occupation_code__startswith=code[:length], then=Value(length * OCCUPATION_POINTS_PER_DIGIT))
        for length in range(min(len(code), 5), 0, -1)
    ]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def match_score_expression(profile: Profile | None):
    """The matching score (see the module docstring) as an SQL expression: its only definition.
    Lists order by it; the offer page shows it (offer_for_reader annotates `score`)."""
    if profile is None:
        return Value(0, output_field=IntegerField())
    parts = []
    if profile.region_id:
        parts.append(Case(When(region_id=profile.region_id, then=Value(REGION_POINTS)), default=Value(0)))
    if profile.occupation_id:
        parts.append(_occupation_points(profile.occupation.code))
    if profile.french_level:
        parts.append(
            Case(
                When(french_level__isnull=True, then=Value(0)),
                When(french_level__lte=profile.french_level, then=Value(FRENCH_POINTS)),
                default=Value(-FRENCH_POINTS),
            )
        )
    if profile.is_abroad:
        parts.append(Case(When(open_to_abroad=True, then=Value(ABROAD_POINTS)), default=Value(0)))
    if not parts:
        return Value(0, output_field=IntegerField())
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return ExpressionWrapper(total, output_field=IntegerField())


def match_reasons(*, profile: Profile | None, offer: JobOffer) -> list[str]:
    """Why this offer fits the person, in words (the same criteria as the score, whose points
    meant nothing to them): in their region, their occupation or its family, open to applicants
    abroad, the French level asked. Also what does not fit (a French level above theirs)."""
    if profile is None:
        return []
    reasons = []
    if profile.region_id and offer.region_id == profile.region_id:
        reasons.append(_("Dans votre région"))
    if profile.occupation_id and offer.occupation_code:
        code = profile.occupation.code
        if len(code) == 5 and offer.occupation_code == code:
            reasons.append(_("Votre profession"))
        elif offer.occupation_code[:1] == code[:1]:
            reasons.append(_("Votre domaine de profession"))
    if profile.is_abroad and offer.open_to_abroad:
        reasons.append(_("Ouverte aux candidatures de l'étranger"))
    if profile.french_level and offer.french_level:
        if offer.french_level <= profile.french_level:
            reasons.append(
                _("Niveau de français demandé : %(level)s sur 12, le vôtre suffit") % {"level": offer.french_level}
            )
        else:
            reasons.append(
                _("Niveau de français demandé : %(level)s sur 12, plus que le vôtre (%(yours)s)")
                % {"level": offer.french_level, "yours": profile.french_level}
            )
    return reasons


def _text_search(queryset: QuerySet[JobOffer], text: str) -> QuerySet[JobOffer]:
    if is_postgresql():
        from django.contrib.postgres.search import SearchQuery

        return queryset.filter(search_vector=SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch"))
    # Elsewhere (SQLite in `make run`): every word, accents and case ignored, in the offer's text.
    haystack = Fold(Concat("title", Value(" "), "employer", Value(" "), "municipality", Value(" "), "description"))
    queryset = queryset.annotate(search_text=haystack)
    for word in text.split()[:8]:
        queryset = queryset.filter(search_text__contains=fold(word))
    return queryset


def offer_search(*, filters: OfferFilters, profile: Profile | None, order: str = "for_you") -> QuerySet[JobOffer]:
    """Open offers matching the filters, ordered "for_you" (score, then newest) or "recent"."""
    # The list shows no description: the long values are not read.
    queryset = open_offers().select_related("region").defer("description", "search_vector")
    if filters.region_code:
        queryset = queryset.filter(region__code=filters.region_code)
    if len(filters.occupation) == 1:
        queryset = queryset.filter(occupation_category=filters.occupation)
    elif filters.occupation:
        queryset = queryset.filter(occupation_code__startswith=filters.occupation)
    if filters.employment_type:
        queryset = queryset.filter(employment_type=filters.employment_type)
    if filters.posted_within_days:
        since = timezone.localdate() - datetime.timedelta(days=filters.posted_within_days)
        queryset = queryset.filter(date_posted__gte=since)
    if filters.open_to_abroad:
        queryset = queryset.filter(open_to_abroad=True)
    if filters.text:
        queryset = _text_search(queryset, filters.text)
    queryset = queryset.annotate(score=match_score_expression(profile))
    if order == "for_you" and profile is not None:
        return queryset.order_by("-score", "-date_posted", "-id")
    return queryset.order_by("-date_posted", "-id")


def offer_page(*, filters: OfferFilters, profile: Profile | None, order: str, number, per_page: int) -> Page:
    """One page of offer_search, in two steps: the page's ids from the covering index, then those offers.

    Counting and ordering touch only the index (joboffer_open_cover); the wide rows of the
    table are read for the offers shown and no others.
    """

    def ids() -> QuerySet:
        return offer_search(filters=filters, profile=profile, order=order).values_list("id", flat=True)

    # The count and each page's ids change only when the offers change (their version), when the
    # day changes (offers reach valid_through) or, sorted for you, with the profile's matching
    # facts: cached under those, they cost no query on the next view (nor the building of the
    # scoring query). Measured on the bench (issue 16): counting and ordering 50,000 offers were
    # two thirds of the page.
    key = _offer_list_key(filters=filters, profile=profile, order=order)
    count = cached(f"{key}:count", lambda: ids().count(), timeout=LIST_CACHE_SECONDS)
    page = Paginator(range(count), per_page).get_page(number)  # the page's number and bounds
    page_ids = cached(
        f"{key}:page:{per_page}:{page.number}",
        lambda: list(ids()[page.start_index() - 1 : page.end_index()]) if count else [],
        timeout=LIST_CACHE_SECONDS,
    )

    def page_offers() -> list[JobOffer]:
        offers = JobOffer.objects.select_related("region").defer("description", "search_vector").in_bulk(page_ids)
        return [offers[pk] for pk in page_ids if pk in offers]

    # The offers themselves too (with their region, whose name the reference version covers): the
    # same objects for every reader of this page until the offers change. Never changed in place.
    page.object_list = cached(
        f"{key}:offers:{versions(REFERENCE_VERSION)}:{per_page}:{page.number}", page_offers, timeout=LIST_CACHE_SECONDS
    )
    return page


def matching_inputs(profile: Profile) -> str:
    """Everything match_score_expression and _new_matching_branches read of the profile."""
    occupation = profile.occupation.code if profile.occupation_id else ""
    abroad = "abroad" if profile.is_abroad else "here"
    return f"r{profile.region_id or ''}:o{occupation}:f{profile.french_level or ''}:{abroad}"


def _offer_list_key(*, filters: OfferFilters, profile: Profile | None, order: str) -> str:
    inputs = matching_inputs(profile) if order == "for_you" and profile is not None else "-"
    described = hashlib.sha256(repr(astuple(filters)).encode()).hexdigest()[:24]
    return f"offers:list:{versions(OFFERS_VERSION)}:{timezone.localdate().isoformat()}:{order}:{inputs}:{described}"


def offer_for_reader(*, pk: int, profile: Profile | None = None) -> JobOffer | None:
    """An offer a signed-in person may open: open ones, and closed ones (shown as closed), with
    its `score` for this profile (0 without one). One query."""
    return (
        JobOffer.objects.select_related("region", "source")
        .annotate(score=match_score_expression(profile))
        .filter(pk=pk)
        .first()
    )


def saved_offer_ids(*, user: User, offer_ids: list[int]) -> set[int]:
    if not user.is_authenticated or not offer_ids:
        return set()
    return set(SavedOffer.objects.filter(user=user, offer_id__in=offer_ids).values_list("offer_id", flat=True))


def saved_offers_of(*, user: User) -> QuerySet[SavedOffer]:
    return (
        SavedOffer.objects.filter(user=user)
        .select_related("offer", "offer__region")
        .defer("offer__description", "offer__search_vector")
        .order_by("-created_at")
    )


def _new_matching_branches(profile: Profile, since: datetime.datetime) -> list[QuerySet[JobOffer]]:
    """The open offers imported since `since` that fit the profile, as one or two indexed branches.

    The profile's occupation family (first NOC/CNP digit) and its region; for a person still
    abroad, also the offers of the family open to applicants abroad, wherever they are (a second
    branch rather than an OR, which no index serves). No branch when the profile states neither.
    """
    if not profile.region_id and not profile.occupation_id:
        return []
    recent = open_offers().filter(created_at__gte=since)
    if profile.occupation_id:
        recent = recent.filter(occupation_category=profile.occupation.code[:1])
    if not profile.region_id:
        return [recent]
    branches = [recent.filter(region_id=profile.region_id)]
    if profile.is_abroad:
        branches.append(recent.filter(open_to_abroad=True))
    return branches


def _newest_ids(queryset: QuerySet[JobOffer]) -> QuerySet:
    # Read from joboffer_new_region / joboffer_new_family alone (index-only), newest first.
    return queryset.order_by("-created_at", "-id").values_list("id", flat=True)[:NEW_OFFERS_CANDIDATES]


def new_matching_candidates(profile: Profile, since: datetime.datetime) -> Q | None:
    """The condition that picks the offers new_offers_matching_profile scores (None: no branch)."""
    branches = [_newest_ids(branch) for branch in _new_matching_branches(profile, since)]
    if not branches:
        return None
    if len(branches) == 1:
        return Q(pk__in=branches[0])
    if connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: a UNION of the two bounded index scans.
        return Q(pk__in=branches[0].union(*branches[1:]))
    # SQLite (make run) cannot limit the parts of a UNION: the same set, as an OR.
    candidates = Q()
    for branch in branches:
        candidates |= Q(pk__in=branch)
    return candidates


def new_matching_offers(*, user: User, since: datetime.datetime, limit: int = 5) -> list[JobOffer]:
    """Open offers imported since `since` that match the person's profile, best first (2 queries:
    the profile, then the offers)."""
    return new_offers_matching_profile(profile=profile_of(user), since=since, limit=limit)


def new_offers_matching_profile(*, profile: Profile | None, since: datetime.datetime, limit: int = 5) -> list[JobOffer]:
    """Open offers imported since `since` that match this profile, best first (1 query).

    For the dashboard and the weekly plan email. Only the NEW_OFFERS_CANDIDATES newest matching
    offers of each branch (region; open to applicants abroad) are scored: the cost stays the
    same whatever the number of offers an import brings, and these are the offers that are new.
    """
    if profile is None:
        return []
    candidates = new_matching_candidates(profile, since)
    if candidates is None:
        return []
    return list(
        JobOffer.objects.filter(candidates)
        .select_related("region")
        .defer("description", "search_vector")
        .annotate(score=match_score_expression(profile))
        .order_by("-score", "-date_posted", "-id")[:limit]
    )


EXPORT_LABELS = {
    "offer_number": gettext_lazy("numéro de l'offre"),
    "title": gettext_lazy("titre"),
    "employer": gettext_lazy("employeur"),
    "saved_at": gettext_lazy("sauvegardée le"),
}


def job_feed_personal_data_export(*, user: User) -> list[dict]:
    return [
        {
            "offer_number": saved.offer.external_id,
            "title": saved.offer.title,
            "employer": saved.offer.employer,
            "saved_at": moment(saved.created_at),
        }
        for saved in SavedOffer.objects.filter(user=user).select_related("offer").order_by("created_at")
    ]
