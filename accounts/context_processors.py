from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request) -> dict:
    """The main navigation, which follows the person's role. No database query."""
    user = getattr(request, "user", None)
    items: list[tuple[str, str]] = []
    library = (reverse("content:library"), _("Bibliothèque"))
    if user is None or not user.is_authenticated:
        return {"nav_items": [library]}
    if user.is_participant:
        items.append((reverse("accounts:dashboard"), _("Mon tableau de bord")))
        items.append((reverse("action_plan:timeline"), _("Mon plan d'action")))
        items.append(library)
        items.append((reverse("job_feed:offer_list"), _("Offres d'emploi")))
        items.append((reverse("accounts:profile"), _("Mon profil")))
    if user.is_coach:
        items.append((reverse("coaching:dashboard"), _("Mes participants")))
        items.append((reverse("action_plan:review_list"), _("Livrables à réviser")))
    if user.is_ministry_admin or user.is_superuser:
        items.append((reverse("admin:index"), _("Administration")))
    items.append((reverse("account_email"), _("Mon compte")))
    return {"nav_items": items}
