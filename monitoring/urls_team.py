"""The teamleider's page; included as path("werk/team/", include("monitoring.urls_team"))."""

from django.urls import path

from .team import TeamView

app_name = "team"
urlpatterns = [path("", TeamView.as_view(), name="overzicht")]
