import hashlib
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.views.decorators.http import condition, require_GET, require_POST

from accounts.permissions import require_participant
from accounts.selectors import profile_of
from job_feed import selectors, services
from job_feed.forms import OfferFilterForm
from job_feed.permissions import get_offer_for_reader, get_offer_to_save

PAGE_SIZE = 20
SAMPLE_FEED = Path(__file__).resolve().parent / "sample" / "placement_en_ligne.xml"


@require_GET
@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    form = OfferFilterForm(request.GET or None)
    order = form.sort_order(default="for_you" if profile is not None else "recent")
    page = selectors.offer_page(
        filters=form.filters(), profile=profile, order=order, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    context = {
        "form": form,
        "page": page,
        "profile": profile,
        "order": order,
        "saved_ids": selectors.saved_offer_ids(user=request.user, offer_ids=[offer.pk for offer in page]),
    }
    template = "job_feed/offer_list.html#results" if request.htmx else "job_feed/offer_list.html"
    return render(request, template, context)


@require_GET
@login_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = profile_of(request.user)
    offer = get_offer_for_reader(request.user, pk, profile=profile)
    context = {
        "offer": offer,
        "score": offer.score,
        "profile": profile,
        "is_saved": bool(selectors.saved_offer_ids(user=request.user, offer_ids=[offer.pk])),
    }
    return render(request, "job_feed/offer_detail.html", context)


def _back(request: HttpRequest, offer) -> HttpResponse:
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect(offer)


@require_POST
@login_required
def offer_save(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer_to_save(request.user, pk)
    services.saved_offer_add(user=request.user, offer=offer)
    if request.htmx:
        return render(request, "job_feed/offer_list.html#save_button", {"offer": offer, "is_saved": True})
    return _back(request, offer)


@require_POST
@login_required
def offer_unsave(request: HttpRequest, pk: int) -> HttpResponse:
    require_participant(request.user)
    offer = get_offer_for_reader(request.user, pk)
    services.saved_offer_remove(user=request.user, offer=offer)
    if request.htmx:
        return render(request, "job_feed/offer_list.html#save_button", {"offer": offer, "is_saved": False})
    return _back(request, offer)


@require_GET
@login_required
def saved_offer_list(request: HttpRequest) -> HttpResponse:
    require_participant(request.user)
    page = Paginator(selectors.saved_offers_of(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "job_feed/saved_offer_list.html", {"page": page})


def _sample_etag(request: HttpRequest) -> str:
    stat = SAMPLE_FEED.stat()
    return hashlib.blake2b(f"{stat.st_mtime_ns}-{stat.st_size}".encode(), digest_size=8).hexdigest()


def _sample_last_modified(request: HttpRequest):
    import datetime

    return datetime.datetime.fromtimestamp(SAMPLE_FEED.stat().st_mtime, tz=datetime.UTC)


@require_GET
@condition(etag_func=_sample_etag, last_modified_func=_sample_last_modified)
def sample_feed(request: HttpRequest) -> HttpResponse:
    """The bundled sample feed, served over HTTP so that `make run` imports through the real path.

    Public: fictitious offers. ETag and Last-Modified let the importer's conditional request get a 304.
    """
    response = FileResponse(SAMPLE_FEED.open("rb"), content_type="application/xml; charset=utf-8")
    response["Last-Modified"] = http_date(SAMPLE_FEED.stat().st_mtime)
    return response
