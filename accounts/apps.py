from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from accounts.erasure import register_accounts_personal_data
        from accounts.navigation import register_nav_item
        from accounts.policies import on_user_logged_in
        from accounts.roles import sync_role_groups
        from accounts.sessions import on_user_logged_in as session_on_user_logged_in

        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
        from accounts import choices
        from accounts.admin_site import name_allauth_models

        name_allauth_models()

        choices.connect_signals()
        user_logged_in.connect(on_user_logged_in, dispatch_uid="accounts.policies_to_accept")
        user_logged_in.connect(session_on_user_logged_in, dispatch_uid="accounts.session_start")
        register_accounts_personal_data()
        register_nav_item(
            key="dashboard",
            label=_("Mon tableau de bord"),
            url_name="accounts:dashboard",
            order=10,
            audiences={"participant"},
        )
        register_nav_item(
            key="profile", label=_("Mon profil"), url_name="accounts:profile", order=50, audiences={"participant"}
        )
        register_nav_item(
            key="admin", label=_("Administration"), url_name="admin:index", order=80, audiences={"ministry_admin"}
        )
        register_nav_item(
            key="account",
            label=_("Mon compte"),
            url_name="account_email",
            order=90,
            audiences={"participant", "coach", "ministry_admin"},
        )
