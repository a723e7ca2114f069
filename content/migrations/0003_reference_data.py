"""The 46 professional orders (content/data/professional_orders.csv) and the first themes."""

from django.db import migrations

THEMES = [
    ("premieres-demarches", "Premières démarches", "First steps", 1),
    ("emploi", "Emploi", "Employment", 2),
    ("reconnaissance-competences", "Reconnaissance des compétences", "Recognition of skills", 3),
    ("etudes", "Études et formation", "Studies and training", 4),
    ("francisation", "Francisation", "Learning French", 5),
    ("logement", "Logement", "Housing", 6),
    ("sante", "Santé", "Health", 7),
    ("vie-quebec", "Vie au Québec", "Life in Québec", 8),
]


def forward(apps, schema_editor):
    from content.professional_orders import order_rows

    Theme = apps.get_model("content", "Theme")
    ProfessionalOrder = apps.get_model("content", "ProfessionalOrder")
    for slug, name_fr, name_en, order in THEMES:
        Theme.objects.update_or_create(slug=slug, defaults={"name_fr": name_fr, "name_en": name_en, "order": order})
    for row in order_rows():
        ProfessionalOrder.objects.update_or_create(slug=row["slug"], defaults=row)


def backward(apps, schema_editor):
    apps.get_model("content", "ProfessionalOrder").objects.all().delete()
    apps.get_model("content", "Theme").objects.filter(slug__in=[theme[0] for theme in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("content", "0002_search_triggers"), ("accounts", "0003_reference_data")]

    operations = [migrations.RunPython(forward, backward)]
