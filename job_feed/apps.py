from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobFeedConfig(AppConfig):
    name = "job_feed"
    verbose_name = _("Offres d'emploi")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from accounts.dashboard import register_dashboard_block
        from accounts.navigation import register_nav_item
        from accounts.privacy import register_personal_data
        from integration_portal.db import register_sqlite_fold
        from job_feed import (
            adapters,  # noqa: F401  (registers the shipped feed formats)
            recommendations,
        )
        from job_feed.selectors import EXPORT_LABELS, job_feed_personal_data_export
        from job_feed.services import job_feed_personal_data_erase

        register_personal_data(
            "job_feed",
            export=job_feed_personal_data_export,
            erase=job_feed_personal_data_erase,
            label=_("Offres d'emploi sauvegardées"),
            labels=EXPORT_LABELS,
        )
        connection_created.connect(register_sqlite_fold, dispatch_uid="integration_portal.sqlite_fold")
        register_nav_item(
            key="job_offers",
            label=_("Offres d'emploi"),
            url_name="job_feed:offer_list",
            order=40,
            audiences={"participant"},
        )
        register_dashboard_block(
            key="job_offers",
            template="job_feed/dashboard_block.html",
            order=40,
            context=recommendations.job_offers_dashboard_context,
        )
        recommendations.connect_signals()
