"""coaching's answers to other apps' domain events (connected in CoachingConfig.ready)."""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coaching.selectors import coach_participants


def on_account_deactivated(sender, *, user, request, **kwargs) -> None:
    """A coach deactivated in the user admin still has participants: the admin is told who, with
    links, so nobody stays without a coach unnoticed (the assignments are not ended for them:
    choosing the next coach is the admin's call)."""
    if not user.is_coach:
        return
    participants = list(coach_participants(coach=user).order_by("email"))
    if not participants:
        return
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((reverse("admin:accounts_user_change", args=[p.pk]), p.email) for p in participants),
    )
    assignments = reverse("admin:coaching_assignment_changelist") + "?" + urlencode({"q": user.email})
    messages.warning(
        request,
        format_html(
            '{} {}. <a href="{}">{}</a>',
            ngettext(
                "%(count)d participant est encore assigné à ce compte désactivé, à réassigner :",
                "%(count)d participants sont encore assignés à ce compte désactivé, à réassigner :",
                len(participants),
            )
            % {"count": len(participants)},
            links,
            assignments,
            _("Voir ses assignations"),
        ),
    )
