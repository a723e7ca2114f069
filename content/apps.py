from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Contenus")

    def ready(self) -> None:
        from accounts.dashboard import register_dashboard_block
        from accounts.privacy import register_personal_data
        from accounts.services import register_occupation_regulation_source
        from content.selectors import dashboard_block_context, occupation_regulated, personal_data_export
        from content.services import content_erase_for

        register_personal_data(
            "content",
            export=personal_data_export,
            erase=content_erase_for,
            label=_("Capsules vidéo (progression et réponses)"),
        )
        register_occupation_regulation_source(occupation_regulated)
        register_dashboard_block(
            key="content", template="content/dashboard_block.html", order=30, context=dashboard_block_context
        )
        from content import recommendations

        recommendations.connect_signals()
