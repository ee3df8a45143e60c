from django.urls import path

from sendpath.figures import views

app_name = "figures"
urlpatterns = [
    path("figures/scrutiny/", views.scrutiny, name="scrutiny"),
    path("figures/scrutiny/<slug:table>.csv", views.scrutiny_csv, name="scrutiny_csv"),
    path("figures/targets/<int:pk>/", views.edit_target, name="target"),
    path("figures/dfe/", views.dfe_figures, name="dfe"),
    path("figures/dfe/<slug:table>.csv", views.dfe_csv, name="dfe_csv"),
]
