"""Beleid pages (aggregates only); included by the lead as
path("beleid/scenario/", include("regelingen.urls_beleid"))."""

from django.urls import path

from . import views

app_name = "scenario"
urlpatterns = [
    path("", views.ScenarioView.as_view(), name="scenario"),
]
