from django.urls import path

from job_feed import views

app_name = "job_feed"

urlpatterns = [
    path("", views.offer_list, name="offer_list"),
    path("sauvegardees/", views.saved_offer_list, name="saved_offer_list"),
    path("<int:pk>/", views.offer_detail, name="offer_detail"),
    path("<int:pk>/sauvegarder/", views.offer_save, name="offer_save"),
    path("<int:pk>/retirer/", views.offer_unsave, name="offer_unsave"),
    path("flux-exemple.xml", views.sample_feed, name="sample_feed"),
]
