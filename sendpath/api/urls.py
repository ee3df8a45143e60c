from django.urls import path

from sendpath.api import views

app_name = "api_tokens"
urlpatterns = [
    path("api-tokens/", views.token_list, name="list"),
    path("api-tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
]
