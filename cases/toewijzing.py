"""Handovers on the casus timeline: who became the hoofdbehandelaar, from whom, by whom and why."""

from __future__ import annotations

from .models import Overdracht
from .signals import tijdlijn_gevraagd
from .tijdlijn import TijdlijnItem, gevraagde_casussen


def _naam(gebruiker) -> str:
    return gebruiker.get_full_name() or gebruiker.get_username()


def tijdlijn_items(sender, casus=None, casussen=None, **kwargs) -> list[TijdlijnItem]:
    rijen = (
        Overdracht.objects.for_systeem("tijdlijn van een zichtbare casus")
        .filter(casus_id__in=gevraagde_casussen(casus, casussen))
        .select_related("van", "naar", "door", "team")
    )
    items = []
    for rij in rijen:
        if rij.van is None:
            titel = f"Toegewezen aan {_naam(rij.naar)}"
        else:
            titel = f"Overgedragen van {_naam(rij.van)} aan {_naam(rij.naar)}"
        if rij.team:
            titel += f" (team {rij.team})"
        items.append(
            TijdlijnItem(
                tijdstip=rij.tijdstip,
                soort="overdracht",
                titel=titel,
                tekst=rij.reden,
                door=_naam(rij.door) if rij.door else "API-koppeling",
                casus_id=rij.casus_id,
            )
        )
    return items


tijdlijn_gevraagd.connect(tijdlijn_items, dispatch_uid="cases.toewijzing.tijdlijn")
