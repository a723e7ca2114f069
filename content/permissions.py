"""Fetch-and-check helpers of content: drafts are for staff only (404 for everyone else)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import require_participant
from content import selectors
from content.models import Article, Capsule, Checkpoint, Organisation, ProfessionalOrder
from content.visibility import visible


def get_capsule_for_reader(user, pk: int) -> Capsule:
    capsule = selectors.capsule_for_reader(user=user, pk=pk)
    if capsule is None:
        raise Http404
    return capsule


def get_capsule_for_progress(user, pk: int) -> Capsule:
    """Progress and answers are kept for participants, on published capsules only, always their own."""
    require_participant(user)
    return get_object_or_404(Capsule.objects.published().only("pk", "duration_seconds", "title", "slug"), pk=pk)


def get_checkpoint_to_answer(user, capsule_pk: int, pk: int) -> Checkpoint:
    capsule = get_capsule_for_progress(user, capsule_pk)
    checkpoint = get_object_or_404(
        Checkpoint.objects.select_related("capsule").prefetch_related("choices"), pk=pk, capsule=capsule
    )
    return checkpoint


def get_article_for_reader(user, pk: int) -> Article:
    return get_object_or_404(
        visible(Article, user).select_related("translation").prefetch_related("themes", "regions"), pk=pk
    )


def get_organisation_for_reader(user, pk: int) -> Organisation:
    return get_object_or_404(visible(Organisation, user).select_related("region").prefetch_related("services"), pk=pk)


def get_order_for_reader(user, slug: str) -> ProfessionalOrder:
    return get_object_or_404(ProfessionalOrder.objects.prefetch_related("occupations"), slug=slug)
