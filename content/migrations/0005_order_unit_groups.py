"""Professional orders linked to the NOC/CNP 2021 unit groups they regulate (content/data/)."""

from django.db import migrations


def forward(apps, schema_editor):
    from content.professional_orders import link_orders_to_unit_groups

    link_orders_to_unit_groups(apps.get_model("content", "ProfessionalOrder"), apps.get_model("accounts", "Occupation"))


class Migration(migrations.Migration):
    dependencies = [("content", "0004_search_vector_strip_bodies"), ("accounts", "0010_noc2021_unit_groups")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
