"""Routes of the monitoring API, included in venlo_armoede/api/urls.py (namespace "api"): api:kpis."""

from django.urls import path

from . import views

urlpatterns = [path("kpis/", views.KpisView.as_view(), name="kpis")]
