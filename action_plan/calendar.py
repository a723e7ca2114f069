"""The plan as an iCalendar file: one all-day event per week, one per task's due date."""

import datetime
from collections.abc import Callable

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plan.selectors import Timeline


def plan_calendar_ics(*, timeline: Timeline, host: str, absolute_url: Callable[[str], str]) -> bytes:
    """`host` makes the events' UIDs (stable across downloads, so calendars update instead of
    duplicating); `absolute_url` turns a task's path into the link shown in the event."""
    plan = timeline.plan
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Service d'integration en ligne//Plan d'action//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Mon plan d'action"))
    stamp = timezone.now()
    for week in timeline.weeks:
        event = icalendar.Event()
        event.add("uid", f"plan-{plan.pk}-week-{week.number}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", _("Plan d'action : semaine %(number)s") % {"number": week.number})
        event.add("dtstart", week.opens_on)
        event.add("dtend", week.ends_on + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
        for task in week.tasks:
            due = icalendar.Event()
            due.add("uid", f"plan-{plan.pk}-task-{task.pk}@{host}")
            due.add("dtstamp", stamp)
            due.add("summary", _("À remettre : %(title)s") % {"title": task.title})
            due.add("dtstart", task.due_on)
            due.add("dtend", task.due_on + datetime.timedelta(days=1))
            due.add("url", absolute_url(task.get_absolute_url()))
            calendar.add_component(due)
    return calendar.to_ical()
