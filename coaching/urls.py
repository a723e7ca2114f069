from django.urls import path

from coaching import views

app_name = "coaching"

urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
]
