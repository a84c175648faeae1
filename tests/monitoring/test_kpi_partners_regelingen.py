"""KPI formulas of partners (referrals, vroegsignalen) and regelingen (take-up, budget) on hand-made data."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import Q
from django.utils import timezone

from partners import selectors as partners_selectors
from regelingen import rechten
from regelingen import selectors as regelingen_selectors
from regelingen import services as regelingen_services
from regelingen.models import Regeling, RegelingVersie
from tests.factories import DienstFactory, OrganisatieFactory
from tests.helpers import maak_huishouden
from tests.monitoring.test_kpi_formules import totaal

pytestmark = [pytest.mark.django_db, pytest.mark.needs_postgres]  # the KPI queries are PostgreSQL


@pytest.fixture
def verwijzen(gebruiker_met_rol):
    from cases.services import open_casus
    from partners import services

    adviseur = gebruiker_met_rol("klantadviseur")
    vandaag = timezone.localdate()

    def verwijs(organisatie):
        casus = open_casus(
            huishouden=maak_huishouden(inkomen=Decimal("1500")),
            hulpvraag="Schulden",
            door=adviseur,
            klantadviseur=adviseur,
        )
        services.leg_toestemming_vast(
            casus=casus,
            organisatie=organisatie,
            categorieen=["hulpvraag"],
            wijze="mondeling",
            gegeven_op=vandaag,
            geldig_tot=vandaag + timedelta(days=30),
            door=adviseur,
        )
        return services.verwijs_door(
            casus=casus,
            dienst=DienstFactory(organisatie=organisatie),
            hulpvraag="Schulden",
            urgentie="normaal",
            categorieen=["hulpvraag"],
            door=adviseur,
        )

    return verwijs


def test_doorverwijzing_geaccepteerd_en_afgewezen_per_partner(verwijzen, gebruiker_met_rol):
    from partners import services

    maatje = OrganisatieFactory(naam="Maatje", soort="vrijwilligers")
    medewerker = gebruiker_met_rol("partnermedewerker")
    geaccepteerd, afgewezen = verwijzen(maatje), verwijzen(maatje)
    verwijzen(maatje)  # still waiting for a reaction
    for dv in (geaccepteerd, afgewezen):
        services.zet_stap(doorverwijzing=dv, stap="ontvangen", door=medewerker, organisatie=maatje)
    services.zet_stap(doorverwijzing=geaccepteerd, stap="geaccepteerd", door=medewerker, organisatie=maatje)
    services.zet_stap(
        doorverwijzing=afgewezen, stap="afgewezen", reden="geen_capaciteit", door=medewerker, organisatie=maatje
    )
    peil = timezone.localdate()
    vanaf = peil.replace(day=1) - timedelta(days=400)
    rij = totaal(
        partners_selectors.kpi_telling("doorverwijzingen_geaccepteerd", vanaf=vanaf, peildatum=peil), categorie="Maatje"
    )
    assert (rij["teller"], rij["noemer"]) == (1, 2)  # the open one has no reaction yet: not counted
    assert (
        totaal(partners_selectors.kpi_telling("doorverwijzingen", vanaf=vanaf, peildatum=peil), categorie="Maatje")[
            "teller"
        ]
        == 3
    )
    vrijwilligers = totaal(
        partners_selectors.kpi_telling("doorverwijzingen_vrijwilligers", vanaf=vanaf, peildatum=peil)
    )
    assert (vrijwilligers["teller"], vrijwilligers["noemer"]) == (3, 3)
    reactie = totaal(
        partners_selectors.kpi_telling("doorverwijzingen_reactietijd", vanaf=vanaf, peildatum=peil), categorie="Maatje"
    )
    assert reactie["aantal"] == 2 and 0 <= reactie["waarde"] < 0.01  # reacted within seconds


def test_vroegsignalen_contact_en_hulp_geaccepteerd(gebruiker_met_rol):
    from partners import services
    from venlo_armoede.accounts.models import ApiToken, Organisatie

    corporatie = Organisatie.objects.create(naam="Woonwenz", soort="signaalpartner")
    token, _ = ApiToken.maak(organisatie=corporatie, naam="t", scopes=["vroegsignalen:schrijven"])
    midoffice = gebruiker_met_rol("midoffice")
    signalen = [
        services.ontvang_vroegsignaal(
            token=token,
            soort="huur",
            achterstand_bedrag=Decimal("500"),
            achterstand_sinds=date(2026, 1, 1),
            naam=f"Inwoner {i}",
            straat="Parade",
            huisnummer=10 + i,
            postcode="5911 CA",
            woonplaats="Venlo",
        )
        for i in range(3)
    ]
    vandaag = timezone.localdate()
    services.registreer_contactpoging(
        signaal=signalen[0], soort="telefoon", datum=vandaag, bereikt=True, door=midoffice
    )
    services.registreer_contactpoging(
        signaal=signalen[1], soort="telefoon", datum=vandaag, bereikt=False, door=midoffice
    )
    vanaf = vandaag.replace(day=1) - timedelta(days=400)
    contact = totaal(partners_selectors.kpi_telling("vroegsignalen_contact", vanaf=vanaf, peildatum=vandaag))
    assert (contact["teller"], contact["noemer"]) == (1, 3)
    assert (
        totaal(partners_selectors.kpi_telling("vroegsignalen_ontvangen", vanaf=vanaf, peildatum=vandaag))["teller"] == 3
    )


@pytest.fixture
def bevolking(regels):
    arm = [maak_huishouden(inkomen=Decimal("1500.00"), kinderen=(8,)) for _ in range(6)]
    rechten.herbereken_selectie(Q(), peildatum=date(2026, 3, 1))
    return arm


def test_regeling_met_en_zonder_gebruik(bevolking):
    leergeld = Regeling.objects.get(code="leergeld")
    for huishouden in bevolking[:2]:
        aanvraag = regelingen_services.registreer_aanvraag(
            huishouden=huishouden, regeling=leergeld, aangevraagd_op=date(2026, 3, 2)
        )
        regelingen_services.besluit_op_aanvraag(
            aanvraag=aanvraag, toegekend=True, besloten_op=date(2026, 3, 9), bedrag=Decimal("250")
        )
    regelingen_services.registreer_aanvraag(huishouden=bevolking[2], regeling=leergeld, aangevraagd_op=date(2026, 3, 2))
    peil = date(2026, 3, 31)
    vanaf = date(2025, 4, 1)
    bereik = totaal(regelingen_selectors.kpi_telling("bereik", vanaf=vanaf, peildatum=peil), categorie=leergeld.naam)
    assert (bereik["teller"], bereik["noemer"]) == (2, 6)
    aangevraagd = totaal(
        regelingen_selectors.kpi_telling("aangevraagd", vanaf=vanaf, peildatum=peil), categorie=leergeld.naam
    )
    assert aangevraagd["teller"] == 3
    niet = totaal(
        regelingen_selectors.kpi_telling("niet_gebruik", vanaf=vanaf, peildatum=peil), categorie=leergeld.naam
    )
    assert (niet["teller"], niet["noemer"]) == (4, 6)
    # A regeling with a right but no take-up at all: bereik 0 of n, niet-gebruik n of n.
    andere = [
        r
        for r in regelingen_selectors.kpi_telling("bereik", vanaf=vanaf, peildatum=peil)
        if r["categorie"] != leergeld.naam
    ]
    assert any(r["teller"] == 0 and r["noemer"] > 0 for r in andere)
    RegelingVersie.objects.filter(regeling=leergeld).update(jaarbudget=Decimal("1000"))
    budget = totaal(
        regelingen_selectors.kpi_telling("budgetgebruik", vanaf=vanaf, peildatum=peil), categorie=leergeld.naam
    )
    assert (budget["teller"], budget["noemer"], budget["aantal"]) == (Decimal("500"), Decimal("1000"), 2)


def test_minimapopulatie_per_grens(bevolking):
    rij = totaal(
        regelingen_selectors.kpi_telling("minimapopulatie_110", vanaf=date(2025, 4, 1), peildatum=date(2026, 3, 31))
    )
    assert (rij["teller"], rij["noemer"]) == (6, 6)
    rij = totaal(
        regelingen_selectors.kpi_telling("minimapopulatie_100", vanaf=date(2025, 4, 1), peildatum=date(2026, 3, 31))
    )
    assert rij["teller"] == 0


def test_jaarbudget_zonder_toekenningen_dit_jaar_is_nul_procent(bevolking):
    """Onderuitputting: a regeling with a jaarbudget and nothing granted this year shows 0% used, not nothing."""
    from monitoring import selectors as monitoring_selectors
    from monitoring import services as monitoring_services
    from monitoring.kpis import PER_CODE
    from monitoring.onderdrukking import toon

    leergeld = Regeling.objects.get(code="leergeld")
    RegelingVersie.objects.filter(regeling=leergeld).update(jaarbudget=Decimal("1000"))
    vorig_jaar = regelingen_services.registreer_aanvraag(
        huishouden=bevolking[0], regeling=leergeld, aangevraagd_op=date(2025, 12, 1)
    )
    regelingen_services.besluit_op_aanvraag(  # granted last year: not this year's budget
        aanvraag=vorig_jaar, toegekend=True, besloten_op=date(2025, 12, 8), bedrag=Decimal("250")
    )
    peil = date(2026, 3, 31)
    rijen = regelingen_selectors.kpi_telling("budgetgebruik", vanaf=date(2025, 4, 1), peildatum=peil)
    assert [r["categorie"] for r in rijen] == [leergeld.naam]  # the regelingen without a jaarbudget have no row
    budget = totaal(rijen, categorie=leergeld.naam)
    assert (budget["teller"], budget["noemer"], budget["aantal"]) == (0, Decimal("1000"), 0)
    assert toon(PER_CODE["budgetgebruik"], budget) == "0%"
    monitoring_services.bereken(peildatum=peil)
    maart = date(2026, 3, 1)
    trechter = monitoring_selectors.dashboard(van=maart, tot=maart)["trechter"]
    [rij] = [r for r in trechter.rijen if r[0] == leergeld.naam]
    assert rij[-1] == "0%"
