"""The public "check je recht" page (no login); included as path("check-je-recht/", include(...))."""

from django.urls import path

from . import views_publiek

app_name = "regelingen"
urlpatterns = [path("", views_publiek.CheckJeRechtView.as_view(), name="check-je-recht")]
