"""Ten approvals at the same moment that together ask more than the flexibel budget: exactly the ones that fit
succeed, the rest get the Dutch refusal, the budget ends at or above zero and nothing is half-saved."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cases import maatwerk
from cases.models import FlexibelBudget, MaatwerkBesluit, MaatwerkStatus, MaatwerkVoorstel
from tests.factories import CasusFactory, InwonerFactory, UserFactory
from venlo_armoede.accounts.roles import Rol

pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db(transaction=True)]


def test_tien_gelijktijdige_goedkeuringen_overschrijden_het_budget_nooit():
    budget = FlexibelBudget.objects.create(jaar=timezone.localdate().year, bedrag=Decimal("1000.00"))
    klantadviseur = UserFactory(rollen=[Rol.KLANTADVISEUR])
    casus = CasusFactory(huishouden=InwonerFactory().huishouden)
    voorstellen = [
        maatwerk.stel_voor(
            casus=casus,
            door=klantadviseur,
            soort="flexibel_budget",
            bedrag=Decimal("300.00"),
            motivering="Wasmachine stuk.",
        )
        for _ in range(10)
    ]  # 10 x 300 asked, 1000 there: exactly 3 fit
    beoordelaars = [UserFactory(rollen=[Rol.KWALITEITSFUNCTIONARIS]) for _ in range(10)]
    start = threading.Barrier(10)
    gelukt, geweigerd, anders = [], [], []

    def keur_goed(voorstel, door):
        try:
            start.wait()
            maatwerk.beslis(voorstel=voorstel, door=door, goedkeuren=True, reden="Past binnen het beleid.")
            gelukt.append(voorstel.pk)
        except ValidationError as fout:
            geweigerd.append(fout.messages[0])
        except Exception as fout:  # noqa: BLE001 - any other outcome fails the test below
            anders.append(repr(fout))
        finally:
            connection.close()

    draden = [threading.Thread(target=keur_goed, args=paar) for paar in zip(voorstellen, beoordelaars, strict=True)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=60)

    assert anders == []
    assert len(gelukt) == 3 and len(geweigerd) == 7
    assert all(tekst.startswith(f"Er is niet genoeg flexibel budget voor {budget.jaar}.") for tekst in geweigerd)
    budget.refresh_from_db()
    assert budget.besteed == Decimal("900.00") and budget.over == Decimal("100.00")
    assert set(MaatwerkBesluit.objects.for_systeem("test").values_list("voorstel_id", flat=True)) == set(gelukt)
    statussen = dict(MaatwerkVoorstel.objects.for_systeem("test").values_list("pk", "status"))
    assert sorted(statussen.values()).count(MaatwerkStatus.GOEDGEKEURD) == 3
    assert [pk for pk, status in statussen.items() if status == MaatwerkStatus.OPEN] == sorted(
        set(statussen) - set(gelukt)
    )
