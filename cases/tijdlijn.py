"""The timeline of a casus: its own status history plus what other apps report through
`cases.signals.tijdlijn_gevraagd`, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .models import Afspraak, Casus
from .signals import tijdlijn_gevraagd


@dataclass(frozen=True)
class TijdlijnItem:
    tijdstip: datetime
    soort: str
    titel: str
    tekst: str = ""
    door: str = ""
    url: str = ""


def tijdlijn(casus: Casus) -> list[TijdlijnItem]:
    items = [
        TijdlijnItem(
            tijdstip=rij.tijdstip,
            soort="status",
            titel=f"Status: {rij.get_status_display()}",
            tekst=rij.toelichting,
            door=rij.door.get_username() if rij.door else "",
        )
        for rij in casus.statushistorie.select_related("door")
    ]
    # Afspraken sit on the timeline at the moment they were recorded; their own date is in the title.
    items += [
        TijdlijnItem(
            tijdstip=afspraak.vastgelegd_op,
            soort="afspraak",
            titel=f"{afspraak.get_soort_display()} op {afspraak.datum:%d-%m-%Y}",
            tekst=afspraak.omschrijving,
            door=(afspraak.door.get_full_name() or afspraak.door.get_username()) if afspraak.door else "",
        )
        for afspraak in Afspraak.objects.for_systeem("tijdlijn van een zichtbare casus")
        .filter(casus=casus)
        .select_related("door")
    ]
    for _ontvanger, antwoord in tijdlijn_gevraagd.send(sender=Casus, casus=casus):
        items += [item if isinstance(item, TijdlijnItem) else TijdlijnItem(**item) for item in antwoord or ()]
    return sorted(items, key=lambda item: item.tijdstip, reverse=True)
