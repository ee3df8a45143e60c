from django.urls import path

from sendpath.reviews import ceasing_views, views

app_name = "reviews"
urlpatterns = [
    path("reviews/due/", views.due_list, name="due"),
    path("reviews/phase-transfers/", views.phase_transfers, name="transfers"),
    path("reviews/phase-transfers/moves/<int:pk>/", views.record_move, name="record_move"),
    path("reviews/ceasing/", ceasing_views.in_progress, name="ceasing_list"),
    path("reviews/ceasing/<int:pk>/", ceasing_views.cessation, name="ceasing"),
    path("reviews/ceasing/<int:pk>/<slug:step>/", ceasing_views.step, name="cease_step"),
    path("reviews/convene/<int:pk>/", views.convene, name="convene"),
    path("reviews/<int:pk>/", views.detail, name="detail"),
    path("reviews/<int:pk>/<slug:action>/", views.action, name="action"),
]
