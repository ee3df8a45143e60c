"""Public High Needs Block summary (no sign-in) and value for money (managers, finance)."""

from django.urls import path

from sendpath.funding import public_views, value_for_money_views

app_name = "public_funding"
urlpatterns = [
    path("public/high-needs/", public_views.index, name="index"),
    path("public/high-needs/<slug:la>/<slug:year>/", public_views.summary, name="summary"),
    path("public/high-needs/<slug:la>/<slug:year>/data.json", public_views.summary_json, name="json"),
    path("public/high-needs/<slug:la>/<slug:year>/<slug:table>.csv", public_views.table_csv, name="csv"),
    path("funding/value-for-money/", value_for_money_views.value_for_money_view, name="value_for_money"),
    path(
        "funding/value-for-money/<slug:table>.csv",
        value_for_money_views.value_for_money_csv,
        name="value_for_money_csv",
    ),
]
