"""Registering an aanvraag from the huishoudoverzicht; included as
path("werk/huishoudens/<int:pk>/aanvragen/", include("regelingen.urls_aanvragen"))."""

from django.urls import path

from . import views

app_name = "aanvragen"
urlpatterns = [path("", views.AanvraagRegistrerenView.as_view(), name="registreren")]
