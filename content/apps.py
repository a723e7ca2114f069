from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Contenus")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from accounts.dashboard import register_dashboard_block
        from accounts.navigation import register_nav_item
        from accounts.privacy import register_personal_data
        from accounts.services import register_occupation_regulation_source
        from content import recommendations
        from content.selectors import EXPORT_LABELS, content_personal_data_export, occupation_regulated
        from content.services import content_personal_data_erase
        from integration_portal.db import register_sqlite_fold

        register_personal_data(
            "content",
            export=content_personal_data_export,
            erase=content_personal_data_erase,
            label=_("Capsules vidéo (progression et réponses)"),
            labels=EXPORT_LABELS,
        )
        register_occupation_regulation_source(occupation_regulated)
        # The library's search on SQLite folds accents (integration_portal.db.Fold).
        connection_created.connect(register_sqlite_fold, dispatch_uid="integration_portal.sqlite_fold")
        register_nav_item(
            key="library",
            label=_("Bibliothèque"),
            url_name="content:library",
            order=30,
            audiences={"anonymous", "participant"},
        )
        register_dashboard_block(
            key="content",
            template="content/dashboard_block.html",
            order=30,
            context=recommendations.dashboard_block_context,
        )
        recommendations.connect_signals()
