"""{% plan_weeks timeline %}: the timeline's weeks and tasks, rendered once per content.

Twenty-odd weeks of tasks, each with its link, dates and translated sentences, were most of the
timeline's time (issue 16), and a participant opens the same plan many times between two
changes. The HTML is cached under a digest of everything it shows (each week's dates and
progress, each task's title, dates, effort, timing, status and lateness), the day, the language
and the time zone: a task that changes makes a new key, so a stale list is never served.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from integration_portal.versioned_cache import cached_fragment

register = template.Library()


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
    html = cached_fragment(
        "plan-weeks",
        (shown, timeline.today),
        lambda: render_to_string("action_plan/_weeks.html", {"timeline": timeline}),
    )
    return mark_safe(html)  # the template's own escaped output, cached as is
