from django.urls import path

from action_plan import views

app_name = "action_plan"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("taches/<int:pk>/", views.task_detail, name="task"),
    path("taches/<int:pk>/brouillon/", views.task_autosave, name="task_autosave"),
    path("taches/<int:pk>/fichier/", views.task_file, name="task_file"),
    path("parametres/", views.plan_settings, name="settings"),
    path("mettre-a-jour/", views.refresh, name="refresh"),
    path("calendrier.ics", views.calendar_ics, name="calendar"),
    path("imprimer/", views.print_view, name="print"),
    path("revision/", views.review_list, name="review_list"),
    path("revision/<int:pk>/", views.review_task, name="review_task"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
