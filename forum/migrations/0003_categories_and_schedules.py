"""The forum's starting categories (general, one per administrative region, one per occupation
family, questions for coaches) and its beat schedules. Admins manage categories afterwards."""

from django.db import migrations

from forum.demo import default_categories_ensure, periodic_tasks_ensure


def forward(apps, schema_editor):
    default_categories_ensure(
        Category=apps.get_model("forum", "Category"),
        Region=apps.get_model("accounts", "Region"),
        Occupation=apps.get_model("accounts", "Occupation"),
    )
    periodic_tasks_ensure(
        CrontabSchedule=apps.get_model("django_celery_beat", "CrontabSchedule"),
        PeriodicTask=apps.get_model("django_celery_beat", "PeriodicTask"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0002_search_trigger"),
        ("accounts", "0003_reference_data"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
