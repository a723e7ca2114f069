from django.db import migrations
from django.utils import timezone


def create_first_versions(apps, schema_editor):
    PolicyVersion = apps.get_model("accounts", "PolicyVersion")
    now = timezone.now()
    for document in ("terms", "privacy"):
        PolicyVersion.objects.get_or_create(
            document=document, version="2026-11", defaults={"published_at": now, "summary": ""}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_staff_privacy"),
    ]

    operations = [
        migrations.RunPython(create_first_versions, migrations.RunPython.noop),
    ]
