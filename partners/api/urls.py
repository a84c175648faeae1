"""Routes of the partners API, included in venlo_armoede/api/urls.py (namespace "api"): api:diensten,
api:doorverwijzingen, api:doorverwijzing, api:doorverwijzing-stappen and the vroegsignalen
(api:vroegsignaal-list, api:vroegsignaal-detail)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import doorverwijzingen, views
from .vroegsignalen import VroegsignaalViewSet

router = SimpleRouter()
router.register("vroegsignalen", VroegsignaalViewSet, basename="vroegsignaal")

urlpatterns = [
    path("diensten/", views.DienstenView.as_view(), name="diensten"),
    path("doorverwijzingen/", doorverwijzingen.DoorverwijzingenView.as_view(), name="doorverwijzingen"),
    path("doorverwijzingen/<int:pk>/", doorverwijzingen.DoorverwijzingView.as_view(), name="doorverwijzing"),
    path(
        "doorverwijzingen/<int:pk>/stappen/",
        doorverwijzingen.StappenView.as_view(),
        name="doorverwijzing-stappen",
    ),
    *router.urls,
]
