from django.urls import path

from sendpath.forecast import views

app_name = "forecast"
urlpatterns = [
    path("forecast/", views.index, name="index"),
    path("forecast/baseline/", views.baseline_new, name="baseline_new"),
    path("forecast/<int:pk>/", views.detail, name="detail"),
    path("forecast/<int:pk>/scenario/", views.scenario_new, name="scenario_new"),
    path("forecast/<int:pk>/csv/", views.download, name="download"),
    path("sufficiency/", views.sufficiency, name="sufficiency"),
    path("sufficiency/capacity/new/", views.capacity_new, name="capacity_new"),
    path("sufficiency/capacity/<int:pk>/", views.capacity_edit, name="capacity_edit"),
    path("sufficiency/waiting/", views.waiting, name="waiting"),
]
