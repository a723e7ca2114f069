"""Reads of content shared by views, the dashboard block and the action plan.

Searching lives in content/search.py, transcripts in content/transcripts.py, who sees which items
in content/visibility.py.

"For you" score of a capsule or an article for a participant (higher first), in SQL:
- region: +30 when the item names the participant's region, -30 when it names only others
  (an item naming no region is for everyone: 0);
- occupation: +20 when one of its NOC/CNP codes is the participant's code or a prefix of it,
  -10 when it names only other occupations;
- moment: +15 when it matches being abroad or in Québec, -5 when it is for the other moment;
- French: +10 for "easy French" items when the participant's French level is 6 or below;
- language: +5 when it is in the language of the page.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext_lazy

from accounts.models import Occupation, Profile, User
from accounts.privacy import moment
from content.models import (
    Capsule,
    CapsuleProgress,
    CaptionTrack,
    Checkpoint,
    CheckpointAnswer,
    Choice,
    ContentItem,
    Language,
    Organisation,
    OrganisationService,
    ProfessionalOrder,
    VideoSource,
)
from content.search import text_filter
from content.visibility import KIND_MODELS, KINDS, visible
from integration_portal.i18n import english_active

LIBRARY_KINDS = ("capsule", "article")
DASHBOARD_LIMIT = 3
DASHBOARD_CANDIDATES = 300


# --- Links for the action plan -------------------------------------------------------------------


def linkable_items(*, kind: str | None = None) -> list[tuple[str, int, str, str]]:
    """(kind, id, title, url) of every item a plan step may link to: published ones only.

    One query per kind.
    """
    items: list[tuple[str, int, str, str]] = []
    for item_kind in [kind] if kind else list(KINDS):
        model = KIND_MODELS.get(item_kind)
        if model is None:
            continue
        for item in visible(model).order_by("pk"):
            items.append((item_kind, item.pk, str(item.title), item.get_absolute_url()))
    return items


def content_item_url(kind: str, pk: int) -> str | None:
    """The stable address of one published item, or None when it does not exist (any more). One query."""
    model = KIND_MODELS.get(kind)
    if model is None:
        return None
    only = ["pk", "slug"]
    item = visible(model).only(*only).filter(pk=pk).first()
    return item.get_absolute_url() if item else None


# --- Professional orders -------------------------------------------------------------------------


def occupation_prefixes(code: str) -> list[str]:
    return [code[:length] for length in range(1, len(code) + 1)]


def professional_order_for_occupation(occupation: Occupation | None) -> ProfessionalOrder | None:
    """The order governing this occupation: linked to its code or to a group containing it
    (the most precise link wins). None when admins have linked no order to it. One query."""
    if occupation is None or not getattr(occupation, "code", ""):
        return None
    prefixes = occupation_prefixes(occupation.code)
    links = (
        ProfessionalOrder.occupations.through.objects.filter(occupation__code__in=prefixes)
        .select_related("professionalorder", "occupation")
        .order_by("-occupation__level", "professionalorder__name_fr")
    )
    link = links.first()
    return link.professionalorder if link else None


def occupation_regulated(occupation: Occupation) -> bool | None:
    """For onboarding (accounts.services.occupation_regulation_known): True when an order is linked
    to this occupation or a group containing it. The links are filled in by admins and incomplete,
    so no link means unknown (None), never "not regulated"."""
    return True if professional_order_for_occupation(occupation) is not None else None


def orders_list(*, text: str = "", regime: str = "") -> QuerySet[ProfessionalOrder]:
    orders = ProfessionalOrder.objects.all()
    if regime:
        orders = orders.filter(regime=regime)
    if text:
        orders = text_filter(orders, "profession", text)
    return orders.prefetch_related(Prefetch("occupations", queryset=Occupation.objects.order_by("code")))


# --- Capsules ------------------------------------------------------------------------------------


def capsule_for_reader(*, user, pk: int) -> Capsule | None:
    return (
        visible(Capsule, user)
        .filter(pk=pk)
        .prefetch_related(
            "themes",
            Prefetch("sources", queryset=VideoSource.objects.order_by("id")),
            Prefetch("captions", queryset=CaptionTrack.objects.order_by("language")),
            "chapters",
            Prefetch(
                "checkpoints",
                queryset=Checkpoint.objects.prefetch_related(Prefetch("choices", queryset=Choice.objects.all())),
            ),
        )
        .first()
    )


def ordered_sources(capsule: Capsule, *, slow: bool = False) -> list[VideoSource]:
    """Video sources, best quality first, or lowest first for a slow connection; audio apart."""
    videos = [source for source in capsule.sources.all() if not source.is_audio]
    videos.sort(key=lambda source: VideoSource.QUALITY_ORDER[source.quality], reverse=not slow)
    return videos


def audio_source(capsule: Capsule) -> VideoSource | None:
    return next((source for source in capsule.sources.all() if source.is_audio), None)


def caption_for(capsule: Capsule, language: str) -> CaptionTrack | None:
    return next((track for track in capsule.captions.all() if track.language == language), None)


def progress_of(*, user, capsule: Capsule) -> CapsuleProgress | None:
    if not user.is_authenticated:
        return None
    return CapsuleProgress.objects.filter(user=user, capsule=capsule).first()


def answers_of(*, user, capsule: Capsule) -> dict[int, CheckpointAnswer]:
    if not user.is_authenticated:
        return {}
    answers = CheckpointAnswer.objects.filter(user=user, checkpoint__capsule=capsule).prefetch_related("choices")
    return {answer.checkpoint_id: answer for answer in answers}


# --- Library and "for you" -----------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryFilters:
    theme: str = ""
    kind: str = ""
    region_code: str = ""
    occupation_code: str = ""
    language: str = ""


def _through(model, field: str):
    return getattr(model, field).through


def _exists_link(model, field: str, **conditions):
    through = _through(model, field)
    return Exists(through.objects.filter(**{f"{model._meta.model_name}_id": OuterRef("pk")}, **conditions))


def for_you_score(model, profile: Profile | None):
    parts = []
    language = "en" if english_active() else "fr-ca"
    parts.append(Case(When(language=language, then=Value(5)), default=Value(0)))
    if profile is not None:
        if profile.region_id:
            parts.append(
                Case(
                    When(_exists_link(model, "regions", region_id=profile.region_id), then=Value(30)),
                    When(_exists_link(model, "regions"), then=Value(-30)),
                    default=Value(0),
                )
            )
        if profile.occupation_id:
            prefixes = occupation_prefixes(profile.occupation.code)
            parts.append(
                Case(
                    When(_exists_link(model, "occupations", occupation__code__in=prefixes), then=Value(20)),
                    When(_exists_link(model, "occupations"), then=Value(-10)),
                    default=Value(0),
                )
            )
        mine, other = (
            (ContentItem.Moment.BEFORE_ARRIVAL, ContentItem.Moment.AFTER_ARRIVAL)
            if profile.is_abroad
            else (ContentItem.Moment.AFTER_ARRIVAL, ContentItem.Moment.BEFORE_ARRIVAL)
        )
        parts.append(Case(When(moment=mine, then=Value(15)), When(moment=other, then=Value(-5)), default=Value(0)))
        if profile.french_level and profile.french_level <= 6:
            parts.append(Case(When(easy_french=True, then=Value(10)), default=Value(0)))
    score = parts[0]
    for part in parts[1:]:
        score = score + part
    return score


def _library_filtered(model, *, user, filters: LibraryFilters) -> QuerySet:
    items = visible(model, user)
    if filters.theme:
        items = items.filter(_exists_link(model, "themes", theme__slug=filters.theme))
    if filters.region_code:
        items = items.filter(
            _exists_link(model, "regions", region__code=filters.region_code) | ~_exists_link(model, "regions")
        )
    if filters.occupation_code:
        items = items.filter(
            _exists_link(model, "occupations", occupation__code__in=occupation_prefixes(filters.occupation_code))
            | ~_exists_link(model, "occupations")
        )
    if filters.language:
        items = items.filter(language=filters.language)
    return items


def library_count(*, user, filters: LibraryFilters) -> int:
    """How many items the library lists: counted without the "for you" score (one query per kind)."""
    kinds = [filters.kind] if filters.kind in LIBRARY_KINDS else list(LIBRARY_KINDS)
    return sum(_library_filtered(KIND_MODELS[kind], user=user, filters=filters).order_by().count() for kind in kinds)


def _library_branch(model, kind: str, *, user, filters: LibraryFilters, profile: Profile | None) -> QuerySet:
    items = _library_filtered(model, user=user, filters=filters)
    # The page's language first: a French dashboard recommended an English article.
    page_language = "en" if english_active() else "fr-ca"
    return (
        items.annotate(
            kind=Value(kind, output_field=CharField()),
            score=ExpressionWrapper(for_you_score(model, profile), output_field=IntegerField()),
            in_page_language=Case(When(language=page_language, then=Value(1)), default=Value(0)),
        )
        .values("pk", "kind", "score", "published_at", "title", "in_page_language")
        .order_by()
    )


def library_entries(
    *, user, filters: LibraryFilters, profile: Profile | None, order: str = "for_you", recent_only: int | None = None
):
    """(pk, kind, score, published_at, title) rows of capsules and articles, one ordered union.

    recent_only: score only the N most recently published items of each kind (the dashboard's
    few suggestions need not score the whole library).
    """
    kinds = [filters.kind] if filters.kind in LIBRARY_KINDS else list(LIBRARY_KINDS)
    branches = []
    for kind in kinds:
        branch = _library_branch(KIND_MODELS[kind], kind, user=user, filters=filters, profile=profile)
        if recent_only:
            latest = visible(KIND_MODELS[kind], user).order_by("-published_at").values("pk")[:recent_only]
            branch = branch.filter(pk__in=latest)
        branches.append(branch)
    entries = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    if order == "for_you":
        return entries.order_by("-in_page_language", "-score", "-published_at", "title")
    return entries.order_by("-published_at", "title")


# What no card shows: the long texts and the search vectors (kilobytes per row, and every
# library page and dashboard read twenty of them; issue 16).
CARD_DEFERRED = {
    "capsule": ["search_vector", "transcript"],
    "article": ["search_vector", "body_markdown", "body_html"],
    "organisation": ["search_vector"],
    "profession": ["search_vector"],
}


def hydrate(entries, *, with_themes: bool = True) -> list:
    """The objects behind (pk, kind) rows, in the same order, with what cards show. One query per
    kind (and one for the themes of capsules and articles, unless with_themes is False: the
    dashboard's short list shows none)."""
    wanted: dict[str, list[int]] = {}
    for entry in entries:
        wanted.setdefault(entry["kind"], []).append(entry["pk"])
    loaded: dict[tuple[str, int], object] = {}
    for kind, pks in wanted.items():
        queryset = KIND_MODELS[kind].objects.filter(pk__in=pks).defer(*CARD_DEFERRED[kind])
        if kind == "organisation":
            queryset = queryset.select_related("region").prefetch_related("services")
        elif kind in LIBRARY_KINDS and with_themes:
            queryset = queryset.prefetch_related("themes")
        for item in queryset:
            item.kind = kind
            loaded[(kind, item.pk)] = item
    return [loaded[(entry["kind"], entry["pk"])] for entry in entries if (entry["kind"], entry["pk"]) in loaded]


def content_for_you(*, user, profile: Profile | None, limit: int = DASHBOARD_LIMIT) -> list:
    """The first items of the library in "for you" order. Three queries (union, capsules, articles)."""
    entries = list(
        library_entries(user=user, filters=LibraryFilters(), profile=profile, recent_only=DASHBOARD_CANDIDATES)[:limit]
    )
    return hydrate(entries)


# --- Organisations -------------------------------------------------------------------------------


def organisation_list(*, region_code: str = "", service: str = "", text: str = "", user=None) -> QuerySet:
    organisations = visible(Organisation, user).select_related("region")
    if region_code:
        organisations = organisations.filter(region__code=region_code)
    if service:
        organisations = organisations.filter(
            Exists(OrganisationService.objects.filter(organisation_id=OuterRef("pk"), service=service))
        )
    if text:
        organisations = text_filter(organisations, "organisation", text)
    # The list shows neither the description nor the search index's words: left in the database.
    return organisations.prefetch_related("services").defer("description", "search_vector").order_by("name")


# The dashboard's block (content for you, the professional order) is content.recommendations':
# the same reads, their results cached until what they depend on changes.


# --- Personal data (Law 25) ----------------------------------------------------------------------


EXPORT_LABELS = {
    "capsule_progress": gettext_lazy("capsules regardées"),
    "checkpoint_answers": gettext_lazy("réponses aux questions des capsules"),
    "capsule": gettext_lazy("capsule"),
    "position_seconds": gettext_lazy("position atteinte (secondes)"),
    "watched_at": gettext_lazy("regardée le"),
    "question": gettext_lazy("question"),
    "answer": gettext_lazy("réponse"),
    "answered_at": gettext_lazy("répondu le"),
}


def content_personal_data_export(*, user: User) -> dict:
    progress = CapsuleProgress.objects.filter(user=user).select_related("capsule").order_by("capsule__title")
    answers = (
        CheckpointAnswer.objects.filter(user=user)
        .select_related("checkpoint__capsule")
        .prefetch_related("choices")
        .order_by("answered_at")
    )
    return {
        "capsule_progress": [
            {
                "capsule": row.capsule.title,
                "position_seconds": round(row.position_seconds),
                "watched_at": moment(row.watched_at),
            }
            for row in progress
        ],
        "checkpoint_answers": [
            {
                "capsule": answer.checkpoint.capsule.title,
                "question": answer.checkpoint.question,
                "answer": [choice.text for choice in answer.choices.all()],
                "answered_at": moment(answer.answered_at),
            }
            for answer in answers
        ],
    }


LANGUAGE_CHOICES = Language.choices
