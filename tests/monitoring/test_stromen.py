"""Referral flows between gemeente and partners and the vroegsignalen funnel on /beleid/ (issue 12, item 3): the
two new counts (afgerond per partner, zorgmeldingen per partner) on hand-made data, the chain rule over the
funnel and the flow, and the page, its exports and the report reading them from the snapshots only, with a
query count that does not grow with the number of organisations."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import selectors as cases_selectors
from cases.services import AanmeldBron, meld_aan
from monitoring import selectors
from monitoring.models import KpiWaarde
from monitoring.onderdrukking import markeer_alle
from monitoring.services import _velden
from partners import selectors as partners_selectors
from tests.factories import DienstFactory, OrganisatieFactory
from tests.helpers import maak_huishouden
from tests.monitoring.pdf_tekst import tekst
from tests.monitoring.test_kpi_formules import totaal

DEZE_MAAND = timezone.localdate().replace(day=1)
TZ = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def beleid(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("beleidsadviseur"))
    return client


# --- The counts (PostgreSQL: the KPI queries are) --------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.needs_postgres
def test_afgerond_telt_per_partner_in_de_maand_van_afronden(gebruiker_met_rol):
    from cases.services import open_casus
    from partners import services

    adviseur = gebruiker_met_rol("klantadviseur")
    maatje = OrganisatieFactory(naam="Maatje", soort="vrijwilligers")
    medewerker = gebruiker_met_rol("partnermedewerker", organisatie=maatje)
    dienst = DienstFactory(organisatie=maatje)

    def verwijs():
        vandaag = timezone.localdate()
        casus = open_casus(
            huishouden=maak_huishouden(inkomen=Decimal("1500")),
            hulpvraag="Schulden",
            door=adviseur,
            klantadviseur=adviseur,
        )
        services.leg_toestemming_vast(
            casus=casus,
            organisatie=maatje,
            categorieen=["hulpvraag"],
            wijze="mondeling",
            gegeven_op=vandaag,
            geldig_tot=vandaag + timedelta(days=30),
            door=adviseur,
        )
        return services.verwijs_door(
            casus=casus,
            dienst=dienst,
            hulpvraag="Schulden",
            urgentie="normaal",
            categorieen=["hulpvraag"],
            door=adviseur,
        )

    with time_machine.travel(datetime(2026, 1, 15, 10, tzinfo=TZ), tick=False):
        klaar, bezig = verwijs(), verwijs()
        verwijs()  # no reaction yet
        for dv in (klaar, bezig):
            for stap in ("ontvangen", "geaccepteerd", "in_behandeling"):
                services.zet_stap(doorverwijzing=dv, stap=stap, door=medewerker, organisatie=maatje)
    with time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=TZ), tick=False):
        services.zet_stap(
            doorverwijzing=klaar,
            stap="afgerond",
            uitkomst="doel_bereikt",
            toelichting="Klaar.",
            door=medewerker,
            organisatie=maatje,
        )
    rijen = partners_selectors.kpi_telling(
        "doorverwijzingen_afgerond", vanaf=date(2025, 1, 1), peildatum=timezone.localdate()
    )
    # In the month it was finished, not the month it was sent (ADR 0026); the one in treatment is not counted.
    assert [(r["maand"], r["teller"]) for r in rijen if r["stadsdeel"] is None and r["doelgroep"] is None] == [
        (date(2026, 3, 1), 1)
    ]
    assert totaal(rijen, categorie="Maatje")["teller"] == 1
    assert partners_selectors.organisatiesoorten()["Maatje"] == "Vrijwilligersorganisatie"


@pytest.mark.django_db
@pytest.mark.needs_postgres
def test_zorgmeldingen_tellen_per_organisatie_van_de_melder(gebruiker_met_rol):
    incluzio = OrganisatieFactory(naam="Incluzio", soort="professioneel")
    partner = gebruiker_met_rol("partnermedewerker", organisatie=incluzio)
    kcc = gebruiker_met_rol("midoffice")

    def huishouden():
        return maak_huishouden(inkomen=Decimal("1500"))

    for _ in range(2):
        meld_aan(
            door=partner,
            huishouden=maak_huishouden(inkomen=Decimal("1500")),
            hulpvraag="Post stapelt op",
            bron=AanmeldBron.PARTNER,
        )
    # Registered by the gemeente as coming from a partner: no partner named, still counted in the total.
    meld_aan(
        door=kcc,
        huishouden=maak_huishouden(inkomen=Decimal("1500")),
        hulpvraag="Via een partner",
        bron=AanmeldBron.PARTNER,
    )
    meld_aan(door=kcc, huishouden=huishouden(), hulpvraag="Zelf gebeld", bron=AanmeldBron.KCC)  # not a zorgmelding
    rijen = cases_selectors.kpi_telling(
        "zorgmeldingen", vanaf=DEZE_MAAND - timedelta(days=400), peildatum=timezone.localdate()
    )
    assert totaal(rijen, categorie="Incluzio")["teller"] == 2
    assert totaal(rijen, categorie=cases_selectors.ZORGMELDING_ZONDER_ORGANISATIE)["teller"] == 1


# --- The chain rule over the funnel and the flow -------------------------------------------------------------
def _rij(teller, noemer=None, categorie="", stadsdeel=None, maand=DEZE_MAAND):
    return {
        "maand": maand,
        "stadsdeel": stadsdeel,
        "doelgroep": None,
        "categorie": categorie,
        "teller": Decimal(teller),
        "noemer": None if noemer is None else Decimal(noemer),
    }


def test_trechter_van_vroegsignalen_verbergt_een_klein_verschil_tussen_stappen():
    alle = {
        "vroegsignalen_ontvangen": [_rij(20)],
        "vroegsignalen_contact": [_rij(12, 20)],
        # 12 spoken to, 10 of them with a known outcome: the 2 without one would show; contact is hidden.
        "vroegsignalen_hulp_geaccepteerd": [_rij(5, 10)],
    }
    markeer_alle(alle)
    [hulp], [contact] = alle["vroegsignalen_hulp_geaccepteerd"], alle["vroegsignalen_contact"]
    assert contact.get("teller_verborgen") and not contact.get("noemer_verborgen")
    assert not hulp.get("teller_verborgen") and not hulp.get("noemer_verborgen")
    assert not alle["vroegsignalen_ontvangen"][0].get("teller_verborgen")


def test_stroom_naar_een_partner_verbergt_een_klein_aantal_afgewezen_of_wachtend():
    alle = {
        "doorverwijzingen": [_rij(30, categorie="Maatje")],
        # 20 reacted of 30 sent; 18 accepted: 2 refused (the complement) must not show.
        "doorverwijzingen_geaccepteerd": [_rij(18, 20, categorie="Maatje")],
        "doorverwijzingen_afgerond": [_rij(10, categorie="Maatje")],
    }
    markeer_alle(alle)
    [geaccepteerd] = alle["doorverwijzingen_geaccepteerd"]
    assert geaccepteerd.get("teller_verborgen") and not geaccepteerd.get("noemer_verborgen")
    assert selectors._afgewezen(geaccepteerd) == "<5"
    assert not alle["doorverwijzingen_afgerond"][0].get("teller_verborgen")


# --- The page, the exports and the report ----------------------------------------------------------------------
def _schrijf(alle: dict[str, list[dict]]) -> None:
    """Write snapshot rows as a run does: through the one suppression rule."""
    markeer_alle(alle)
    KpiWaarde.objects.bulk_create(KpiWaarde(kpi=code, **_velden(r)) for code, rijen in alle.items() for r in rijen)


def _stromen(organisaties: dict[str, tuple[int, int, int, int, int]]) -> dict[str, list[dict]]:
    """{naam: (verstuurd, beantwoord, geaccepteerd, afgerond, zorgmeldingen)} as snapshot rows of this month."""
    alle: dict[str, list[dict]] = {k: [] for k in selectors.STROOM_KPIS}
    for naam, (verstuurd, beantwoord, geaccepteerd, afgerond, zorgmeldingen) in organisaties.items():
        alle["doorverwijzingen"].append(_rij(verstuurd, categorie=naam))
        alle["doorverwijzingen_geaccepteerd"].append(_rij(geaccepteerd, beantwoord, categorie=naam))
        if afgerond:
            alle["doorverwijzingen_afgerond"].append(_rij(afgerond, categorie=naam))
        if zorgmeldingen:
            alle["zorgmeldingen"].append(_rij(zorgmeldingen, categorie=naam))
    return alle


@pytest.fixture
def stromen_en_signalen(db):
    OrganisatieFactory(naam="Schuldhulpmaatje", soort="vrijwilligers")
    OrganisatieFactory(naam="Incluzio", soort="professioneel")
    OrganisatieFactory(naam="Stichting Leergeld", soort="fonds")
    alle = _stromen(
        {
            "Schuldhulpmaatje": (30, 25, 20, 10, 0),
            "Incluzio": (40, 40, 30, 20, 12),
            "Stichting Leergeld": (3, 3, 3, 0, 0),  # a small number: "<5"
        }
    )
    alle["vroegsignalen_ontvangen"] = [_rij(50)]
    alle["vroegsignalen_contact"] = [_rij(30, 50)]
    alle["vroegsignalen_hulp_geaccepteerd"] = [_rij(12, 24)]
    _schrijf(alle)


@pytest.mark.django_db
def test_pagina_toont_verwijsstromen_per_soort_en_de_trechter_van_vroegsignalen(beleid, stromen_en_signalen):
    antwoord = beleid.get("/beleid/")
    assert antwoord.status_code == 200
    stromen = antwoord.context["verwijsstromen"]
    assert stromen.rijen == [
        # Grouped by kind (fonds, professioneel, vrijwilligers), then by name.
        ["Stichting Leergeld", "Fonds", "<5", "<5", "×", "0", "–", "0"],
        ["Incluzio", "Professionele organisatie", "40", "30", "10", "20", "75%", "12"],
        ["Schuldhulpmaatje", "Vrijwilligersorganisatie", "30", "20", "5", "10", "80%", "0"],
    ]
    trechter = antwoord.context["signaaltrechter"]
    assert trechter.rijen == [
        ["Signaal ontvangen", "50", "100%", ""],
        ["Contact gemaakt", "30", "60%", "60%"],
        ["Gesproken, uitkomst bekend", "24", "48%", "80%"],
        ["Hulp geaccepteerd (aanmelding gemaakt)", "12", "24%", "50%"],
    ]
    html = antwoord.content.decode()
    assert 'id="g-verwijsstromen-titel"' in html and 'id="g-signaaltrechter-titel"' in html  # the charts
    assert "Doorverwijzingen tussen gemeente en partners" in html and "Van vroegsignaal tot hulp" in html
    assert "<script" not in html and "style=" not in html
    for naam, tabel in (("verwijsstromen", stromen), ("signaaltrechter", trechter)):
        inhoud = beleid.get(f"/beleid/export/{naam}.csv").content.decode("utf-8-sig")
        rijen = list(csv.reader(io.StringIO(inhoud), delimiter=";"))
        assert rijen[0] == [k.removeprefix("#") for k in tabel.koppen]
        assert rijen[1 : 1 + len(tabel.rijen)] == tabel.rijen
        assert beleid.get(f"/beleid/export/{naam}.xlsx").status_code == 200


@pytest.mark.django_db
def test_stadsdeelfilter_leest_de_cijfers_van_het_stadsdeel(beleid, stromen_en_signalen):
    from tests.factories import StadsdeelFactory

    blerick = StadsdeelFactory(naam="Blerick")
    KpiWaarde.objects.create(
        kpi="doorverwijzingen", maand=DEZE_MAAND, stadsdeel=blerick, categorie="Incluzio", teller=Decimal(7)
    )
    antwoord = beleid.get("/beleid/", {"stadsdeel": blerick.pk})
    assert antwoord.context["verwijsstromen"].rijen == [
        ["Incluzio", "Professionele organisatie", "7", "0", "0", "0", "nog geen gegevens", "0"]
    ]
    assert antwoord.context["signaaltrechter"].rijen == []  # no signals in Blerick: says so, no zeros
    assert "er zijn in deze periode geen vroegsignalen ontvangen" in antwoord.content.decode()


@pytest.mark.django_db
def test_aantal_queries_groeit_niet_met_het_aantal_organisaties(beleid, stromen_en_signalen):
    beleid.get("/beleid/")  # warm caches (session, permissions)
    with CaptureQueriesContext(connection) as weinig:
        beleid.get("/beleid/")
    for i in range(12):
        OrganisatieFactory(naam=f"Partner {i}", soort="professioneel")
    _schrijf(_stromen({f"Partner {i}": (10, 10, 10, 5, 6) for i in range(12)}))
    with CaptureQueriesContext(connection) as veel:
        antwoord = beleid.get("/beleid/")
    assert len(antwoord.context["verwijsstromen"].rijen) == 15
    assert len(veel.captured_queries) == len(weinig.captured_queries)


@pytest.mark.django_db
def test_rapport_bevat_de_verwijsstromen_en_de_trechter(beleid, stromen_en_signalen):
    jaar = DEZE_MAAND.year if DEZE_MAAND.month > 6 else DEZE_MAAND.year - 1
    helft = 1 if DEZE_MAAND.month > 6 else 2
    # The report shows the last month of its half year: put the same figures there.
    laatste = date(jaar, 6 if helft == 1 else 12, 1)
    KpiWaarde.objects.filter(maand=DEZE_MAAND).update(maand=laatste)
    html = beleid.get("/beleid/rapport/", {"halfjaar": f"{jaar}-{helft}"}).content.decode()
    assert "Doorverwijzingen tussen gemeente en partners" in html and "Van vroegsignaal tot hulp" in html
    assert "/beleid/export/" not in html
    # The PDF has the same tables as /beleid/ for that month, cell for cell.
    pdf = beleid.get("/beleid/rapport.pdf", {"halfjaar": f"{jaar}-{helft}"})
    inhoud = " ".join(tekst(pdf.content).split())
    tabellen = selectors.tabellen(van=laatste, tot=laatste)
    for naam in ("verwijsstromen", "signaaltrechter"):
        assert len(tabellen[naam].rijen) >= 3, naam
        for rij in tabellen[naam].rijen:
            cellen = " ".join(" ".join(cel.split()) for cel in rij if cel)
            assert cellen in inhoud, (naam, rij)
