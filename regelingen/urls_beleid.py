"""Beleid pages (aggregates only); included by the lead as
path("beleid/scenario/", include("regelingen.urls_beleid"))."""

from django.urls import path

from . import views

app_name = "scenario"
urlpatterns = [
    path("", views.ScenarioView.as_view(), name="scenario"),
    # A what-if over a large population runs in the background: its page and its counters (issue 12, item 8).
    path("berekening/<int:pk>/", views.ScenarioRunView.as_view(), name="run"),
    path("berekening/<int:pk>/status/", views.ScenarioRunStatusView.as_view(), name="run-status"),
]
