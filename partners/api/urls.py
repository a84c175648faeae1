"""Routes of the partners API, included in venlo_armoede/api/urls.py (namespace "api"): api:diensten and the
vroegsignalen (api:vroegsignaal-list, api:vroegsignaal-detail)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views
from .vroegsignalen import VroegsignaalViewSet

router = SimpleRouter()
router.register("vroegsignalen", VroegsignaalViewSet, basename="vroegsignaal")

urlpatterns = [path("diensten/", views.DienstenView.as_view(), name="diensten"), *router.urls]
