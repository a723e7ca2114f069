from django.db import migrations


def load(apps, schema_editor):
    from accounts.reference_data import load_broad_occupation_categories, load_regions

    load_regions(apps.get_model("accounts", "Region"))
    load_broad_occupation_categories(apps.get_model("accounts", "Occupation"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_role_groups")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
