"""Routes of the public regelingen API, included in venlo_armoede/api/urls.py (namespace "api") as
path("", include("regelingen.api.urls")): names api:regelingen and api:rechtencheck."""

from django.urls import path

from . import views

urlpatterns = [
    path("regelingen/", views.RegelingenView.as_view(), name="regelingen"),
    path("rechtencheck/", views.RechtencheckView.as_view(), name="rechtencheck"),
]
