"""The portal's admin site: everything about people's accounts in one section, in our words.

allauth's models sit in three apps of their own ("Comptes" again in French, "MFA", "Sessions
utilisateur"), so the admin showed two "Comptes" sections and English names ("Authenticators").
Their models are listed in accounts' section, named as the portal names them elsewhere.
"""

from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.sites import AdminSite
from django.utils.translation import gettext_lazy as _

SECTION = "accounts"
JOINED_APPS = ("account", "mfa", "usersessions")

# (app_label, model_name) -> (singular, plural): allauth names Authenticator and UserSession in
# English only, and its French says « adresse e-mail ».
MODEL_NAMES = {
    ("account", "emailaddress"): (_("adresse courriel"), _("adresses courriel")),
    ("mfa", "authenticator"): (_("méthode de double authentification"), _("méthodes de double authentification")),
    ("usersessions", "usersession"): (_("session de connexion"), _("sessions de connexion")),
}


def name_allauth_models() -> None:
    """Give allauth's models our names, wherever the admin writes them (lists, titles, breadcrumbs).

    Only the runtime names change: the migrations' state is read from the Meta the model
    declared (`_meta.original_attrs`), so this adds no migration to allauth's apps.
    """
    from django.apps import apps

    for (app_label, model_name), (singular, plural) in MODEL_NAMES.items():
        if not apps.is_installed(f"allauth.{app_label}"):
            continue
        opts = apps.get_model(app_label, model_name)._meta
        opts.verbose_name, opts.verbose_name_plural = singular, plural


class PortalAdminSite(AdminSite):
    def _build_app_dict(self, request, label=None):
        from django.apps import apps

        app_dict = super()._build_app_dict(request, label)
        section_name = apps.get_app_config(SECTION).verbose_name
        if label:
            # One app's page (/admin/mfa/): under the section's name.
            if label in JOINED_APPS and app_dict:
                app_dict["name"] = section_name
            return app_dict
        joined = [app_dict.pop(app_label) for app_label in JOINED_APPS if app_label in app_dict]
        if joined:
            section = app_dict.setdefault(SECTION, {**joined[0], "name": section_name, "models": []})
            section["name"] = section_name
            for app in joined:
                section["models"].extend(app["models"])
        return app_dict


class PortalAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.PortalAdminSite"
