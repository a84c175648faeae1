"""The timeline of a casus: everything that happened, newest first. Each part of the system adds its own
events through the `tijdlijn_gevraagd` signal, so this module needs to know none of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .signals import tijdlijn_gevraagd


@dataclass(frozen=True)
class TijdlijnItem:
    tijdstip: datetime
    soort: str
    titel: str
    tekst: str = ""
    door: str = ""
    url: str = ""


def tijdlijn(casus) -> list[TijdlijnItem]:
    from .models import Casus

    items: list[TijdlijnItem] = []
    for _ontvanger, antwoord in tijdlijn_gevraagd.send(sender=Casus, casus=casus):
        items += [item if isinstance(item, TijdlijnItem) else TijdlijnItem(**item) for item in antwoord or []]
    return sorted(items, key=lambda item: item.tijdstip, reverse=True)
