"""The finance officer's High Needs pages, and a child's costs."""

from django.urls import path

from sendpath.funding import views

app_name = "funding"
urlpatterns = [
    path("finance/", views.home, name="home"),
    path("finance/budget/<int:year>/", views.budget_edit, name="budget_edit"),
    path("finance/recompute/", views.recompute, name="recompute"),
    path("finance/bands/", views.bands, name="bands"),
    path("finance/bands/<int:pk>/add/", views.band_add, name="band_add"),
    path("finance/bands/rates/<int:pk>/", views.band_edit, name="band_edit"),
    path("finance/ledger/", views.ledger, name="ledger"),
    path("finance/ledger/add/", views.cost_add, name="cost_add"),
    path("finance/placements/<int:pk>/", views.placement, name="placement"),
    path("children/<int:pk>/costs/", views.child_costs, name="child_costs"),
]
