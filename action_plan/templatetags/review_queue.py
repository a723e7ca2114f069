"""{% review_rows tasks %}: the review queue's rows, rendered once per content.

Fifty rows (each a date, a name, a link with its hidden label) were most of the coach's review
page (issue 16), and a coach comes back to the same queue many times a day. The HTML is cached
under a digest of everything it shows (each row's task, title in the language, submission time,
participant's name and e-mail), the language and the time zone the times are shown in: a row
that changes makes a new key, so a stale queue is never served. As the caseload's table
(coaching/templatetags/caseload.py).
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from integration_portal.versioned_cache import cached_fragment

register = template.Library()


@register.simple_tag
def review_rows(tasks):
    tasks = list(tasks)
    shown = [(task.pk, task.title, task.submitted_at, task.public_name, task.email) for task in tasks]
    html = cached_fragment(
        "review-rows",
        [tuple(map(str, row)) for row in shown],
        lambda: render_to_string("action_plan/_review_rows.html", {"tasks": tasks}),
    )
    return mark_safe(html)  # the template's own escaped output, cached as is
