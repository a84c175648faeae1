"""The VNG Routekaart Financiële Zorgen: which mijlpalen (reference data, cases.Mijlpaal) a casus reached,
on which day and recorded by whom. Each mijlpaal is reached once per casus."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import Actie

from .maatwerk import _naam
from .models import Casus, Mijlpaal, MijlpaalBereikt
from .services import _log_casus
from .signals import tijdlijn_gevraagd
from .tijdlijn import TijdlijnItem, gevraagde_casussen


def stand(casus: Casus, gebruiker) -> list[tuple[Mijlpaal, MijlpaalBereikt | None]]:
    """Every mijlpaal in order with the casus's record of it (None when not reached). Inactive mijlpalen are
    shown only when the casus reached them."""
    bereikt = {
        b.mijlpaal_id: b for b in MijlpaalBereikt.objects.for_user(gebruiker).filter(casus=casus).select_related("door")
    }
    return [(m, bereikt.get(m.pk)) for m in Mijlpaal.objects.order_by("volgorde") if m.actief or m.pk in bereikt]


def leg_vast(*, casus: Casus, door, mijlpaal: Mijlpaal, bereikt_op: date, request=None) -> MijlpaalBereikt:
    if not door.heeft_rol(Rol.KLANTADVISEUR):
        raise PermissionDenied("Alleen een klantadviseur legt mijlpalen vast.")
    if not mijlpaal.actief:
        raise ValidationError({"mijlpaal": ["Deze mijlpaal wordt niet meer gebruikt."]})
    if bereikt_op is None:
        raise ValidationError({"bereikt_op": ["Vul de datum in."]})
    if bereikt_op > timezone.localdate():
        raise ValidationError({"bereikt_op": ["Deze datum ligt in de toekomst."]})
    if bereikt_op < timezone.localdate(casus.aangemeld_op):
        raise ValidationError({"bereikt_op": ["Deze datum ligt vóór de aanmelding."]})
    try:
        with transaction.atomic():
            rij = MijlpaalBereikt.objects.create(
                casus=casus, mijlpaal=mijlpaal, bereikt_op=bereikt_op, door=door, tijdstip=timezone.now()
            )
            _log_casus(
                casus=casus,
                door=door,
                actie=Actie.WIJZIGEN,
                omschrijving=f"Mijlpaal {mijlpaal.volgorde} bereikt (casus {casus.pk})",
                request=request,
            )
    except IntegrityError:
        raise ValidationError({"mijlpaal": ["Deze mijlpaal is al vastgelegd bij deze casus."]}) from None
    return rij


def tijdlijn_items(sender, casus=None, casussen=None, **kwargs) -> list[TijdlijnItem]:
    return [
        TijdlijnItem(
            tijdstip=rij.tijdstip,
            soort="mijlpaal",
            titel=f"Mijlpaal bereikt: {rij.mijlpaal}",
            tekst=f"Bereikt op {rij.bereikt_op:%d-%m-%Y}.",
            door=_naam(rij.door),
            url=reverse("cases:routekaart", kwargs={"pk": rij.casus_id}),
            casus_id=rij.casus_id,
        )
        for rij in MijlpaalBereikt.objects.for_systeem("tijdlijn van een zichtbare casus")
        .filter(casus_id__in=gevraagde_casussen(casus, casussen))
        .select_related("mijlpaal", "door")
    ]


tijdlijn_gevraagd.connect(tijdlijn_items, dispatch_uid="cases.routekaart.tijdlijn")
