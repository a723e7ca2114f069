"""The plan's e-mails, built by `accounts.emails.email_send_task` from ids (see accounts/emails.py).

Each builder returns the message in the recipient's language and time zone, plain text and HTML,
or None when there is nothing to send any more.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.mail import service_subject
from action_plan.integrations import new_matching_offers
from action_plan.models import PlanTask, ReminderSent, TaskReview
from action_plan.unsubscribe import unsubscribe_token


def _message(*, subject: str, template: str, context: dict, to: str, headers: dict | None = None):
    message = EmailMultiAlternatives(
        subject=service_subject(subject), body=render_to_string(f"{template}.txt", context), to=[to], headers=headers
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def review_email(*, review_id: int) -> EmailMultiAlternatives | None:
    """The participant learns that their coach approved or sent back a deliverable."""
    review = TaskReview.objects.select_related("task__plan__user").filter(pk=review_id).first()
    if review is None:  # the plan was erased meanwhile
        return None
    task, user = review.task, review.task.plan.user
    with translation.override(user.language), timezone.override(user.zone):
        task_url = settings.SITE_URL + task.get_absolute_url()
        context = {"task": task, "review": review, "user": user, "task_url": task_url}
        subject = _("Retour sur votre plan d'action : %(title)s") % {"title": task.title}
        return _message(subject=subject, template="action_plan/email/review", context=context, to=user.email)


def weekly_reminder_email(*, reminder_id: int) -> EmailMultiAlternatives | None:
    """The week's tasks, the coach's feedback and new matching offers since the last reminder.

    None when the plan's owner unsubscribed since, or when the week brings nothing to tell.
    """
    reminder = ReminderSent.objects.select_related("plan__user").filter(pk=reminder_id).first()
    if reminder is None or not reminder.plan.reminders_enabled:
        return None
    plan, user, week, now = reminder.plan, reminder.plan.user, reminder.week, reminder.sent_at
    previous = plan.reminders.exclude(pk=reminder.pk).filter(sent_at__lte=now).order_by("-sent_at").first()
    since = previous.sent_at if previous else now - datetime.timedelta(days=7)
    tasks = list(plan.tasks.all())
    week_start = plan.start_date + datetime.timedelta(weeks=week - 1)
    week_end = week_start + datetime.timedelta(days=6)
    opened = [t for t in tasks if week_start <= t.opens_on <= week_end]
    due = [t for t in tasks if t.due_on <= week_end and t.status != PlanTask.Status.DONE]
    reviews = list(
        TaskReview.objects.filter(task__plan=plan, created_at__gte=since).select_related("task").order_by("created_at")
    )
    offers = new_matching_offers(user=user, since=since)
    if not (opened or due or reviews or offers):
        return None
    unsubscribe_url = settings.SITE_URL + reverse("action_plan:unsubscribe", kwargs={"token": unsubscribe_token(plan)})
    with translation.override(user.language), timezone.override(user.zone):
        context = {
            "user": user,
            "plan": plan,
            "week": week,
            "opened": opened,
            "due": due,
            "reviews": reviews,
            "offers": offers,
            "site_url": settings.SITE_URL,
            "plan_url": settings.SITE_URL + reverse("action_plan:timeline"),
            "unsubscribe_url": unsubscribe_url,
        }
        subject = _("Votre plan d'action : semaine %(week)s") % {"week": week}
        return _message(
            subject=subject,
            template="action_plan/email/weekly_reminder",
            context=context,
            to=user.email,
            headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
