"""The KPI formulas of vroegsignalen (help accepted, opeenvolgend), referral outcomes, partner capacity,
maatwerk, the flexibel budget and nazorg, on small hand-made data: raw teller and noemer as the snapshot stores
them (suppression is tested apart, in test_onderdrukking)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from cases import selectors as cases_selectors
from cases.models import FlexibelBudget, MaatwerkBesluit, MaatwerkVoorstel, NazorgContact
from partners import selectors as partners_selectors
from partners.models import Contactpoging, Vroegsignaal
from tests.factories import CasusFactory, DienstFactory, OrganisatieFactory, UserFactory
from tests.helpers import maak_huishouden
from tests.monitoring.test_kpi_formules import PEIL, VANAF, op, totaal
from venlo_armoede.accounts.models import ApiToken, Organisatie

pytestmark = [pytest.mark.django_db, pytest.mark.needs_postgres]  # the KPI queries are PostgreSQL
TZ = ZoneInfo("Europe/Amsterdam")


def rijen_van(app, code):
    return app.kpi_telling(code, vanaf=VANAF, peildatum=PEIL)


def per_maand(rijen, categorie=""):
    """{month: (teller, noemer)} of the heel-Venlo rows."""
    return {
        r["maand"]: (r["teller"], r["noemer"])
        for r in rijen
        if r["stadsdeel"] is None and r["doelgroep"] is None and r["categorie"] == categorie
    }


# --- Vroegsignalen -------------------------------------------------------------------------------------------
@pytest.fixture
def corporatie():
    return Organisatie.objects.create(naam="Woonwenz", soort="signaalpartner")


def signaal(corporatie, ontvangen: date, *, contact: bool | None = None, resultaat: str = "", huisnummer=1):
    """A signal as stored; contact None: no attempt, False: an attempt without reaching the inwoner."""
    s = Vroegsignaal.objects.create(
        organisatie=corporatie,
        soort="huur",
        achterstand_bedrag=Decimal("500"),
        achterstand_sinds=date(2026, 1, 1),
        naam="Inwoner",
        straat="Parade",
        huisnummer=huisnummer,
        postcode="5911CA",
        woonplaats="Venlo",
        ontvangen_op=op(ontvangen),
        resultaat=resultaat,
    )
    if contact is not None:
        Contactpoging.objects.create(vroegsignaal=s, soort="telefoon", datum=ontvangen, bereikt=contact)
    return s


def test_hulp_geaccepteerd_telt_alleen_signalen_met_contact_en_een_resultaat(corporatie):
    maart = date(2026, 3, 4)
    signaal(corporatie, maart, contact=True, resultaat="hulp_geaccepteerd")
    signaal(corporatie, maart, contact=True, resultaat="hulp_geweigerd")
    signaal(corporatie, maart, contact=True)  # spoken, no result yet: no refusal, not counted
    signaal(corporatie, maart, contact=False, resultaat="geen_contact")  # never reached: not counted
    signaal(corporatie, maart, resultaat="reeds_bekend")  # no contact attempt: not counted
    signaal(corporatie, date(2026, 4, 1), contact=True, resultaat="hulp_geaccepteerd")
    rijen = rijen_van(partners_selectors, "vroegsignalen_hulp_geaccepteerd")
    assert per_maand(rijen) == {date(2026, 3, 1): (1, 2), date(2026, 4, 1): (1, 1)}


def test_opeenvolgend_binnen_zes_maanden_op_hetzelfde_adres():
    from partners import services

    corporatie = Organisatie.objects.create(naam="Enexis", soort="signaalpartner")
    token, _ = ApiToken.maak(organisatie=corporatie, naam="t", scopes=["vroegsignalen:schrijven"])

    def ontvang(dag, huisnummer):
        return services.ontvang_vroegsignaal(
            token=token,
            soort="energie",
            achterstand_bedrag=Decimal("300"),
            achterstand_sinds=date(2025, 12, 1),
            naam="Inwoner",
            straat="Parade",
            huisnummer=huisnummer,
            postcode="5911 CA",
            woonplaats="Venlo",
            ontvangen_op=op(dag),
        )

    ontvang(date(2026, 1, 10), 1)
    ontvang(date(2026, 1, 9), 3)
    assert ontvang(date(2026, 7, 10), 1).opeenvolgend  # exactly six months later: opeenvolgend
    assert not ontvang(date(2026, 7, 10), 3).opeenvolgend  # six months and a day: not
    ontvang(date(2026, 7, 11), 2)  # another address
    rijen = rijen_van(partners_selectors, "vroegsignalen_opeenvolgend")
    assert per_maand(rijen) == {date(2026, 1, 1): (0, 2), date(2026, 7, 1): (1, 3)}


# --- Partners ------------------------------------------------------------------------------------------------
def test_uitkomst_telt_in_de_maand_van_afronden(gebruiker_met_rol):
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

    def rond_af(dv, uitkomst):
        for stap in ("ontvangen", "geaccepteerd", "in_behandeling"):
            services.zet_stap(doorverwijzing=dv, stap=stap, door=medewerker, organisatie=maatje)
        services.zet_stap(
            doorverwijzing=dv,
            stap="afgerond",
            uitkomst=uitkomst,
            toelichting="Klaar.",
            door=medewerker,
            organisatie=maatje,
        )

    with time_machine.travel(datetime(2026, 1, 15, 10, tzinfo=TZ), tick=False):
        een, twee, drie = verwijs(), verwijs(), verwijs()
        verwijs()  # stays open: no outcome
    with time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=TZ), tick=False):
        rond_af(een, "doel_bereikt")
        rond_af(twee, "niet_bereikt")
    with time_machine.travel(datetime(2026, 4, 2, 10, tzinfo=TZ), tick=False):
        rond_af(drie, "doel_bereikt")
    rijen = rijen_van(partners_selectors, "doorverwijzingen_uitkomst")
    tellingen = {(r["maand"], r["categorie"]): r["teller"] for r in rijen if r["stadsdeel"] is None}
    # Sent in January, counted when finished; the open one has no outcome.
    assert tellingen == {
        (date(2026, 3, 1), "doel_bereikt"): 1,
        (date(2026, 3, 1), "niet_bereikt"): 1,
        (date(2026, 4, 1), "doel_bereikt"): 1,
    }


def test_capaciteitsgebruik_per_partner():
    maatje, fonds = OrganisatieFactory(naam="Maatje"), OrganisatieFactory(naam="Fonds")
    plekken = {"capaciteit_eenheid": "plekken"}
    DienstFactory(organisatie=maatje, capaciteit_maximum=10, capaciteit_beschikbaar=4, **plekken)  # 6 taken
    DienstFactory(organisatie=maatje, capaciteit_maximum=5, capaciteit_beschikbaar=5, **plekken)  # empty
    DienstFactory(organisatie=maatje, capaciteit_maximum=20, capaciteit_beschikbaar=0, actief=False, **plekken)
    DienstFactory(organisatie=maatje, capaciteit_maximum=10)  # free places unknown: not counted
    DienstFactory(organisatie=fonds, capaciteit_maximum=3, capaciteit_beschikbaar=0, **plekken)  # full
    DienstFactory(organisatie=fonds, capaciteit_maximum=0, capaciteit_beschikbaar=0, **plekken)  # no places
    rijen = rijen_van(partners_selectors, "capaciteitsgebruik")
    assert totaal(rijen, categorie="Maatje")["teller"] == 6 and totaal(rijen, categorie="Maatje")["noemer"] == 15
    assert (totaal(rijen, categorie="Fonds")["teller"], totaal(rijen, categorie="Fonds")["noemer"]) == (3, 3)
    assert {r["categorie"] for r in rijen} == {"Maatje", "Fonds"}


# --- Maatwerk and the flexibel budget ------------------------------------------------------------------------
def maatwerk(*, voorgesteld: date, besloten: date | None, goedgekeurd=True, soort="flexibel_budget", jaar=None):
    kf = UserFactory()
    voorstel = MaatwerkVoorstel.objects.create(
        casus=CasusFactory(),
        soort=soort,
        regeling="Leergeld" if soort == "boven_grens" else "",
        bedrag=Decimal("300") if soort == "flexibel_budget" else None,
        motivering="Koelkast stuk.",
        voorgesteld_door=UserFactory(),
        voorgesteld_op=op(voorgesteld),
        status="open" if besloten is None else "goedgekeurd" if goedgekeurd else "afgewezen",
    )
    if besloten is not None:
        MaatwerkBesluit.objects.create(
            voorstel=voorstel,
            goedgekeurd=goedgekeurd,
            reden="Past binnen het beleid.",
            door=kf,
            tijdstip=op(besloten),
            budgetjaar=(jaar or besloten.year) if goedgekeurd and soort == "flexibel_budget" else None,
        )
    return voorstel


def test_maatwerk_goedgekeurd_telt_in_de_maand_van_het_besluit():
    maatwerk(voorgesteld=date(2026, 1, 28), besloten=date(2026, 2, 3))  # proposed in January, approved in February
    maatwerk(voorgesteld=date(2026, 2, 5), besloten=date(2026, 2, 9), soort="boven_grens")
    maatwerk(voorgesteld=date(2026, 2, 5), besloten=date(2026, 2, 9), goedgekeurd=False)  # rejected
    maatwerk(voorgesteld=date(2026, 2, 6), besloten=None)  # still open
    rijen = rijen_van(cases_selectors, "maatwerk_goedgekeurd")
    tellingen = {(r["maand"], r["categorie"]): r["teller"] for r in rijen if r["stadsdeel"] is None}
    assert tellingen == {(date(2026, 2, 1), "flexibel_budget"): 1, (date(2026, 2, 1), "boven_grens"): 1}


def test_flexibel_budget_besteed_van_dit_jaar_met_het_aantal_toekenningen():
    FlexibelBudget.objects.create(jaar=2026, bedrag=Decimal("10000"), besteed=Decimal("900"))
    FlexibelBudget.objects.create(jaar=2025, bedrag=Decimal("5000"), besteed=Decimal("5000"))  # last year
    for dag in (date(2026, 2, 3), date(2026, 5, 4), date(2026, 9, 1)):
        maatwerk(voorgesteld=dag, besloten=dag)
    maatwerk(voorgesteld=date(2025, 6, 1), besloten=date(2025, 6, 2))  # paid from last year's budget
    maatwerk(voorgesteld=date(2026, 6, 1), besloten=date(2026, 6, 2), goedgekeurd=False)
    maatwerk(voorgesteld=date(2026, 6, 1), besloten=date(2026, 6, 2), soort="boven_grens")  # not from the budget
    rij = totaal(rijen_van(cases_selectors, "flexibel_budget_besteed"))
    assert (rij["teller"], rij["noemer"], rij["aantal"]) == (Decimal("900"), Decimal("10000"), 3)


def test_flexibel_budget_zonder_toekenningen_is_nul_toekenningen():
    FlexibelBudget.objects.create(jaar=2026, bedrag=Decimal("10000"))
    rij = totaal(rijen_van(cases_selectors, "flexibel_budget_besteed"))
    assert (rij["teller"], rij["noemer"], rij["aantal"]) == (0, Decimal("10000"), 0)


# --- Nazorg --------------------------------------------------------------------------------------------------
def nazorg(gepland: date, uitgevoerd: date | None = None, *, nieuwe_achterstanden: bool = False, maanden=3):
    return NazorgContact.objects.create(
        casus=CasusFactory(),
        maanden=maanden,
        gepland_op=gepland,
        uitgevoerd_op=uitgevoerd,
        nieuwe_achterstanden=None if uitgevoerd is None else nieuwe_achterstanden,
        rust_en_overzicht=None if uitgevoerd is None else True,
    )


def test_nazorg_uitgevoerd_per_geplande_maand():
    nazorg(date(2026, 3, 10), date(2026, 3, 12))
    nazorg(date(2026, 3, 20))  # planned, its day has passed, not held: missed
    nazorg(date(2026, 3, 25), date(2026, 3, 2))  # held early: counts in its planned month
    nazorg(PEIL)  # planned for the peildatum itself and not held yet: the day runs, not missed
    nazorg(PEIL, PEIL)  # held on the day: counted
    nazorg(PEIL + timedelta(days=10))  # still to come
    nazorg(VANAF - timedelta(days=1))  # before the period
    rijen = rijen_van(cases_selectors, "nazorg_uitgevoerd")
    assert per_maand(rijen) == {date(2026, 3, 1): (2, 3), date(2026, 11, 1): (1, 1)}


def test_nazorg_zonder_nieuwe_achterstanden_per_maand_van_het_contact():
    nazorg(date(2026, 3, 10), date(2026, 3, 12))
    nazorg(date(2026, 3, 10), date(2026, 3, 13))
    nazorg(date(2026, 3, 10), date(2026, 3, 16), nieuwe_achterstanden=True)
    nazorg(date(2026, 3, 10))  # not held: nothing asked
    # Planned three months ahead but held now: counts now, not in a month that has not come yet.
    nazorg(date(2027, 2, 20), date(2026, 11, 20), maanden=12)
    rijen = rijen_van(cases_selectors, "nazorg_zonder_nieuwe_achterstanden")
    assert per_maand(rijen) == {date(2026, 3, 1): (2, 3), date(2026, 11, 1): (1, 1)}
