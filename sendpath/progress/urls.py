from django.urls import path

from sendpath.progress import views

app_name = "progress"
urlpatterns = [
    path("progress/pupils/<int:pk>/", views.pupil, name="pupil"),
    path("progress/pupils/<int:pk>/targets/", views.targets, name="targets"),
    path("progress/pupils/<int:pk>/targets/<int:target>/retire/", views.retire, name="retire"),
    path("progress/plans/<int:pk>/", views.plan_summary, name="plan"),
]
