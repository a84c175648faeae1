"""The timeline of a casus: its own status history plus what other apps report through
`cases.signals.tijdlijn_gevraagd`, newest first. The huishoudoverzicht shows the timeline of all its casussen
together (tijdlijn_van): every part is read for all of them at once, so the number of queries does not grow with
the number of casussen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from .models import Afspraak, Casus, CasusStatus
from .signals import tijdlijn_gevraagd


@dataclass(frozen=True)
class TijdlijnItem:
    tijdstip: datetime
    soort: str
    titel: str
    tekst: str = ""
    door: str = ""
    url: str = ""
    casus_id: int | None = None  # which casus it is about (the household timeline names it)


def gevraagde_casussen(casus: Casus | None = None, casussen: Sequence[Casus] | None = None) -> list[int]:
    """The ids of the casussen a receiver of tijdlijn_gevraagd is asked about: `casussen` (the household's
    timeline) or the one `casus`."""
    return [c.pk for c in casussen] if casussen is not None else [casus.pk]


def tijdlijn(casus: Casus) -> list[TijdlijnItem]:
    return tijdlijn_van([casus])


def tijdlijn_van(casussen: Sequence[Casus]) -> list[TijdlijnItem]:
    """The events of these casussen (the viewer sees each of them), newest first."""
    casussen = list(casussen)
    if not casussen:
        return []
    ids = [c.pk for c in casussen]
    items = [
        TijdlijnItem(
            tijdstip=rij.tijdstip,
            soort="status",
            titel=f"Status: {rij.get_status_display()}",
            tekst=rij.toelichting,
            door=rij.door.get_username() if rij.door else "",
            casus_id=rij.casus_id,
        )
        for rij in CasusStatus.objects.for_systeem("tijdlijn van een zichtbare casus")
        .filter(casus_id__in=ids)
        .select_related("door")
    ]
    # Afspraken sit on the timeline at the moment they were recorded; their own date is in the title.
    items += [
        TijdlijnItem(
            tijdstip=afspraak.vastgelegd_op,
            soort="afspraak",
            titel=f"{afspraak.get_soort_display()} op {afspraak.datum:%d-%m-%Y}",
            tekst=afspraak.omschrijving,
            door=(afspraak.door.get_full_name() or afspraak.door.get_username()) if afspraak.door else "",
            casus_id=afspraak.casus_id,
        )
        for afspraak in Afspraak.objects.for_systeem("tijdlijn van een zichtbare casus")
        .filter(casus_id__in=ids)
        .select_related("door")
    ]
    for _ontvanger, antwoord in tijdlijn_gevraagd.send(sender=Casus, casussen=casussen):
        items += [item if isinstance(item, TijdlijnItem) else TijdlijnItem(**item) for item in antwoord or ()]
    if len(casussen) == 1:  # an item that does not say which casus it is about: the only one there is
        items = [item if item.casus_id else replace(item, casus_id=ids[0]) for item in items]
    return sorted(items, key=lambda item: item.tijdstip, reverse=True)
