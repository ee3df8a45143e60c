from django.urls import path

from sendpath.assessments import caseload, views

app_name = "assessments"
urlpatterns = [
    path("cases/", caseload.caseload_list, name="caseload"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/<slug:action>/", views.case_action, name="action"),
]
