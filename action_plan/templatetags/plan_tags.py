"""{% plan_weeks timeline %}: the timeline's weeks and tasks, rendered once per content.

Twenty-odd weeks of tasks, each with its link, dates and translated sentences, were most of the
timeline's time (issue 16), and a participant opens the same plan many times between two
changes. The HTML is cached under a digest of everything it shows (each week's dates and
progress, each task's title, dates, effort, timing, status and lateness), the day, the language
and the time zone: a task that changes makes a new key, so a stale list is never served.
"""

import hashlib

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from integration_portal.versioned_cache import cached

register = template.Library()

TIMEOUT = 3600


@register.simple_tag
def plan_weeks(timeline):
    shown = [
        (
            week.number, week.opens_on, week.ends_on, week.is_current, week.done, week.percent,
            [
                (task.pk, task.title, task.opens_on, task.due_on, task.effort_minutes, task.timing, task.status,
                 task.is_overdue)
                for task in week.tasks
            ],
        )
        for week in timeline.weeks
    ]  # fmt: skip
    made_of = repr((shown, timeline.today, get_language(), timezone.get_current_timezone_name()))
    html = cached(
        "plan-weeks:" + hashlib.sha256(made_of.encode()).hexdigest(),
        lambda: render_to_string("action_plan/_weeks.html", {"timeline": timeline}),
        timeout=TIMEOUT,
    )
    return mark_safe(html)  # the template's own escaped output, cached as is
