from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Rapports et journal des modifications")

    def ready(self) -> None:
        from accounts.navigation import register_nav_item
        from accounts.privacy import register_personal_data
        from reporting.trail import EXPORT_LABELS, reporting_personal_data_erase, reporting_personal_data_export

        register_personal_data(
            "staff_changes",
            export=reporting_personal_data_export,
            erase=reporting_personal_data_erase,
            label=_("Modifications faites à votre dossier par le personnel"),
            labels=EXPORT_LABELS,
        )
        register_nav_item(
            key="reports",
            label=_("Rapports"),
            url_name="reporting:reports",
            order=90,
            audiences={"ministry_admin"},
        )
