from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Accompagnement")

    def ready(self) -> None:
        from accounts.dashboard import register_dashboard_block
        from accounts.navigation import register_nav_item
        from accounts.privacy import register_personal_data
        from accounts.signals import account_deactivated
        from coaching.privacy import (
            COACHING_LABELS,
            INTERVIEW_LABELS,
            coaching_personal_data_erase,
            coaching_personal_data_export,
            interviews_personal_data_export,
        )
        from coaching.receivers import on_account_deactivated
        from coaching.room_privacy import (
            EXPORT_LABELS,
            interview_room_personal_data_erase,
            interview_room_personal_data_export,
        )
        from coaching.selectors import next_interview_dashboard_context

        account_deactivated.connect(on_account_deactivated, dispatch_uid="coaching.account_deactivated")
        register_nav_item(
            key="coaching", label=_("Mes participants"), url_name="coaching:dashboard", order=10, audiences={"coach"}
        )
        register_personal_data(
            "coaching",
            export=coaching_personal_data_export,
            erase=coaching_personal_data_erase,
            label=_("Accompagnement"),
            labels=COACHING_LABELS,
        )
        # The bookings themselves; erased with "coaching" above (the reasons people typed).
        register_personal_data(
            "interviews", export=interviews_personal_data_export, label=_("Entrevues"), labels=INTERVIEW_LABELS
        )
        register_personal_data(
            "interview_room",
            export=interview_room_personal_data_export,
            erase=interview_room_personal_data_erase,
            label=_("Entrevues : résumés et clavardage"),
            labels=EXPORT_LABELS,
        )
        register_nav_item(
            key="coaching_availability",
            label=_("Mes disponibilités"),
            url_name="coaching:availability",
            order=15,
            audiences={"coach"},
        )
        register_nav_item(
            key="coaching_interviews",
            label=_("Mes entrevues"),
            url_name="coaching:interviews",
            order=45,
            audiences={"participant"},
        )
        register_dashboard_block(
            key="next_interview",
            template="coaching/dashboard_block_next_interview.html",
            order=15,
            context=next_interview_dashboard_context,
        )
