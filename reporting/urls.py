from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.reports, name="reports"),
    path("journal/", views.trail, name="trail"),
    path("classeur.xlsx", views.report_workbook, name="report_workbook"),
    path("<slug:key>.csv", views.report_csv, name="report_csv"),
    path("<slug:key>.xlsx", views.report_xlsx, name="report_xlsx"),
]
