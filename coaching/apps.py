from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Accompagnement")

    def ready(self) -> None:
        from accounts.privacy import register_personal_data
        from coaching.privacy import coaching_personal_data_erase, coaching_personal_data_export

        register_personal_data(
            "coaching",
            export=coaching_personal_data_export,
            erase=coaching_personal_data_erase,
            label=_("Accompagnement"),
        )
