"""Worklist pages for klantadviseurs and midoffice; included by the lead as
path("werk/niet-gebruik/", include("regelingen.urls_werk"))."""

from django.urls import path

from . import views

app_name = "niet_gebruik"
urlpatterns = [
    path("", views.NietGebruikView.as_view(), name="lijst"),
    path("export/", views.NietGebruikExportView.as_view(), name="export"),
]
