"""The weekly reminder e-mails and unsubscribing from them."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.emails import email_enqueue
from action_plan import rules
from action_plan.models import (
    Plan,
    ReminderSent,
)

REMINDER_LOCAL_HOUR = 8


@transaction.atomic
def plan_unsubscribe(*, plan: Plan) -> Plan:
    plan.reminders_enabled = False
    plan.save(update_fields=["reminders_enabled", "updated_at"])
    return plan


def reminder_send(*, plan: Plan, now: datetime.datetime) -> bool:
    """Queue this plan's reminder for its current week if it is due and not queued yet.

    Idempotent: the ReminderSent row (unique on plan and week) is written in its own transaction,
    and the e-mail is queued (on commit, by accounts.emails) only when that row was created here.
    The task builds the message; it sends nothing when the week brings nothing to tell.
    """
    user = plan.user
    local_now = now.astimezone(user.zone)
    week = rules.current_week(start_date=plan.start_date, local_today=local_now.date())
    last_week = max(plan.tasks.values_list("week", flat=True), default=0)
    if week < 1 or week > last_week or local_now.hour < REMINDER_LOCAL_HOUR:
        return False
    try:
        with transaction.atomic():
            reminder = ReminderSent.objects.create(plan=plan, week=week, sent_at=now)
            email_enqueue(
                key=f"action_plan.reminder:{reminder.pk}",
                builder="action_plan.emails.weekly_reminder_email",
                kwargs={"reminder_id": reminder.pk},
            )
    except IntegrityError:
        return False
    return True


def reminders_send_due(*, now: datetime.datetime | None = None) -> int:
    """The beat job: every plan with reminders on whose week has opened gets its weekly e-mail queued
    (one task each, through accounts.emails: nothing is sent inside this loop)."""
    now = now or timezone.now()
    sent = 0
    plans = Plan.objects.filter(reminders_enabled=True, user__is_active=True).select_related("user").order_by("pk")
    for plan in plans.iterator(chunk_size=200):
        if reminder_send(plan=plan, now=now):
            sent += 1
    return sent
