from django.urls import path

from sendpath.people import views

app_name = "people"
urlpatterns = [
    path("children/", views.child_list, name="list"),
    path("children/<int:pk>/", views.child_detail, name="detail"),
    path("children/<int:pk>/edit/", views.child_edit, name="edit"),
    path("children/<int:pk>/audit/", views.child_audit, name="audit"),
]
