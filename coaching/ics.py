"""The .ics of an interview (RFC 5545, built with the icalendar package).

One UID per interview for its whole life and a SEQUENCE bumped on each change: calendars then
update (or, with METHOD:CANCEL, remove) the event they already hold instead of adding another.
Times are written in UTC: each calendar shows them in its owner's zone.
"""

from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from coaching.models import Interview

REQUEST, CANCEL = "REQUEST", "CANCEL"


def interview_uid(interview: Interview) -> str:
    return f"interview-{interview.pk}@{urlparse(settings.SITE_URL).hostname or 'localhost'}"


def interview_ics(*, interview: Interview, method: str, description: str = "", url: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Service d'integration en ligne//SIEL//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", interview_uid(interview))
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", interview.starts_at)
    event.add("dtend", interview.ends_at)
    event.add("summary", _("Entrevue d'accompagnement – Service d'intégration en ligne"))
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{interview.coach.email}")
    organizer.params["cn"] = vText(str(interview.coach.public_name))
    event["organizer"] = organizer
    attendee = vCalAddress(f"mailto:{interview.participant.email}")
    attendee.params["cn"] = vText(str(interview.participant.public_name))
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
