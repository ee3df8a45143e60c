from django.urls import path

from sendpath.imports import views

app_name = "imports"
urlpatterns = [
    path("imports/", views.start, name="start"),
    path("imports/<int:pk>/", views.run, name="run"),
    path("imports/<int:pk>/report.csv", views.report_csv, name="report_csv"),
]
