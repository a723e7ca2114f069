import inspect

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from accounts.dashboard import register_dashboard_block
        from accounts.privacy import register_personal_data
        from forum.blocks import coach_queue_block_context, replies_block_context
        from forum.selectors import forum_personal_data_export
        from forum.services import forum_personal_data_erase

        # Called as export(user) today and export(user=user) once the registry passes keywords.
        register_personal_data(
            "forum",
            export=lambda user: forum_personal_data_export(user=user),
            erase=lambda user: forum_personal_data_erase(user=user),
            label=_("Forum"),
        )
        register_dashboard_block(
            key="forum_replies", template="forum/blocks/replies.html", order=35, context=replies_block_context
        )
        # The coach's dashboard (booking stream) shows blocks registered with audience="coach".
        if "audience" in inspect.signature(register_dashboard_block).parameters:
            register_dashboard_block(
                key="forum_coach_queue",
                template="forum/blocks/coach_queue.html",
                order=30,
                context=coach_queue_block_context,
                audience="coach",
            )
        try:
            from accounts.navigation import register_nav_item
        except ImportError:  # the navigation registry arrives with the "house" stream
            return
        register_nav_item(
            key="forum",
            label=_("Forum"),
            url_name="forum:index",
            order=45,
            audiences={"participant", "coach", "ministry_admin"},
        )
