import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import profile_of

# `search` is also this module's view: the search module goes by content_search.
from content import permissions, recommendations, selectors, services, transcripts
from content import search as content_search
from content.forms import LibraryFilterForm, OrganisationFilterForm, ProfessionFilterForm, SearchForm
from content.models import CaptionTrack, Language
from content.visibility import can_see_drafts
from integration_portal.i18n import english_active

PAGE_SIZE = 12
SEARCH_PAGE_SIZE = 20


def _page_language() -> str:
    return Language.ENGLISH if english_active() else Language.FRENCH


# --- Library and search --------------------------------------------------------------------------


class CappedPaginator(Paginator):
    """Counts with search_count (capped per kind) instead of counting every ranked match."""

    def __init__(self, *args, counter, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._counter = counter

    @cached_property
    def count(self) -> int:
        return self._counter()


def _library(request: HttpRequest, *, kind: str = "") -> HttpResponse:
    profile = profile_of(request.user)
    data = request.GET.copy()
    if kind:
        data["kind"] = kind
    form = LibraryFilterForm(data or None)
    order = form.sort_order(default="for_you" if profile is not None else "recent")
    filters = form.filters()
    ranking = None
    if order == "for_you":
        ranking = recommendations.library_ranking(user=request.user, filters=filters, profile=profile)
    if ranking is not None:
        # The first view of the library: its order computed once per situation (see recommendations).
        entries, counter = ranking, ranking.__len__
    else:
        entries = selectors.library_entries(user=request.user, filters=filters, profile=profile, order=order)
        counter = lambda: selectors.library_count(user=request.user, filters=filters)  # noqa: E731
    page = CappedPaginator(entries, PAGE_SIZE, counter=counter).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "items": recommendations.cards(page.object_list),
        "order": order,
        "profile": profile,
        "kind": kind,
    }
    template = "content/library.html#results" if request.htmx else "content/library.html"
    return render(request, template, context)


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    return _library(request)


@require_GET
def capsule_list(request: HttpRequest) -> HttpResponse:
    return _library(request, kind="capsule")


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    return _library(request, kind="article")


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""

    def results_html() -> str:
        kind = form.cleaned_data["kind"]
        kinds = [kind] if kind else None
        entries = content_search.search_entries(text=text, user=request.user, kinds=kinds)
        counter = lambda: content_search.search_count(text=text, user=request.user, kinds=kinds)  # noqa: E731
        page = CappedPaginator(entries, SEARCH_PAGE_SIZE, counter=counter).get_page(request.GET.get("page"))
        context = {
            "text": text,
            "page": page,
            "results": content_search.search_results(page.object_list, text=text),
            "capped": page.paginator.count >= content_search.SEARCH_COUNT_CAP,
        }
        return render_to_string("content/search.html#results", context, request)

    # The template's own escaped output, cached as is.
    results = mark_safe(content_search.results_fragment(request, results_html)) if text else ""
    if request.htmx:
        return HttpResponse(results)
    return render(request, "content/search.html", {"form": form, "text": text, "results": results})


# --- Capsules ------------------------------------------------------------------------------------


def _checkpoint_data(capsule, answers) -> list[dict]:
    return [
        {
            "id": checkpoint.pk,
            "at": checkpoint.at_seconds,
            "question": checkpoint.question,
            "multiple": checkpoint.kind == checkpoint.Kind.MULTIPLE,
            "choices": [{"id": choice.pk, "text": choice.text} for choice in checkpoint.choices.all()],
            "answered": checkpoint.pk in answers,
            "url": reverse("content:checkpoint_answer", kwargs={"pk": capsule.pk, "checkpoint_pk": checkpoint.pk}),
        }
        for checkpoint in capsule.checkpoints.all()
    ]


def _start_time(request: HttpRequest, capsule, progress) -> int:
    try:
        requested = int(request.GET.get("t", ""))
    except ValueError:
        requested = None
    if requested is not None and 0 <= requested < capsule.duration_seconds:
        return requested
    if progress is not None and progress.position_seconds < capsule.duration_seconds - 3:
        return int(progress.position_seconds)
    return 0


@require_GET
def capsule_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    capsule = permissions.get_capsule_for_reader(request.user, pk)
    if capsule.slug != slug:
        return redirect(capsule, permanent=True)
    slow = request.GET.get("qualite") == "basse"
    progress = selectors.progress_of(user=request.user, capsule=capsule)
    answers = selectors.answers_of(user=request.user, capsule=capsule)
    tracking = request.user.is_authenticated and request.user.is_participant and capsule.is_published
    context = {
        "capsule": capsule,
        "sources": selectors.ordered_sources(capsule, slow=slow),
        "audio": selectors.audio_source(capsule),
        "captions": list(capsule.captions.all()),
        # Captions on by default: in the page's language, else the first there is.
        "default_caption_language": (
            selectors.caption_for(capsule, _page_language()) or next(iter(capsule.captions.all()), None)
        ).language
        if capsule.captions.all()
        else "",
        "chapters": list(capsule.chapters.all()),
        "segments": transcripts.transcript_segments(capsule.transcript),
        "checkpoints": list(capsule.checkpoints.all()),
        "answers": answers,
        "progress": progress,
        "slow": slow,
        "player_data": {
            "start": _start_time(request, capsule, progress),
            "duration": capsule.duration_seconds,
            "tracking": tracking,
            "progressUrl": reverse("content:capsule_progress", kwargs={"pk": capsule.pk}) if tracking else "",
            "checkpoints": _checkpoint_data(capsule, answers),
        },
    }
    return render(request, "content/capsule_detail.html", context)


def _read_context(request: HttpRequest, capsule, *, errors=None, selected=None) -> dict:
    answers = selectors.answers_of(user=request.user, capsule=capsule)
    segments = transcripts.transcript_segments(capsule.transcript)
    checkpoints = list(capsule.checkpoints.all())
    query = " ".join(request.GET.get("q", "").split())[:200]
    stems = transcripts.query_stems(query) if query else []
    # Each checkpoint goes after the last timed paragraph that starts before it.
    blocks, pending = [], list(checkpoints)
    for segment in segments:
        while pending and segment.start is not None and pending[0].at_seconds < segment.start:
            blocks.append(("checkpoint", pending.pop(0)))
        blocks.append(("segment", segment, bool(stems) and transcripts.segment_matches(segment.text, stems)))
    blocks += [("checkpoint", checkpoint) for checkpoint in pending]
    matches = [block[1] for block in blocks if block[0] == "segment" and block[2]]
    return {
        "capsule": capsule,
        "blocks": blocks,
        "answers": answers,
        "query": query,
        "matches": matches,
        "errors": errors or {},
        "selected": selected or {},
        "can_answer": request.user.is_authenticated and request.user.is_participant and capsule.is_published,
    }


@require_GET
def capsule_read(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """The "read first" mode: the transcript, questions inline, each paragraph a link to its moment."""
    capsule = permissions.get_capsule_for_reader(request.user, pk)
    if capsule.slug != slug:
        return redirect(capsule.get_read_url(), permanent=True)
    return render(request, "content/capsule_read.html", _read_context(request, capsule))


@require_GET
def capsule_captions(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    capsule = permissions.get_capsule_for_reader(request.user, pk)
    track = get_object_or_404(CaptionTrack, capsule=capsule, language=language)
    response = HttpResponse(track.vtt, content_type="text/vtt; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300" if capsule.is_published else "private, no-store"
    return response


def _position(value: str) -> float | None:
    try:
        position = float(value)
    except (TypeError, ValueError):
        return None
    return position if math.isfinite(position) else None


@require_POST
@login_required
def capsule_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the signed-in participant is in the capsule (sent every few seconds and on leaving,
    by navigator.sendBeacon). Always their own progress: no person is named in the request."""
    capsule = permissions.get_capsule_for_progress(request.user, pk)
    position = _position(request.POST.get("position"))
    if position is None:
        return HttpResponseBadRequest("position")
    try:
        progress = services.progress_record(user=request.user, capsule=capsule, position=position)
    except services.AbsurdPosition:
        return HttpResponseBadRequest("position")
    return JsonResponse({"position": progress.position_seconds, "watched": progress.watched_at is not None})


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _choice_ids(request: HttpRequest) -> list[int]:
    ids = []
    for value in request.POST.getlist("choice"):
        try:
            ids.append(int(value))
        except ValueError:
            continue
    return ids


@require_POST
@login_required
def checkpoint_answer(request: HttpRequest, pk: int, checkpoint_pk: int) -> HttpResponse:
    checkpoint = permissions.get_checkpoint_to_answer(request.user, pk, checkpoint_pk)
    choice_ids = _choice_ids(request)
    try:
        outcome = services.checkpoint_answer(user=request.user, checkpoint=checkpoint, choice_ids=choice_ids)
    except services.InvalidAnswer as error:
        if _wants_json(request):
            return JsonResponse({"error": str(error)}, status=400)
        capsule = permissions.get_capsule_for_reader(request.user, pk)
        context = _read_context(
            request, capsule, errors={checkpoint.pk: str(error)}, selected={checkpoint.pk: choice_ids}
        )
        return render(request, "content/capsule_read.html", context, status=400)
    if _wants_json(request):
        return JsonResponse(
            {
                "correct": outcome.answer.is_correct,
                "watched": outcome.watched,
                "feedback": [
                    {"choice": text, "feedback": feedback, "correct": correct}
                    for text, feedback, correct in outcome.feedback
                ],
            }
        )
    if outcome.watched:
        messages.success(request, _("Vous avez répondu à toutes les questions : capsule terminée."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = checkpoint.capsule.get_read_url()
    return redirect(f"{next_url.split('#')[0]}#question-{checkpoint.pk}")


# --- Articles, organisations, professions --------------------------------------------------------


@require_GET
def article_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    article = permissions.get_article_for_reader(request.user, pk)
    if article.slug != slug:
        return redirect(article, permanent=True)
    translation = article.translation
    if translation is not None and not (translation.is_published or can_see_drafts(request.user)):
        translation = None
    return render(request, "content/article_detail.html", {"article": article, "translation": translation})


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    organisations = selectors.organisation_list(user=request.user, **form.values())
    page = Paginator(organisations, 20).get_page(request.GET.get("page"))
    template = "content/organisation_list.html#results" if request.htmx else "content/organisation_list.html"
    return render(request, template, {"form": form, "page": page})


@require_GET
def organisation_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    organisation = permissions.get_organisation_for_reader(request.user, pk)
    if organisation.slug != slug:
        return redirect(organisation, permanent=True)
    return render(request, "content/organisation_detail.html", {"organisation": organisation})


@require_GET
def profession_list(request: HttpRequest) -> HttpResponse:
    form = ProfessionFilterForm(request.GET or None)
    orders = selectors.orders_list(**form.values())
    profile = profile_of(request.user)
    mine = (
        selectors.professional_order_for_occupation(profile.occupation) if profile and profile.occupation_id else None
    )
    return render(request, "content/profession_list.html", {"form": form, "orders": orders, "my_order": mine})


@require_GET
def profession_detail(request: HttpRequest, slug: str) -> HttpResponse:
    order = permissions.get_order_for_reader(request.user, slug)
    from content.markdown import render_markdown

    path_html = render_markdown(order.foreign_trained_path) if order.foreign_trained_path.strip() else ""
    return render(request, "content/profession_detail.html", {"order": order, "path_html": path_html})
