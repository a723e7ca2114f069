"""The default eleven-week template, and the hourly beat job that sends the weekly reminders."""

from django.db import migrations

REMINDER_TASK_NAME = "action_plan: weekly plan reminders"


def load_template(apps, schema_editor):
    from action_plan.default_template import load_default_template

    load_default_template(
        apps.get_model("action_plan", "PlanTemplate"),
        apps.get_model("action_plan", "TemplateStep"),
        apps.get_model("action_plan", "StepLink"),
    )


def create_reminder_task(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    # Hourly, so each participant's email leaves around 8 a.m. in their own time zone.
    schedule, _created = CrontabSchedule.objects.get_or_create(
        minute="5", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=REMINDER_TASK_NAME,
        defaults={"task": "action_plan.send_weekly_reminders", "crontab": schedule, "enabled": True},
    )


def remove_reminder_task(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=REMINDER_TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("action_plan", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(load_template, migrations.RunPython.noop),
        migrations.RunPython(create_reminder_task, remove_reminder_task),
    ]
