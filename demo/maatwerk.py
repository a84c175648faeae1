"""Demo maatwerk and nazorg: a flexibel budget for the current year with some spent, proposals open, approved
and rejected, and nazorg contacts planned and recorded. Deterministic and in bulk."""

from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from cases.models import (
    Casus,
    FlexibelBudget,
    MaatwerkBesluit,
    MaatwerkStatus,
    MaatwerkVoorstel,
    NazorgContact,
)
from cases.workflow import CasusStatusWaarde

BUDGET = Decimal("25000.00")


def maak_demo_maatwerk(gebruikers: dict) -> dict[str, int]:
    klantadviseur, kwaliteit = gebruikers["klantadviseur"], gebruikers["kwaliteitsfunctionaris"]
    nu = timezone.now()
    casussen = list(Casus.objects.for_systeem("demodata").filter(klantadviseur=klantadviseur).order_by("pk")[:40])
    open_ = [c for c in casussen if c.status != CasusStatusWaarde.AFGESLOTEN][:12]
    dicht = [c for c in casussen if c.status == CasusStatusWaarde.AFGESLOTEN][:6]
    statussen = [MaatwerkStatus.OPEN, MaatwerkStatus.GOEDGEKEURD, MaatwerkStatus.AFGEWEZEN]
    voorstellen = [
        MaatwerkVoorstel(
            casus=casus,
            soort="flexibel_budget" if i % 3 else "boven_grens",
            regeling="" if i % 3 else "Individuele inkomenstoeslag",
            bedrag=Decimal(150 + 50 * i) if i % 3 else None,
            motivering="Eenmalige kosten die de inwoner niet kan dragen; geen andere voorziening past.",
            voorgesteld_door=klantadviseur,
            voorgesteld_op=nu - timedelta(days=30 - i),
            status=statussen[i % 3],
        )
        for i, casus in enumerate(open_)
    ]
    MaatwerkVoorstel.objects.bulk_create(voorstellen)
    besluiten = [
        MaatwerkBesluit(
            voorstel=v,
            goedgekeurd=v.status == MaatwerkStatus.GOEDGEKEURD,
            reden="Besproken aan de maattafel.",
            door=kwaliteit,
            tijdstip=v.voorgesteld_op + timedelta(days=2),
            budgetjaar=nu.year if v.status == MaatwerkStatus.GOEDGEKEURD and v.bedrag else None,
        )
        for v in voorstellen
        if v.status != MaatwerkStatus.OPEN
    ]
    MaatwerkBesluit.objects.bulk_create(besluiten)
    besteed = sum((b.voorstel.bedrag for b in besluiten if b.budgetjaar), Decimal(0))
    FlexibelBudget.objects.get_or_create(
        jaar=timezone.localdate().year, defaults={"bedrag": BUDGET, "besteed": besteed}
    )
    vandaag = timezone.localdate()
    contacten = []
    for i, casus in enumerate(dicht):
        afgesloten = vandaag - relativedelta(months=2 + 3 * i)
        for maanden in (3, 12):
            gepland = afgesloten + relativedelta(months=maanden)
            gedaan = gepland < vandaag - timedelta(days=7)
            contacten.append(
                NazorgContact(
                    casus=casus,
                    maanden=maanden,
                    gepland_op=gepland,
                    uitgevoerd_op=gepland + timedelta(days=3) if gedaan else None,
                    nieuwe_achterstanden=(i % 3 == 0) if gedaan else None,
                    rust_en_overzicht=(i % 3 != 0) if gedaan else None,
                    door=klantadviseur if gedaan else None,
                    vastgelegd_op=nu if gedaan else None,
                )
            )
    NazorgContact.objects.bulk_create(contacten, ignore_conflicts=True)
    return {"maatwerkvoorstellen": len(voorstellen), "nazorgcontacten": len(contacten)}
