"""Pages for people the council asks: professionals' advice and schools' consultation answers."""

from django.urls import path

from sendpath.assessments import advice_views

app_name = "advice"
urlpatterns = [
    path("advice/<int:pk>/", advice_views.give_advice, name="give"),
    path("consultations/<int:pk>/", advice_views.answer_consultation, name="consultation"),
]
