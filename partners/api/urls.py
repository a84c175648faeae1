"""Routes of the public sociale-kaart API, included in venlo_armoede/api/urls.py (namespace "api"):
name api:diensten."""

from django.urls import path

from . import views

urlpatterns = [path("diensten/", views.DienstenView.as_view(), name="diensten")]
