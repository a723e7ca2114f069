from django.urls import path

from coaching import views

app_name = "coaching"

urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("participants/<int:participant_id>/", views.participant_detail, name="participant_detail"),
]
