"""Demo referrals: consents (one revoked) and referrals from the demo klantadviseur's casussen to several
organisations, in every state of the loop, with their steps. Deterministic for a seed; bulk inserts."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from cases import selectors as cases_selectors
from cases.models import Casus
from partners.models import (
    Dienst,
    Doorverwijzing,
    DoorverwijzingStap,
    Toestemming,
)

_TZ = ZoneInfo("Europe/Amsterdam")
CATEGORIEEN = ["contactgegevens", "huishouden", "hulpvraag"]
# (path of steps after "verstuurd", organisation "leergeld" or "ander") — every state at least once for the
# demo partner (Stichting Leergeld Venlo), and more referrals to other organisations.
PADEN = [
    ((), "leergeld"),  # verstuurd (its reaction term long passed: the beat task reports it)
    (("ontvangen",), "leergeld"),
    (("ontvangen", "geaccepteerd"), "leergeld"),
    (("ontvangen", "afgewezen"), "leergeld"),
    (("ontvangen", "geaccepteerd", "in_behandeling"), "leergeld"),
    (("ontvangen", "geaccepteerd", "in_behandeling", "afgerond"), "leergeld"),
    (("ontvangen", "geaccepteerd", "in_behandeling", "teruggestuurd"), "leergeld"),
    ((), "ander"),
    (("ontvangen", "geaccepteerd"), "ander"),
    (("ontvangen", "geaccepteerd", "in_behandeling", "afgerond"), "ander"),
    (("ontvangen", "afgewezen"), "ander"),
]


def maak_demo_doorverwijzingen(*, gebruikers: dict, peildatum, seed: int) -> dict[str, int]:
    rng = random.Random(f"{seed}-doorverwijzingen")
    adviseur = gebruikers["klantadviseur"]
    casussen = list(
        Casus.objects.for_systeem("demodata")
        .filter(klantadviseur=adviseur)
        .select_related("huishouden")
        .order_by("pk")[: len(PADEN)]
    )
    diensten = list(Dienst.objects.openbaar().select_related("organisatie").order_by("organisatie__naam", "naam"))
    leergeld = [d for d in diensten if d.organisatie.naam == "Stichting Leergeld Venlo"]
    anderen = [d for d in diensten if d.organisatie.soort != "gemeente" and d not in leergeld]
    if not casussen or not leergeld or not anderen:
        return {}
    toestemmingen, verwijzingen, plannen = [], [], []
    for nummer, (pad, soort) in enumerate(PADEN):
        casus = casussen[nummer % len(casussen)]  # a small population has few casussen: some get several
        dienst = leergeld[0] if soort == "leergeld" else anderen[nummer % len(anderen)]
        verstuurd = datetime.combine(peildatum - timedelta(days=rng.randint(3, 40)), time(10, 0), _TZ)
        toestemming = Toestemming(
            casus=casus,
            organisatie=dienst.organisatie,
            categorieen=CATEGORIEEN,
            wijze=rng.choice(["mondeling", "schriftelijk", "digitaal"]),
            gegeven_op=verstuurd.date(),
            geldig_tot=verstuurd.date() + timedelta(days=365),
            vastgelegd_door=adviseur,
            vastgelegd_op=verstuurd - timedelta(minutes=5),
            # One revoked consent: the partner then sees "toestemming ingetrokken" without the data.
            ingetrokken_op=verstuurd + timedelta(days=2) if nummer == 2 else None,
            ingetrokken_door=adviseur if nummer == 2 else None,
        )
        toestemmingen.append(toestemming)
        gegevens = cases_selectors.deelbare_gegevens(casus=casus, categorieen=CATEGORIEEN, peildatum=verstuurd.date())
        gegevens["hulpvraag"] = casus.hulpvraag
        status = pad[-1] if pad else "verstuurd"
        verwijzingen.append(
            Doorverwijzing(
                casus=casus,
                dienst=dienst,
                organisatie=dienst.organisatie,
                hulpvraag=casus.hulpvraag,
                urgentie="hoog" if casus.crisis else "normaal",
                categorieen=CATEGORIEEN,
                gegevens=gegevens,
                status=status,
                versie=len(pad) + 1,
                verstuurd_op=verstuurd,
                verstuurd_door=adviseur,
                reageren_uiterlijk=cases_selectors.werkdagen_later(
                    verstuurd.date(), dienst.organisatie.reactietermijn_werkdagen
                ),
                uitkomst="doel_bereikt" if status == "afgerond" else "",
            )
        )
        plannen.append((pad, verstuurd))
    Toestemming.objects.bulk_create(toestemmingen)
    for verwijzing, toestemming in zip(verwijzingen, toestemmingen, strict=True):
        verwijzing.toestemming = toestemming
    Doorverwijzing.objects.bulk_create(verwijzingen)
    stappen = []
    for verwijzing, (pad, verstuurd) in zip(verwijzingen, plannen, strict=True):
        partner = gebruikers.get("partner") if verwijzing.organisatie.naam == "Stichting Leergeld Venlo" else None
        stappen.append(
            DoorverwijzingStap(
                doorverwijzing=verwijzing,
                stap="verstuurd",
                tijdstip=verstuurd,
                door=adviseur,
                door_naam=adviseur.username,
            )
        )
        tijdstip = verstuurd
        for stap in pad:
            tijdstip += timedelta(days=1, hours=rng.randint(0, 5))
            stappen.append(
                DoorverwijzingStap(
                    doorverwijzing=verwijzing,
                    stap=stap,
                    tijdstip=tijdstip,
                    door=partner,
                    door_naam=partner.username if partner else f"medewerker {verwijzing.organisatie.naam}"[:150],
                    organisatie=verwijzing.organisatie,
                    reden="geen_capaciteit" if stap == "afgewezen" else "",
                    uitkomst="doel_bereikt" if stap == "afgerond" else "",
                    toelichting={
                        "afgerond": "Betalingsregeling getroffen; de administratie loopt weer.",
                        "teruggestuurd": "Inwoner wil liever hulp van de gemeente zelf.",
                    }.get(stap, ""),
                )
            )
    DoorverwijzingStap.objects.bulk_create(stappen)
    return {"toestemmingen": len(toestemmingen), "doorverwijzingen": len(verwijzingen)}
