from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Accompagnement")

    def ready(self) -> None:
        from accounts.privacy import register_personal_data
        from coaching.privacy import coaching_erase_for, coaching_export_for

        register_personal_data(
            "coaching", export=coaching_export_for, erase=coaching_erase_for, label=_("Accompagnement")
        )
