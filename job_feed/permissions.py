"""Fetch-and-check helpers of job_feed."""

from django.http import Http404

from accounts.models import User
from accounts.permissions import require_participant
from job_feed.models import JobOffer
from job_feed.selectors import offer_for_reader


def get_offer_for_reader(user: User, pk: int, *, profile=None) -> JobOffer:
    """The offer, with its match `score` for `profile` (the reader's, read by the view)."""
    offer = offer_for_reader(pk=pk, profile=profile)
    if offer is None:
        raise Http404
    return offer


def get_offer_to_save(user: User, pk: int) -> JobOffer:
    """An open offer the participant may keep; the saved row is always the asker's own.
    Saving offers is for participants: staff browse offers but keep no list of their own."""
    require_participant(user)
    offer = get_offer_for_reader(user, pk)
    if not offer.is_open:
        raise Http404
    return offer
