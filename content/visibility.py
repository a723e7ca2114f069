"""Which content items a person may see: published items for everyone, drafts for the ministry's staff.

Used by the selectors, the search and the permission helpers alike.
"""

from django.db.models import QuerySet

from content.models import Article, Capsule, Organisation, ProfessionalOrder

KINDS = ("capsule", "article", "organisation", "profession")
KIND_MODELS = {"capsule": Capsule, "article": Article, "organisation": Organisation, "profession": ProfessionalOrder}


def can_see_drafts(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_staff or user.is_superuser or user.is_ministry_admin))


def visible(model, user=None) -> QuerySet:
    """Published items; staff also see drafts (to preview them)."""
    if model is Organisation:
        return Organisation.objects.all() if can_see_drafts(user) else Organisation.objects.filter(is_active=True)
    if model is ProfessionalOrder:
        return ProfessionalOrder.objects.all()
    return model.objects.all() if can_see_drafts(user) else model.objects.published()
