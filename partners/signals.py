"""Receivers of the partners app for signals of other apps and lower layers (connected in PartnersConfig.ready)."""

from __future__ import annotations

from cases.selectors import gevraagde_casussen

from . import selectors
from .models import Contactpoging, Vroegsignaal


def vroegsignaal_op_tijdlijn(sender, *, casus=None, casussen=None, **kwargs) -> list[dict]:
    """The vroegsignaal behind each casus, its contact attempts and its result, for the casus timeline. Only what
    a case worker of that casus may see: no BSN, and the signal's own name and address stay on its page. Read for
    all casussen asked about at once (two queries)."""
    signalen = {
        signaal.pk: signaal
        for signaal in Vroegsignaal.objects.for_systeem("tijdlijn van een casus")
        .filter(casus_id__in=gevraagde_casussen(casus, casussen))
        .select_related("organisatie")  # newest first (the model's ordering), as .first() was before
    }
    if not signalen:
        return []
    eerste = {}  # one signal per casus: the newest, as the casus page always showed
    for signaal in signalen.values():
        eerste.setdefault(signaal.casus_id, signaal)
    items = []
    for signaal in eerste.values():
        items.append(
            {
                "tijdstip": signaal.ontvangen_op,
                "soort": "vroegsignaal",
                "titel": f"Vroegsignaal ontvangen: {signaal.get_soort_display().lower()}",
                "tekst": f"Van {signaal.organisatie.naam}, achterstand € {signaal.achterstand_bedrag}"
                + (" (herhaald signaal op dit adres)" if signaal.opeenvolgend else ""),
                "door": signaal.organisatie.naam,
                "url": "",
                "casus_id": signaal.casus_id,
            }
        )
    pogingen = Contactpoging.objects.for_systeem("tijdlijn van een casus").filter(
        vroegsignaal_id__in=[s.pk for s in eerste.values()]
    )
    for poging in pogingen.select_related("door"):
        items.append(
            {
                "tijdstip": poging.vastgelegd_op,
                "soort": "vroegsignaal",
                "titel": f"Contactpoging: {poging.get_soort_display()}",
                "tekst": f"{poging.datum:%d-%m-%Y}, inwoner {'bereikt' if poging.bereikt else 'niet bereikt'}",
                "door": poging.door.get_full_name() if poging.door else "",
                "url": "",
                "casus_id": signalen[poging.vroegsignaal_id].casus_id,
            }
        )
    for signaal in eerste.values():
        if signaal.resultaat and signaal.resultaat_op:
            items.append(
                {
                    "tijdstip": signaal.resultaat_op,
                    "soort": "vroegsignaal",
                    "titel": f"Resultaat vroegsignaal: {signaal.get_resultaat_display()}",
                    "tekst": "Teruggemeld aan de signaalpartner.",
                    "door": "",
                    "url": "",
                    "casus_id": signaal.casus_id,
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
