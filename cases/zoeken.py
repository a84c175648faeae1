"""Find an inwoner with one search box: a name, a birth date (dd-mm-jjjj), an address, a postcode (with or
without space) or an exact BSN. A BSN is matched only whole, on its blind index (ADR 0013): part of a BSN
finds nothing, so the box cannot be used to guess one digit at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from venlo_armoede.versleuteling import blinde_index

from .bsn import is_geldig_bsn
from .models import Huishouden, Inwoner

MAX_RESULTATEN = 25
# Candidate rows for a text search; only those the user reaches (for_user) are read and shown.
REDEN_KANDIDATEN = "zoekvraag: kandidaten op naam of straat"
_DATUM = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_POSTCODE = re.compile(r"^([1-9]\d{3}) ?([A-Za-z]{2})$")
_CIJFERS = re.compile(r"^[\d .]+$")


@dataclass(frozen=True)
class Zoekvraag:
    """What the search box was read as: `soort` is bsn, datum, postcode, tekst, or a refusal (ongeldig)."""

    soort: str
    filter: Q | None = None
    melding: str = ""


def lees_zoekvraag(tekst: str) -> Zoekvraag:
    tekst = " ".join(tekst.split())
    if not tekst:
        return Zoekvraag("leeg")
    if _CIJFERS.match(tekst):
        cijfers = tekst.replace(" ", "").replace(".", "")
        if len(cijfers) == 9 and is_geldig_bsn(cijfers):
            return Zoekvraag("bsn", Q(bsn_index=blinde_index(cijfers)))
        if len(cijfers) == 9:
            return Zoekvraag("ongeldig", melding="Dit is geen geldig BSN. Controleer de 9 cijfers.")
        return Zoekvraag(
            "ongeldig",
            melding="Zoek op een volledig BSN van 9 cijfers. Met een deel van een BSN zoeken kan niet.",
        )
    if m := _DATUM.match(tekst):
        try:
            dag = datetime(int(m[3]), int(m[2]), int(m[1])).date()
        except ValueError:
            return Zoekvraag("ongeldig", melding="Deze datum bestaat niet. Schrijf de datum als 31-12-1980.")
        return Zoekvraag("datum", Q(geboortedatum=dag))
    if m := _POSTCODE.match(tekst):
        return Zoekvraag("postcode", Q(huishouden__postcode=f"{m[1]} {m[2].upper()}"))
    if len(tekst) < 2:
        return Zoekvraag("ongeldig", melding="Typ minstens 2 letters.")
    filter_ = Q()
    for woord in tekst.split(" "):
        # Each part as its own subquery on one table, so PostgreSQL can answer it from the trigram indexes
        # (migration cases 0017) before anyone's reach is checked; the outer query then applies for_user.
        kandidaten = Inwoner.objects.for_systeem(REDEN_KANDIDATEN)
        op_naam = kandidaten.filter(Q(voornaam__icontains=woord) | Q(achternaam__icontains=woord)).values("pk")
        straten = Huishouden.objects.for_systeem(REDEN_KANDIDATEN).filter(straat__icontains=woord).values("pk")
        op_straat = kandidaten.filter(huishouden_id__in=straten).values("pk")
        deel = Q(pk__in=op_naam.union(op_straat))
        if woord.isdigit():
            deel |= Q(huishouden__huisnummer=int(woord))
        filter_ &= deel
    return Zoekvraag("tekst", filter_)


def zoek_inwoners(*, gebruiker, vraag: Zoekvraag) -> list[Inwoner]:
    """The inwoners the user may reach that match, at most MAX_RESULTATEN, by name. Households out of reach
    are not shown at all (ADR 0020); opening one still goes through the reason step."""
    if vraag.filter is None:
        return []
    rijen: QuerySet[Inwoner] = (
        Inwoner.objects.for_user(gebruiker)
        .filter(vraag.filter, huishouden__geanonimiseerd_op__isnull=True)
        .select_related("huishouden")
        .only(
            "id",
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "bsn_index",
            "huishouden__id",
            "huishouden__straat",
            "huishouden__huisnummer",
            "huishouden__huisnummer_toevoeging",
            "huishouden__postcode",
            "huishouden__woonplaats",
            "huishouden__geanonimiseerd_op",
        )
        .order_by("achternaam", "voornaam", "id")
    )
    return list(rijen[:MAX_RESULTATEN])
