from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Accompagnement")

    def ready(self) -> None:
        from accounts.navigation import register_nav_item
        from accounts.privacy import register_personal_data
        from coaching.privacy import coaching_personal_data_erase, coaching_personal_data_export

        register_nav_item(
            key="coaching", label=_("Mes participants"), url_name="coaching:dashboard", order=10, audiences={"coach"}
        )
        register_personal_data(
            "coaching",
            export=coaching_personal_data_export,
            erase=coaching_personal_data_erase,
            label=_("Accompagnement"),
        )
