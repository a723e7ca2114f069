"""The portal's admin site: everything about people's accounts in one section, in our words.

allauth's models sit in three apps of their own ("Comptes" again in French, "MFA", "Sessions
utilisateur"), so the admin showed two "Comptes" sections and English names ("Authenticators").
Their models are listed in accounts' section, named as the portal names them elsewhere.

The list of sections and models is built once per process for each kind of person and language
(issue 16): Django built it twice per admin page (the index and each page's context), about a
hundred models each time, every name a lazy translation compared while sorting. What it shows
depends only on who asks (active, superuser, role, model permissions: what the ModelAdmins'
has_*_permission read), the language and the registry, which are all in the key.
"""

from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.sites import AdminSite
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from integration_portal.process_memo import ProcessMemo

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


# Bounded: languages × kinds of person (superuser, ministry admin, each other set of permissions).
MAX_APP_LISTS = 256
_app_lists = ProcessMemo(max_entries=MAX_APP_LISTS)


class AppList(list):
    """The admin's app list, with the key it was built under (the index's cached HTML uses it)."""

    cache_key: tuple = ()


def who_asks(user) -> tuple:
    """What the ModelAdmins' permission checks read of the person: an active superuser has every
    permission without a query; anyone else, their own and their groups' (two queries the first
    time, which Django's has_perm made anyway, then kept on the user object)."""
    if not user.is_active:
        return ("inactive",)
    role = getattr(user, "role", "")
    if user.is_superuser:
        return ("superuser", role, user.is_staff)
    return ("user", role, user.is_staff, frozenset(user.get_all_permissions()))


def _copy(app_list: AppList) -> AppList:
    """A copy the caller may change without changing the cached list (the models' classes shared)."""
    copied = AppList({**app, "models": [{**model, "perms": dict(model["perms"])} for model in app["models"]]}
                     for app in app_list)  # fmt: skip
    copied.cache_key = app_list.cache_key
    return copied


class PortalAdminSite(AdminSite):
    def get_app_list(self, request, app_label=None):
        key = (get_language(), app_label, who_asks(request.user), tuple(self._registry))

        def build() -> AppList:
            found = AppList(super(PortalAdminSite, self).get_app_list(request, app_label))
            for app in found:
                # Names in this language, once: sorting and rendering lazy names translated each time.
                app["name"] = str(app["name"])
                for model in app["models"]:
                    model["name"] = str(model["name"])
            found.cache_key = key
            return found

        return _copy(_app_lists.get(key, build))

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
