from django.urls import path

from content import views

app_name = "content"

urlpatterns = [
    path("", views.library, name="library"),
    path("recherche/", views.search, name="search"),
    path("capsules/", views.capsule_list, name="capsule_list"),
    path("capsules/<int:pk>/progression/", views.capsule_progress, name="capsule_progress"),
    path("capsules/<int:pk>/<slug:slug>/", views.capsule_detail, name="capsule_detail"),
    path("capsules/<int:pk>/<slug:slug>/lire/", views.capsule_read, name="capsule_read"),
    path("capsules/<int:pk>/sous-titres/<str:language>.vtt", views.capsule_captions, name="capsule_captions"),
    path("capsules/<int:pk>/questions/<int:checkpoint_pk>/reponse/", views.checkpoint_answer, name="checkpoint_answer"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/<slug:slug>/", views.article_detail, name="article_detail"),
    path("organismes/", views.organisation_list, name="organisation_list"),
    path("organismes/<int:pk>/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("professions/", views.profession_list, name="profession_list"),
    path("professions/<slug:slug>/", views.profession_detail, name="profession_detail"),
]
