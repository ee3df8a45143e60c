from django.urls import path

from sendpath.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.second_factor, name="second_factor"),
    path("sign-in/authenticator/", views.set_up_authenticator, name="set_up_authenticator"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("sign-in/signed-out/", views.signed_out, name="signed_out"),
]
