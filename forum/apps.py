from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from accounts.dashboard import register_dashboard_block
        from accounts.navigation import register_nav_item
        from accounts.privacy import register_personal_data
        from forum.blocks import coach_queue_block_context, replies_block_context
        from forum.selectors import EXPORT_LABELS, forum_personal_data_export
        from forum.services import forum_personal_data_erase
        from integration_portal.db import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="integration_portal.sqlite_fold")
        register_personal_data(
            "forum",
            export=forum_personal_data_export,
            erase=forum_personal_data_erase,
            label=_("Forum"),
            labels=EXPORT_LABELS,
        )
        register_dashboard_block(
            key="forum_replies", template="forum/blocks/replies.html", order=35, context=replies_block_context
        )
        # The coach's dashboard: questions for coaches left 48 hours without a coach's reply.
        register_dashboard_block(
            key="forum_coach_queue",
            template="forum/blocks/coach_queue.html",
            order=30,
            context=coach_queue_block_context,
            audience="coach",
        )
        register_nav_item(
            key="forum",
            label=_("Forum"),
            url_name="forum:index",
            order=35,
            audiences={"participant", "coach", "ministry_admin"},
        )
