from celery import shared_task

from coaching import services


@shared_task(name="coaching.send_interview_reminders")
def send_interview_reminders_task() -> int:
    """Every five minutes (django-celery-beat): the interview reminders due, each marked as sent."""
    return services.interview_reminders_send_due()
