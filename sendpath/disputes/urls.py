from django.urls import path

from sendpath.disputes import views

app_name = "disputes"
urlpatterns = [
    path("disputes/", views.dispute_list, name="list"),
    path("disputes/new/", views.find_child, name="find_child"),
    path("disputes/new/<int:pk>/", views.open_for_child, name="open"),
    path("disputes/review/", views.outcomes_review, name="review"),
    path("disputes/review/<slug:table>.csv", views.outcomes_csv, name="review_csv"),
    path("disputes/<int:pk>/", views.detail, name="detail"),
    path("disputes/<int:pk>/<slug:action>/", views.action, name="action"),
]
