"""Demo casus dossiers: the debts of the households with a casus registered on that casus (status and
arrangement), ZRM screenings repeated over time, notes, Routekaart mijlpalen and bewind, so the casus, schulden,
screening and bewind pages show something real. Deterministic for the population; in bulk."""

from datetime import timedelta

from django.utils import timezone

from cases.models import (
    Bewind,
    BewindSoort,
    Casus,
    Inwoner,
    Mijlpaal,
    MijlpaalBereikt,
    Notitie,
    Schuld,
    SchuldStatus,
    SchuldWijziging,
    ZrmDomein,
    ZrmScore,
    ZrmScreening,
)
from cases.workflow import CasusStatusWaarde
from venlo_armoede.accounts.models import Organisatie

REDEN = "demodata"
STATUSSEN = [
    SchuldStatus.OPEN,
    SchuldStatus.IN_REGELING,
    SchuldStatus.OPEN,
    SchuldStatus.AFGELOST,
    SchuldStatus.BETWIST,
]
NOTITIES = [
    "Eerste gesprek gehad. Inwoner brengt de brieven van de schuldeisers mee.",
    "Budgetplan besproken; vaste lasten worden nu op tijd betaald.",
    "Contact met de woningcorporatie: de ontruiming is uitgesteld.",
]


def _zrm(casus_index: int, domein_index: int, ronde: int) -> int:
    """A plausible score 1–5: low on Financiën at first, a little better at the second screening."""
    basis = 2 if domein_index == 0 else 3 + (casus_index + domein_index) % 3 - 1
    return max(1, min(5, basis + ronde))


def maak_demo_dossier(gebruikers: dict) -> dict[str, int]:
    klantadviseur = gebruikers["klantadviseur"]
    nu = timezone.now()
    casussen = list(
        Casus.objects.for_systeem(REDEN)
        .exclude(status=CasusStatusWaarde.AANMELDING)
        .filter(klantadviseur__isnull=False)
        .select_related("klantadviseur")
        .order_by("pk")
    )
    # Debts: those of the household, on its (first) casus; registered during intake, some changed since.
    schulden, wijzigingen = [], []
    eerste_casus = {}
    for casus in casussen:
        eerste_casus.setdefault(casus.huishouden_id, casus)
    rijen = Schuld.objects.for_systeem(REDEN).filter(huishouden_id__in=list(eerste_casus), casus__isnull=True)
    gezien = set()
    for i, schuld in enumerate(rijen.order_by("pk")):
        casus = eerste_casus[schuld.huishouden_id]
        if (casus.pk, schuld.schuldeiser.lower()) in gezien:
            continue  # one row per schuldeiser in a casus; a second debt to the same one stays on the household
        gezien.add((casus.pk, schuld.schuldeiser.lower()))
        schuld.casus = casus
        schuld.bedrag_bij_intake = schuld.bedrag
        schuld.bij_intake = True
        schuld.status = STATUSSEN[i % len(STATUSSEN)]
        if schuld.status == SchuldStatus.IN_REGELING:
            schuld.regeling = "Betalingsregeling van 50 euro per maand."
        if schuld.status == SchuldStatus.AFGELOST:
            schuld.bedrag = 0
        schuld.gewijzigd_op = nu
        schulden.append(schuld)
        wijzigingen.append(
            SchuldWijziging(
                schuld=schuld,
                tijdstip=casus.aangemeld_op + timedelta(days=7),
                door=casus.klantadviseur,
                omschrijving="Geregistreerd bij de intake",
            )  # fmt: skip
        )
    Schuld.objects.for_systeem(REDEN).bulk_update(
        schulden, ["casus", "bedrag_bij_intake", "bij_intake", "status", "regeling", "bedrag", "gewijzigd_op"]
    )
    SchuldWijziging.objects.bulk_create(wijzigingen)

    screenings, notities, mijlpalen = [], [], []
    mijlpaal_lijst = list(Mijlpaal.objects.filter(actief=True).order_by("volgorde")[:4])
    for i, casus in enumerate(casussen):
        start = timezone.localdate(casus.aangemeld_op) + timedelta(days=10)
        for ronde in range(1 + i % 2):
            screenings.append(
                (
                    i,
                    ronde,
                    ZrmScreening(
                        casus=casus,
                        afgenomen_op=start + timedelta(days=60 * ronde),
                        door=casus.klantadviseur,
                        tijdstip=nu,
                    ),
                )  # fmt: skip
            )
        notities.append(Notitie(casus=casus, tekst=NOTITIES[i % len(NOTITIES)], door=casus.klantadviseur, tijdstip=nu))
        for j, mijlpaal in enumerate(mijlpaal_lijst[: 2 + i % 3]):
            mijlpalen.append(
                MijlpaalBereikt(
                    casus=casus,
                    mijlpaal=mijlpaal,
                    bereikt_op=start + timedelta(days=j),
                    door=casus.klantadviseur,
                    tijdstip=nu,
                )  # fmt: skip
            )
    ZrmScreening.objects.bulk_create([s for _i, _r, s in screenings])
    ZrmScore.objects.bulk_create(
        ZrmScore(screening=s, domein=d.value, score=_zrm(i, k, r), toelichting="")
        for i, r, s in screenings
        for k, d in enumerate(ZrmDomein)
    )
    Notitie.objects.bulk_create(notities)
    MijlpaalBereikt.objects.bulk_create(mijlpalen)

    # Bewind for the aanvrager of every third household with a casus.
    bewindvoerders = list(Organisatie.objects.filter(soort="bewindvoerder").order_by("naam"))
    aanvragers = list(
        Inwoner.objects.for_systeem(REDEN)
        .filter(huishouden_id__in=list(eerste_casus)[::3], rol="aanvrager")
        .order_by("pk")
    )
    bewind = [
        Bewind(
            inwoner=inwoner,
            soort=BewindSoort.BESCHERMINGSBEWIND if i % 2 else BewindSoort.BUDGETBEHEER,
            organisatie=bewindvoerders[i % len(bewindvoerders)] if bewindvoerders else None,
            organisatie_naam="" if bewindvoerders else "Bewindvoerder Demo",
            sinds=timezone.localdate() - timedelta(days=200 + 30 * i),
            maandkosten_bijzondere_bijstand=120 if i % 2 else None,
            door=klantadviseur,
            vastgelegd_op=nu,
        )
        for i, inwoner in enumerate(aanvragers)
    ]
    Bewind.objects.bulk_create(bewind)
    return {
        "schulden bij casus": len(schulden),
        "zrm-screenings": len(screenings),
        "notities": len(notities),
        "bewind": len(bewind),
    }
