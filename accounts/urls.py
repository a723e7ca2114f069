from django.urls import path

from accounts import privacy_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    # Privacy (Law 25)
    path("consentement/", privacy_views.consent, name="consent"),
    path("mes-donnees/", privacy_views.privacy_export, name="privacy_export"),
    path("mes-donnees.json", privacy_views.privacy_export_json, name="privacy_export_json"),
    path("supprimer-mon-compte/", privacy_views.account_delete, name="account_delete"),
]
