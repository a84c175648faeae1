"""Receivers of the partners app for signals of other apps and lower layers (connected in PartnersConfig.ready)."""

from __future__ import annotations

from . import selectors
from .models import Contactpoging, Vroegsignaal


def vroegsignaal_op_tijdlijn(sender, *, casus, **kwargs) -> list[dict]:
    """The vroegsignaal behind a casus, its contact attempts and its result, for the casus timeline. Only what a
    case worker of that casus may see: no BSN, and the signal's own name and address stay on its page."""
    signaal = (
        Vroegsignaal.objects.for_systeem("tijdlijn van een casus")
        .filter(casus=casus)
        .select_related("organisatie")
        .first()
    )
    if signaal is None:
        return []
    items = [
        {
            "tijdstip": signaal.ontvangen_op,
            "soort": "vroegsignaal",
            "titel": f"Vroegsignaal ontvangen: {signaal.get_soort_display().lower()}",
            "tekst": f"Van {signaal.organisatie.naam}, achterstand € {signaal.achterstand_bedrag}"
            + (" (herhaald signaal op dit adres)" if signaal.opeenvolgend else ""),
            "door": signaal.organisatie.naam,
            "url": "",
        }
    ]
    pogingen = Contactpoging.objects.for_systeem("tijdlijn van een casus").filter(vroegsignaal=signaal)
    for poging in pogingen.select_related("door"):
        items.append(
            {
                "tijdstip": poging.vastgelegd_op,
                "soort": "vroegsignaal",
                "titel": f"Contactpoging: {poging.get_soort_display()}",
                "tekst": f"{poging.datum:%d-%m-%Y}, inwoner {'bereikt' if poging.bereikt else 'niet bereikt'}",
                "door": poging.door.get_full_name() if poging.door else "",
                "url": "",
            }
        )
    if signaal.resultaat and signaal.resultaat_op:
        items.append(
            {
                "tijdstip": signaal.resultaat_op,
                "soort": "vroegsignaal",
                "titel": f"Resultaat vroegsignaal: {signaal.get_resultaat_display()}",
                "tekst": "Teruggemeld aan de signaalpartner.",
                "door": "",
                "url": "",
            }
        )
    return items


def contact_op_sociale_kaart(sender, *, organisatie_ids, **kwargs) -> dict:
    """The public contact of each organisation's first public dienst (venlo_armoede.sociale_kaart)."""
    contact: dict = {}
    for dienst in selectors.openbare_diensten().filter(organisatie_id__in=organisatie_ids):
        if dienst.organisatie_id in contact:
            continue
        adres = ", ".join(d for d in (dienst.adres, f"{dienst.postcode} {dienst.plaats}".strip()) if d)
        contact[dienst.organisatie_id] = {
            "naam": dienst.naam,
            "telefoon": dienst.telefoon,
            "email": dienst.email,
            "website": dienst.website,
            "adres": adres,
        }
    return contact
