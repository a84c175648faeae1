"""A change to a household reaches the real worker through Redis after the commit, and the worker
stores the new outcome."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from cases.services import NieuwInkomen, NieuwLid, registreer_huishouden, wijzig_inkomen
from regelingen.models import RechtUitkomst
from regelingen.referentiedata import laad_referentiedata
from tests.helpers import wacht_tot
from venlo_armoede.accounts.models import Stadsdeel


def leergeld(huishouden):
    return (
        RechtUitkomst.objects.filter(huishouden=huishouden, regeling__code="leergeld")
        .values_list("uitkomst", flat=True)
        .first()
    )


@pytest.mark.needs_redis
def test_gewijzigd_inkomen_wordt_na_commit_door_de_worker_herberekend(celery_worker_proces):
    laad_referentiedata()
    vandaag = timezone.localdate()
    with transaction.atomic():
        huishouden = registreer_huishouden(
            door=None,
            straat="Kaldenkerkerweg",
            huisnummer=12,
            postcode="5913 AE",
            stadsdeel=Stadsdeel.objects.get(naam="Venlo"),
            leden=[
                NieuwLid(
                    voornaam="Lotte",
                    achternaam="Hendriks",
                    geboortedatum=date(1990, 4, 1),
                    rol="aanvrager",
                    inkomens=[
                        NieuwInkomen(soort="loon", netto_maandbedrag=Decimal("1600.00"), geldig_van=date(2025, 1, 1))
                    ],
                ),
                NieuwLid(
                    voornaam="Daan",
                    achternaam="Hendriks",
                    geboortedatum=vandaag.replace(year=vandaag.year - 9),
                    rol="kind",
                ),
            ],
        )
        # Inside the transaction nothing has been sent yet: the worker could not see the household.
        assert leergeld(huishouden) is None
    wacht_tot(lambda: leergeld(huishouden) == "recht", bericht="worker did not compute the new household")

    aanvrager = huishouden.leden.get(rol="aanvrager")
    wijzig_inkomen(inwoner=aanvrager, soort="loon", netto_maandbedrag=Decimal("2400.00"), geldig_van=vandaag, door=None)
    wacht_tot(lambda: leergeld(huishouden) == "geen_recht", bericht="worker did not recompute after the change")
