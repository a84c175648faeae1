"""Beleid sees aggregates only: bereik per regeling and minima per income band, small counts hidden."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Q

from monitoring import selectors
from regelingen import rechten, services
from regelingen import selectors as regelingen_selectors
from regelingen.models import Regeling
from tests.helpers import maak_huishouden


@pytest.fixture
def bevolking(regels):
    # 12 one-parent households under the Leergeld grens, 3 above it.
    arm = [maak_huishouden(inkomen=Decimal("1500.00"), kinderen=(8,)) for _ in range(12)]
    rijk = [maak_huishouden(inkomen=Decimal("3500.00"), kinderen=(8,)) for _ in range(3)]
    rechten.herbereken_selectie(Q(), peildatum=date(2026, 3, 1))
    return arm, rijk


def test_bereik_is_toegekend_gedeeld_door_rechthebbend(bevolking):
    arm, _ = bevolking
    leergeld = Regeling.objects.get(code="leergeld")
    for huishouden in arm[:6]:
        aanvraag = services.registreer_aanvraag(
            huishouden=huishouden, regeling=leergeld, aangevraagd_op=date(2026, 3, 2)
        )
        services.besluit_op_aanvraag(aanvraag=aanvraag, toegekend=True, besloten_op=date(2026, 3, 9), bedrag=None)
    rij = next(r for r in selectors.bereik_per_regeling() if r["regeling"] == leergeld.naam)
    assert rij == {"regeling": leergeld.naam, "rechthebbend": "12", "toegekend": "6", "bereik_pct": 50}


def test_kleine_aantallen_en_hun_percentage_worden_verborgen(bevolking):
    arm, _ = bevolking
    leergeld = Regeling.objects.get(code="leergeld")
    aanvraag = services.registreer_aanvraag(huishouden=arm[0], regeling=leergeld, aangevraagd_op=date(2026, 3, 2))
    services.besluit_op_aanvraag(aanvraag=aanvraag, toegekend=True, besloten_op=date(2026, 3, 3))
    rij = next(r for r in selectors.bereik_per_regeling() if r["regeling"] == leergeld.naam)
    assert rij["toegekend"] == "<5"
    assert rij["bereik_pct"] is None  # 1 of 12 would reveal the suppressed count


def test_kleine_aanvulling_verbergt_toegekend_en_percentage(bevolking):
    arm, _ = bevolking
    leergeld = Regeling.objects.get(code="leergeld")
    for huishouden in arm[:10]:
        aanvraag = services.registreer_aanvraag(
            huishouden=huishouden, regeling=leergeld, aangevraagd_op=date(2026, 3, 2)
        )
        services.besluit_op_aanvraag(aanvraag=aanvraag, toegekend=True, besloten_op=date(2026, 3, 3))
    rij = next(r for r in selectors.bereik_per_regeling() if r["regeling"] == leergeld.naam)
    # 10 of 12 would say 2 households with a right did not get it.
    assert (rij["rechthebbend"], rij["toegekend"], rij["bereik_pct"]) == ("12", "×", None)


def test_minimapopulatie_per_inkomensgrens(bevolking):
    [ruw] = regelingen_selectors.inkomensbanden_per_stadsdeel(selectors.INKOMENSGRENZEN)
    # 1500 / 1401.50 = 107%: in every band from 110%; 3500 is 250%: in none.
    assert (ruw["banden"], ruw["totaal"]) == ([0, 12, 12, 12, 12], 15)
    [venlo] = selectors.minimapopulatie()
    # Shown, 15 − 12 would say 3 households are above 150%: the bands are cumulative, so each 12 is hidden.
    assert venlo["banden"] == ["0", "×", "×", "×", "×"]
    assert venlo["totaal"] == "15"


def test_minimapopulatie_toont_banden_met_grote_verschillen(regels):
    for inkomen in ("1500.00",) * 6 + ("3500.00",) * 5:
        maak_huishouden(inkomen=Decimal(inkomen), kinderen=(8,))
    rechten.herbereken_selectie(Q(), peildatum=date(2026, 3, 1))
    [venlo] = selectors.minimapopulatie()
    assert (venlo["banden"], venlo["totaal"]) == (["0", "6", "6", "6", "6"], "11")


def test_besluit_kan_maar_een_keer(bevolking):
    from django.core.exceptions import ValidationError

    arm, _ = bevolking
    leergeld = Regeling.objects.get(code="leergeld")
    aanvraag = services.registreer_aanvraag(huishouden=arm[0], regeling=leergeld, aangevraagd_op=date(2026, 3, 2))
    services.besluit_op_aanvraag(aanvraag=aanvraag, toegekend=False, besloten_op=date(2026, 3, 3))
    with pytest.raises(ValidationError):
        services.besluit_op_aanvraag(aanvraag=aanvraag, toegekend=True, besloten_op=date(2026, 3, 4))


@pytest.mark.needs_postgres  # the KPI snapshots are computed with PostgreSQL
def test_beleidspagina_toont_totalen_en_geen_personen(client, gebruiker_met_rol, bevolking):
    from monitoring.services import bereken

    bereken()  # the page reads the snapshots
    client.force_login(gebruiker_met_rol("beleidsadviseur"))
    html = client.get("/beleid/").content.decode()
    assert "Bereik per regeling" in html and "Stichting Leergeld Venlo" in html
    assert "Parade" not in html  # no address
