"""Routes of the partners API, included in venlo_armoede/api/urls.py (namespace "api"): api:diensten,
api:doorverwijzingen, api:doorverwijzing, api:doorverwijzing-stappen."""

from django.urls import path

from . import doorverwijzingen, views

urlpatterns = [
    path("diensten/", views.DienstenView.as_view(), name="diensten"),
    path("doorverwijzingen/", doorverwijzingen.DoorverwijzingenView.as_view(), name="doorverwijzingen"),
    path("doorverwijzingen/<int:pk>/", doorverwijzingen.DoorverwijzingView.as_view(), name="doorverwijzing"),
    path(
        "doorverwijzingen/<int:pk>/stappen/",
        doorverwijzingen.StappenView.as_view(),
        name="doorverwijzing-stappen",
    ),
]
