from django.urls import path

from coaching import views

app_name = "coaching"

urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("participants/<int:participant_id>/", views.participant_detail, name="participant_detail"),
    path("disponibilites/", views.availability, name="availability"),
    path("disponibilites/heures/<int:hours_id>/retirer/", views.weekly_hours_delete, name="weekly_hours_delete"),
    path("disponibilites/exceptions/<int:exception_id>/retirer/", views.exception_delete, name="exception_delete"),
    path("entrevues/", views.interviews, name="interviews"),
    path("entrevues/<int:interview_id>/", views.interview_detail, name="interview_detail"),
    path("entrevues/<int:interview_id>/deplacer/", views.interview_reschedule, name="interview_reschedule"),
    path("entrevues/<int:interview_id>/annuler/", views.interview_cancel, name="interview_cancel"),
    path("entrevues/<int:interview_id>/entrevue.ics", views.interview_calendar, name="interview_ics"),
]
