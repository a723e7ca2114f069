from django.urls import path

from coaching import room_views, views

app_name = "coaching"

urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("participants/<int:participant_id>/", views.participant_detail, name="participant_detail"),
    path("entrevues/<int:interview_id>/salle/", room_views.interview_room, name="interview_room"),
    path("entrevues/<int:interview_id>/compte-rendu/", room_views.interview_record, name="interview_record"),
]
