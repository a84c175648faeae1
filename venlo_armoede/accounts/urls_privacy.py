from django.urls import path

from . import privacy

app_name = "privacy"

urlpatterns = [
    path("", privacy.StartView.as_view(), name="start"),
    path("inwoner/", privacy.InwonerView.as_view(), name="inwoner"),
    path("gebruiker/", privacy.GebruikerView.as_view(), name="gebruiker"),
    path("doorbraken/", privacy.DoorbrakenView.as_view(), name="doorbraken"),
    path("betrokkenen/", privacy.BetrokkenenView.as_view(), name="betrokkenen"),
    path("betrokkenen/export/", privacy.BetrokkenenExportView.as_view(), name="export"),
]
