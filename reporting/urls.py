from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.reports, name="reports"),
    path("<slug:key>.csv", views.report_csv, name="report_csv"),
]
