"""Functioneel beheer pages for rule versions, in the application's own style; included before the admin as
path("beheer/regels/", include("regelingen.urls_beheer"))."""

from django.urls import path

from . import views_beheer

app_name = "regelbeheer"
urlpatterns = [
    path("<int:pk>/", views_beheer.RegelingHistorieView.as_view(), name="historie"),
    path("versies/<int:pk>/wijzigen/", views_beheer.VersieWijzigView.as_view(), name="versie-wijzigen"),
]
