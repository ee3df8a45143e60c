"""URLs for online requests (a family's, without an account, and a school's) and for the
family's pages on their case."""

from django.urls import path

from sendpath.assessments import family, online

app_name = "online"
urlpatterns = [
    path("request-an-assessment/", online.start, name="start"),
    *[
        path(f"request-an-assessment/{step.slug}/", online.question, {"slug": step.slug}, name=step.slug)
        for step in online.STEPS
    ],
    path("request-an-assessment/check-answers/", online.check_answers, name="check"),
    path("request-an-assessment/confirmation/", online.confirmation, name="confirmation"),
    path("children/<int:pk>/request-assessment/", family.school_request, name="school_request"),
    path("cases/<int:pk>/views/", family.add_views, name="views"),
    path("cases/<int:pk>/documents/", family.documents, name="documents"),
    path("documents/<int:pk>/", family.download, name="download"),
]
