"""The interview e-mails, built by accounts.emails' send task (never inside a request).

Each builder receives ids only, reloads the interview and returns the message in the recipient's
language and zone, both local times written out, with the .ics; or None when there is nothing to
send any more (the interview changed again since, or was cancelled before its reminder).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from coaching.ics import CANCEL, REQUEST, interview_ics
from coaching.models import Interview
from coaching.selectors import interview_for_viewer

KINDS = ("confirmation", "change", "cancellation", "reminder_day", "reminder_hour")


def _subject(kind: str) -> str:
    return {
        "confirmation": _("Entrevue confirmée"),
        "change": _("Entrevue déplacée"),
        "cancellation": _("Entrevue annulée"),
        "reminder_day": _("Rappel : votre entrevue demain"),
        "reminder_hour": _("Rappel : votre entrevue dans une heure"),
    }[kind]


def interview_email(*, interview_id: int, recipient_id: int, kind: str, sequence: int) -> EmailMultiAlternatives | None:
    interview = Interview.objects.select_related("participant", "coach").filter(pk=interview_id).first()
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    if interview is None or recipient is None or interview.sequence != sequence:
        return None  # changed again since: the newer e-mail says it
    if recipient.pk not in (interview.participant_id, interview.coach_id):
        return None
    if kind.startswith("reminder") and interview.status != Interview.Status.BOOKED:
        return None
    with translation.override(recipient.language):
        view = interview_for_viewer(interview=interview, viewer=recipient)
        page_url = settings.SITE_URL + reverse("coaching:interview_detail", kwargs={"interview_id": interview.pk})
        context = {
            **view,
            "kind": kind,
            "recipient": recipient,
            "page_url": page_url,
            "calendar_url": settings.SITE_URL
            + reverse("coaching:interview_ics", kwargs={"interview_id": interview.pk}),
        }
        subject = _subject(kind)
        body = render_to_string("coaching/email/interview.txt", context)
        html = render_to_string("coaching/email/interview.html", context)
        method = CANCEL if kind == "cancellation" else REQUEST
        ics = interview_ics(interview=interview, method=method, description=body, url=page_url)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    if not kind.startswith("reminder"):
        # As an alternative part with the method parameter, Outlook shows an invitation to accept;
        # as an attachment, other clients offer "add to calendar".
        message.attach_alternative(ics.decode(), f"text/calendar; method={method}; charset=utf-8")
        message.attach("entrevue.ics", ics, f"text/calendar; method={method}")
    return message
