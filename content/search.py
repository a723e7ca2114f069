"""Searching content: one ranked list over capsules, articles, organisations and professional orders.

PostgreSQL: the stored search vectors (GIN indexes, French configuration without accents) against
websearch_to_tsquery, ranked by ts_rank, with highlighted snippets (ts_headline). SQLite (make run):
icontains on the same columns. A capsule whose transcript matches points to the moment it is said.

A results page is the same for everyone who asks the same thing in the same language (nothing in
it is personal), so its HTML is cached until the content changes (results_fragment): ranking
thousands of matches and writing their snippets cost 7× the home page at every search (issue 16).
"""

import hashlib

from django.db import connection
from django.db.models import CharField, ExpressionWrapper, F, FloatField, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts import choices as accounts_choices
from content import recommendations
from content.transcripts import transcript_moment
from content.visibility import KIND_MODELS, KINDS, can_see_drafts, visible
from integration_portal.db import Fold, is_postgresql
from integration_portal.text import fold
from integration_portal.versioned_cache import cached, store, versions

SEARCH_CONFIG = "french_unaccent"
HEADLINE_START, HEADLINE_STOP = "\x02", "\x03"

SEARCH_FIELDS = {
    "capsule": ("title", ["title", "summary", "transcript"], "summary"),
    "article": ("title", ["title", "summary", "body_markdown"], "summary"),
    "organisation": ("name", ["name", "municipality", "description", "languages"], "description"),
    "profession": ("name_fr", ["name_fr", "regulated_titles", "name_variants"], "regulated_titles"),
}
HEADLINE_SOURCES = {
    "capsule": ["summary", "transcript"],
    "article": ["summary", "body_markdown"],
    "organisation": ["name", "municipality", "description"],
    "profession": ["name_fr", "regulated_titles", "name_variants"],
}

RESULT_DEFERRED = {
    "capsule": ["search_vector"],
    "article": ["search_vector", "body_markdown", "body_html"],
    "organisation": ["search_vector"],
    "profession": ["search_vector"],
}


def _search_query(text: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


def text_filter(queryset: QuerySet, kind: str, text: str) -> QuerySet:
    if is_postgresql():
        return queryset.filter(search_vector=_search_query(text))
    # SQLite (make run): every word typed, in any of the fields, accents and case ignored
    # ("etudes quebec" finds "Études au Québec"), as PostgreSQL's french_unaccent search does.
    fields = SEARCH_FIELDS[kind][1]
    queryset = queryset.annotate(**{f"folded_{field}": Fold(field) for field in fields})
    for word in fold(text).split()[:8]:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"folded_{field}__contains": word})
        queryset = queryset.filter(condition)
    return queryset


def _search_branch(kind: str, text: str, user) -> QuerySet:
    model = KIND_MODELS[kind]
    title_field = SEARCH_FIELDS[kind][0]
    items = text_filter(visible(model, user), kind, text)
    if is_postgresql():
        from django.contrib.postgres.search import SearchRank

        rank = SearchRank(F("search_vector"), _search_query(text))
    else:
        rank = Value(0.0)
    return (
        items.annotate(
            kind=Value(kind, output_field=CharField()),
            rank=ExpressionWrapper(rank, output_field=FloatField()),
            label=F(title_field),
        )
        .values("pk", "kind", "rank", "label")
        .order_by()
    )


def search_entries(*, text: str, user, kinds: list[str] | None = None):
    """(pk, kind, rank, label) of every visible item matching `text`, best first.

    PostgreSQL: the stored search vectors (GIN indexes) against websearch_to_tsquery, ranked by
    ts_rank. SQLite: icontains on the same columns.
    """
    kinds = [kind for kind in (kinds or KINDS) if kind in KINDS] or list(KINDS)
    branches = [_search_branch(kind, text, user) for kind in kinds]
    entries = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    return entries.order_by("-rank", "label")


SEARCH_COUNT_CAP = 200


def search_count(*, text: str, user, kinds: list[str] | None = None, cap: int = SEARCH_COUNT_CAP) -> int:
    """How many items match, counted up to `cap` per kind (no ranking involved: the GIN index
    answers alone). Past the cap the page says "more than …": counting every match of a common
    word would cost more than the search itself."""
    kinds = [kind for kind in (kinds or KINDS) if kind in KINDS] or list(KINDS)
    capped = [text_filter(visible(KIND_MODELS[kind], user), kind, text).order_by().values("pk")[:cap] for kind in kinds]
    if len(capped) == 1:
        return capped[0].count()
    # One round trip rather than one per kind (issue 16): the sum of the capped counts.
    parts, params = [], []
    for number, queryset in enumerate(capped):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped_{number})")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + " + ".join(parts), params)
        return cursor.fetchone()[0]


def _mark(headline: str) -> str:
    return mark_safe(escape(headline).replace(HEADLINE_START, "<mark>").replace(HEADLINE_STOP, "</mark>"))


def search_results(entries, *, text: str) -> list:
    """The page's items with a highlighted snippet (`snippet`) and, for a capsule whose transcript
    matches, the moment to jump to (`moment`). One query per kind on the page."""
    wanted: dict[str, list[int]] = {}
    for entry in entries:
        wanted.setdefault(entry["kind"], []).append(entry["pk"])
    loaded: dict[tuple[str, int], object] = {}
    for kind, pks in wanted.items():
        # The snippet is made in SQL from the long columns: Python reads none of them but the
        # transcript (its moment), and never the search vector (kilobytes per row, issue 16).
        queryset = KIND_MODELS[kind].objects.filter(pk__in=pks).defer(*RESULT_DEFERRED[kind])
        if kind == "organisation":
            queryset = queryset.select_related("region")
        if is_postgresql():
            from django.contrib.postgres.search import SearchHeadline

            sources = HEADLINE_SOURCES[kind]
            document = Concat(
                *[part for field in sources for part in (F(field), Value(" … "))][:-1], output_field=TextField()
            )
            queryset = queryset.annotate(
                headline=SearchHeadline(
                    document,
                    _search_query(text),
                    config=SEARCH_CONFIG,
                    start_sel=HEADLINE_START,
                    stop_sel=HEADLINE_STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
        for item in queryset:
            item.kind = kind
            headline = getattr(item, "headline", None)
            if headline is None:
                headline = getattr(item, SEARCH_FIELDS[kind][2], "") or ""
                headline = headline[:240]
            item.snippet = _mark(headline)
            item.moment = transcript_moment(item.transcript, text) if kind == "capsule" else None
            loaded[(kind, item.pk)] = item
    return [loaded[(entry["kind"], entry["pk"])] for entry in entries if (entry["kind"], entry["pk"]) in loaded]


# What a results page is made of, but the query: the capsules and articles, the professional orders,
# the organisations (each bumped when saved; content.recommendations), and the regions they name.
RESULTS_VERSIONS = (
    recommendations.VERSION,
    recommendations.ORDERS_VERSION,
    recommendations.ORGANISATIONS_VERSION,
    accounts_choices.VERSION,
)
RESULTS_TIMEOUT = 3600


def results_fragment(request, render) -> str:
    """The results' HTML for this query string (words, kind, page), language and audience (staff
    see drafts): `render()` on a miss, else the copy made since the content last changed or a
    scheduled item became visible."""
    shown = repr((request.path, sorted(request.GET.lists()), get_language(), can_see_drafts(request.user)))
    key = f"content:search:{versions(*RESULTS_VERSIONS)}:{hashlib.sha256(shown.encode()).hexdigest()}"

    def fresh() -> dict:
        return {"html": render(), "until": recommendations.next_publication()}

    value = cached(key, fresh, timeout=RESULTS_TIMEOUT)
    if value["until"] is not None and value["until"] <= timezone.now():
        value = fresh()
        store(key, value, timeout=RESULTS_TIMEOUT)
    return value["html"]
