from django.urls import path

from sendpath.reviews import views

app_name = "reviews"
urlpatterns = [
    path("reviews/due/", views.due_list, name="due"),
    path("reviews/phase-transfers/", views.phase_transfers, name="transfers"),
    path("reviews/convene/<int:pk>/", views.convene, name="convene"),
    path("reviews/<int:pk>/", views.detail, name="detail"),
    path("reviews/<int:pk>/<slug:action>/", views.action, name="action"),
]
