"""Functioneel beheer pages for rule versions, in the application's own style; included before the admin as
path("beheer/regels/", include("regelingen.urls_beheer"))."""

from django.urls import path

from . import views_beheer

app_name = "regelbeheer"
urlpatterns = [
    path("<int:pk>/", views_beheer.RegelingHistorieView.as_view(), name="historie"),
    path("versies/<int:pk>/wijzigen/", views_beheer.VersieWijzigView.as_view(), name="versie-wijzigen"),
    # The full recompute: the list (and starting one, POST), one run's progress and its counters.
    path("herberekening/", views_beheer.HerberekeningenView.as_view(), name="herberekeningen"),
    path("herberekening/<int:pk>/", views_beheer.HerberekeningView.as_view(), name="herberekening"),
    # The complete rule set as one YAML file: download, and upload with a check before the import.
    path("regelset/", views_beheer.RegelsetView.as_view(), name="regelset"),
    path("regelset/regelset.yaml", views_beheer.RegelsetExportView.as_view(), name="regelset-export"),
    path("herberekening/<int:pk>/status/", views_beheer.HerberekeningStatusView.as_view(), name="herberekening-status"),
]
