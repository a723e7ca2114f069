from celery import shared_task

from action_plan import services


@shared_task(name="action_plan.send_weekly_reminders", soft_time_limit=20 * 60, time_limit=25 * 60)
def send_weekly_reminders_task() -> int:
    """Hourly: each participant gets their week's email once, after 8 a.m. in their time zone."""
    return services.reminders_send_due()
