from django.db import migrations

GROUP_NAMES = ["Participants", "Accompagnatrices et accompagnateurs", "Administration du ministère"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUP_NAMES:
        Group.objects.get_or_create(name=name)
    # Permissions are attached after migrate by accounts.roles.sync_role_groups,
    # because later apps' permissions do not exist yet at this point.


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
