"""Beleid sees aggregates only: bereik per regeling and minima per income band, small counts hidden."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Q

from monitoring import selectors
from regelingen import rechten, services
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


def test_minimapopulatie_per_inkomensgrens(bevolking):
    [venlo] = selectors.minimapopulatie()
    # 1500 / 1401.50 = 107%: in every band from 110%; 3500 is 250%: in none.
    assert venlo["banden"] == ["0", "12", "12", "12", "12"]
    assert venlo["totaal"] == "15"


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
