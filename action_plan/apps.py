from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlanConfig(AppConfig):
    name = "action_plan"
    verbose_name = _("Plan d'action")

    def ready(self) -> None:
        from accounts.dashboard import register_dashboard_block
        from accounts.navigation import register_nav_item
        from accounts.privacy import register_personal_data
        from accounts.signals import onboarding_completed, profile_updated
        from action_plan import receivers
        from action_plan.selectors import EXPORT_LABELS, action_plan_personal_data_export, dashboard_block_context
        from action_plan.services import action_plan_personal_data_erase
        from content.signals import capsule_watched

        onboarding_completed.connect(receivers.on_onboarding_completed, dispatch_uid="action_plan.onboarding")
        profile_updated.connect(receivers.on_profile_updated, dispatch_uid="action_plan.profile_updated")
        capsule_watched.connect(receivers.on_capsule_watched, dispatch_uid="action_plan.capsule_watched")
        register_personal_data(
            "action_plan",
            export=action_plan_personal_data_export,
            erase=action_plan_personal_data_erase,
            label=_("Plan d'action (réponses et fichiers)"),
            labels=EXPORT_LABELS,
        )
        register_nav_item(
            key="action_plan",
            label=_("Mon plan d'action"),
            url_name="action_plan:timeline",
            order=20,
            audiences={"participant"},
        )
        register_nav_item(
            key="action_plan_reviews",
            label=_("Livrables à réviser"),
            url_name="action_plan:review_list",
            order=20,
            audiences={"coach"},
        )
        register_dashboard_block(
            key="next_plan_tasks",
            template="action_plan/dashboard_block.html",
            order=10,
            context=dashboard_block_context,
        )
