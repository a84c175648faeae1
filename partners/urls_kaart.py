"""The public sociale kaart, mounted at /geldzorgen/ (no login)."""

from django.urls import path

from . import views

app_name = "kaart"
urlpatterns = [path("", views.GeldzorgenView.as_view(), name="geldzorgen")]
