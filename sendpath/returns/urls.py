from django.urls import path

from sendpath.returns import views

app_name = "returns"
urlpatterns = [
    path("returns/sen2/", views.home, name="home"),
    path("returns/sen2/runs/<int:pk>/", views.run_detail, name="run"),
    path("returns/sen2/runs/<int:pk>/download/", views.download, name="download"),
]
