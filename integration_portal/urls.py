from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from integration_portal import health, views

# Lazy: the admin shows them in the language of the request (/admin/ in French, /en/admin/ in English).
admin.site.site_header = _("Service d'intégration en ligne")
admin.site.site_title = _("SIEL – administration")
admin.site.index_title = _("Administration du portail")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Django's language switch, reading the page's language from its prefix (see the view).
    path("i18n/setlang/", views.set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Before the admin's own patterns, whose catch-all would answer 404 for it.
    path("admin/rapports/", include("reporting.urls")),
    path("admin/", admin.site.urls),
    path("compte/", include("allauth.urls")),
    path("moi/", include("accounts.urls")),
    path("", include("accounts.legal_urls")),
    path("plan/", include("action_plan.urls")),
    path("contenus/", include("content.urls")),
    path("forum/", include("forum.urls")),
    path("accompagnement/", include("coaching.urls")),
    path("emplois/", include("job_feed.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
