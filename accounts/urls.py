from django.urls import path

from accounts import privacy_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    # Onboarding and the participant's own profile (no id in the URL: always one's own)
    path("bienvenue/", views.onboarding, name="onboarding"),
    path("bienvenue/<slug:step>/", views.onboarding_step, name="onboarding_step"),
    path("profil/", views.profile, name="profile"),
    path("profil/<slug:section>/", views.profile_edit, name="profile_edit"),
    path("professions/", views.occupation_search, name="occupation_search"),
    # Privacy (Law 25)
    path("consentement/", privacy_views.consent, name="consent"),
    path("mes-donnees/", privacy_views.privacy_export, name="privacy_export"),
    path("mes-donnees.json", privacy_views.privacy_export_json, name="privacy_export_json"),
    path("supprimer-mon-compte/", privacy_views.account_delete, name="account_delete"),
    path("deconnexion-partout/", views.logout_everywhere, name="logout_everywhere"),
]
