"""URL configuration: each app owns its URLs."""

from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from sendpath.accounts.views import admin_sign_in
from sendpath.api.api import api

# The admin is for system administrators only, and only after the second factor.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "sendpath administration"

urlpatterns = [
    path("", include("sendpath.home.urls")),
    path("", include("sendpath.accounts.urls")),
    path("", include("sendpath.people.urls")),
    # Before the casework URLs: "cases/<pk>/<slug:action>/" would otherwise take
    # "cases/<pk>/views/" and "cases/<pk>/documents/".
    path("", include("sendpath.assessments.online_urls")),
    path("", include("sendpath.assessments.urls")),
    path("", include("sendpath.assessments.advice_urls")),
    path("", include("sendpath.plans.urls")),
    path("", include("sendpath.reviews.urls")),
    path("", include("sendpath.progress.urls")),
    path("", include("sendpath.funding.urls")),
    path("", include("sendpath.funding.public_urls")),
    path("", include("sendpath.disputes.urls")),
    path("", include("sendpath.forecast.urls")),
    path("", include("sendpath.returns.urls")),
    path("", include("sendpath.figures.urls")),
    path("", include("sendpath.imports.urls")),
    path("", include("sendpath.api.urls")),
    path("api/v1/", api.urls),
    path("admin/login/", admin_sign_in),
    path("admin/", admin.site.urls),
]

handler403 = "sendpath.home.views.forbidden"
handler404 = "sendpath.home.views.not_found"
handler500 = "sendpath.home.views.server_error"
