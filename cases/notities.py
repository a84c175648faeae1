"""Notities on a casus: who wrote what and when. Append-only: a correction is a new note."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import Actie

from .maatwerk import _naam
from .models import Casus, Notitie
from .services import _log_casus
from .signals import tijdlijn_gevraagd
from .tijdlijn import TijdlijnItem, gevraagde_casussen

MAXIMALE_LENGTE = 5000


def voeg_toe(*, casus: Casus, door, tekst: str, request=None) -> Notitie:
    """Add a note to a casus within the klantadviseur's reach."""
    if not door.heeft_rol(Rol.KLANTADVISEUR):
        raise PermissionDenied("Alleen een klantadviseur schrijft notities bij een casus.")
    tekst = (tekst or "").strip()
    if not tekst:
        raise ValidationError({"tekst": ["Schrijf een notitie."]})
    if len(tekst) > MAXIMALE_LENGTE:
        raise ValidationError({"tekst": [f"Een notitie heeft hoogstens {MAXIMALE_LENGTE} tekens."]})
    with transaction.atomic():
        notitie = Notitie.objects.create(casus=casus, tekst=tekst, door=door, tijdstip=timezone.now())
        _log_casus(
            casus=casus,
            door=door,
            actie=Actie.AANMAKEN,
            omschrijving=f"Notitie geschreven (casus {casus.pk})",
            request=request,
        )
    return notitie


def tijdlijn_items(sender, casus=None, casussen=None, **kwargs) -> list[TijdlijnItem]:
    return [
        TijdlijnItem(
            tijdstip=notitie.tijdstip,
            soort="notitie",
            titel="Notitie",
            tekst=notitie.tekst,
            door=_naam(notitie.door),
            url=reverse("cases:notities", kwargs={"pk": notitie.casus_id}),
            casus_id=notitie.casus_id,
        )
        for notitie in Notitie.objects.for_systeem("tijdlijn van een zichtbare casus")
        .filter(casus_id__in=gevraagde_casussen(casus, casussen))
        .select_related("door")
    ]


tijdlijn_gevraagd.connect(tijdlijn_items, dispatch_uid="cases.notities.tijdlijn")
