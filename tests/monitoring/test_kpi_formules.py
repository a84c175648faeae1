"""Each KPI formula on small hand-made data: raw teller and noemer as the snapshot stores them (suppression
is tested apart, in test_onderdrukking)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cases import selectors as cases_selectors
from cases.models import CasusStatus
from monitoring import services
from monitoring.models import KpiWaarde
from tests.factories import CasusFactory, HuishoudenFactory, SchuldFactory, StadsdeelFactory

pytestmark = [pytest.mark.django_db, pytest.mark.needs_postgres]  # the KPI queries are PostgreSQL
TZ = ZoneInfo("Europe/Amsterdam")
PEIL = date(2026, 11, 30)
VANAF = date(2024, 12, 1)


def op(dag: date, uur=10) -> datetime:
    return datetime(dag.year, dag.month, dag.day, uur, tzinfo=TZ)


def totaal(rijen, maand=None, categorie=""):
    """The heel-Venlo row (of a month / category)."""
    kandidaten = [
        r
        for r in rijen
        if r["stadsdeel"] is None
        and r["doelgroep"] is None
        and r["categorie"] == categorie
        and (maand is None or r["maand"] == maand)
    ]
    assert len(kandidaten) == 1, kandidaten
    return kandidaten[0]


def test_crisis_binnen_3_werkdagen_gehaald_en_gemist():
    # Monday 2 March 2026: the 3rd werkdag after it is Thursday 5 March.
    maandag = date(2026, 3, 2)
    CasusFactory(crisis=True, crisis_reden="anders", aangemeld_op=op(maandag), eerste_gesprek_op=date(2026, 3, 5))
    CasusFactory(crisis=True, crisis_reden="anders", aangemeld_op=op(maandag), eerste_gesprek_op=date(2026, 3, 6))
    CasusFactory(crisis=True, crisis_reden="anders", aangemeld_op=op(maandag))  # never seen: missed
    # Deadline still running on the peildatum: not counted either way.
    CasusFactory(crisis=True, crisis_reden="anders", aangemeld_op=op(date(2026, 11, 30)))
    CasusFactory(crisis=False, aangemeld_op=op(maandag), eerste_gesprek_op=date(2026, 3, 3))  # not a crisis
    rijen = cases_selectors.kpi_telling("crisis_binnen_3_werkdagen", vanaf=VANAF, peildatum=PEIL)
    rij = totaal(rijen)
    assert (rij["teller"], rij["noemer"]) == (1, 3)
    assert rij["maand"] == date(2026, 3, 1)


def test_eerste_gesprek_binnen_4_weken_met_atw_verschuiving():
    # 7 March 2026 is a Saturday; + 28 days is Saturday 4 April, which runs on to Tuesday 7 April
    # (Monday 6 April is Tweede Paasdag).
    zaterdag = date(2026, 3, 7)
    CasusFactory(aangemeld_op=op(zaterdag), eerste_gesprek_op=date(2026, 4, 7))  # on time thanks to the Atw
    CasusFactory(aangemeld_op=op(zaterdag), eerste_gesprek_op=date(2026, 4, 8))  # late
    rij = totaal(cases_selectors.kpi_telling("eerste_gesprek_binnen_4_weken", vanaf=VANAF, peildatum=PEIL))
    assert (rij["teller"], rij["noemer"]) == (1, 2)


def test_beschikking_binnen_8_weken_en_mediaan():
    # Eerste gesprek Monday 12 January: 8 weeks later is Monday 9 March. Per month of the eerste gesprek.
    for gesprek, beschikking in (
        (date(2026, 1, 12), date(2026, 3, 9)),  # 56 days: on time
        (date(2026, 1, 12), date(2026, 3, 10)),  # 57 days: late
        (date(2026, 2, 9), date(2026, 3, 11)),  # 30 days
    ):
        CasusFactory(
            aangemeld_op=op(date(2026, 1, 5)), eerste_gesprek_op=gesprek, beschikking_op=beschikking, toegelaten=True
        )
    rijen = cases_selectors.kpi_telling("beschikking_binnen_8_weken", vanaf=VANAF, peildatum=PEIL)
    januari = totaal(rijen, maand=date(2026, 1, 1))
    assert (januari["teller"], januari["noemer"]) == (1, 2)
    # The doorlooptijd is per month of the beschikking: all three in March.
    mediaan = totaal(cases_selectors.kpi_telling("doorlooptijd_beschikking", vanaf=VANAF, peildatum=PEIL))
    assert mediaan["maand"] == date(2026, 3, 1)
    assert mediaan["waarde"] == 56 and mediaan["aantal"] == 3


def test_schuldregeling_binnen_120_dagen_vanaf_de_toelating():
    start = date(2026, 3, 2)
    gemeen = {"aangemeld_op": op(date(2026, 2, 1)), "eerste_gesprek_op": date(2026, 2, 10), "toegelaten": True}
    CasusFactory(**gemeen, beschikking_op=start, schuldregeling_op=date(2026, 6, 30))  # day 120
    CasusFactory(**gemeen, beschikking_op=start, schuldregeling_op=date(2026, 7, 1))  # day 121
    CasusFactory(**gemeen, beschikking_op=start)  # none yet, 120 days passed: missed
    rij = totaal(cases_selectors.kpi_telling("schuldregeling_binnen_120_dagen", vanaf=VANAF, peildatum=PEIL))
    assert (rij["teller"], rij["noemer"]) == (1, 3)


def test_stabilisatie_binnen_4_maanden():
    for eind in (op(date(2026, 7, 1)), op(date(2026, 7, 3))):  # 4 months after 2 March 10:00 is 2 July 10:00
        casus = CasusFactory(aangemeld_op=op(date(2026, 2, 1)))
        CasusStatus.objects.create(casus=casus, status="stabilisatie", tijdstip=op(date(2026, 3, 2)))
        CasusStatus.objects.create(casus=casus, status="oplossing", tijdstip=eind)
    rij = totaal(cases_selectors.kpi_telling("stabilisatie_binnen_4_maanden", vanaf=VANAF, peildatum=PEIL))
    assert (rij["teller"], rij["noemer"]) == (1, 2)


def _sluit(casus, dag, reden="afgerond"):
    CasusStatus.objects.create(casus=casus, status="afgesloten", tijdstip=op(dag))
    type(casus).objects.for_systeem("test").filter(pk=casus.pk).update(status="afgesloten", uitstroomreden=reden)


def test_recidive_telt_alleen_afgeronde_casussen_waarvan_de_24_maanden_voorbij_zijn():
    terug = HuishoudenFactory()
    _sluit(CasusFactory(huishouden=terug, aangemeld_op=op(date(2024, 1, 5))), date(2024, 3, 10))
    CasusFactory(huishouden=terug, aangemeld_op=op(date(2025, 5, 1)))  # back 14 months later: recidive
    _sluit(CasusFactory(aangemeld_op=op(date(2024, 1, 5))), date(2024, 3, 20))  # never came back
    laat = HuishoudenFactory()
    _sluit(CasusFactory(huishouden=laat, aangemeld_op=op(date(2024, 1, 5))), date(2024, 3, 15))
    CasusFactory(huishouden=laat, aangemeld_op=op(date(2026, 4, 1)))  # back after 24 months: no recidive
    _sluit(CasusFactory(aangemeld_op=op(date(2024, 1, 5))), date(2024, 3, 21), reden="ingetrokken")  # not afgerond
    # Closed in March 2025: its 24 months run until March 2027, after the peildatum. It came back, but a
    # casus whose window is still open is in neither teller nor noemer (it cannot have "stayed away" yet).
    recent = HuishoudenFactory()
    _sluit(CasusFactory(huishouden=recent, aangemeld_op=op(date(2025, 1, 5))), date(2025, 3, 21))
    CasusFactory(huishouden=recent, aangemeld_op=op(date(2025, 6, 1)))
    rijen = cases_selectors.kpi_telling("recidive_24_maanden", vanaf=VANAF, peildatum=PEIL)
    rij = totaal(rijen)  # the only month: the one in which the 24 months after the March 2024 closings ended
    assert rij["maand"] == date(2026, 3, 1)
    assert (rij["teller"], rij["noemer"]) == (1, 3)


def test_recidive_venster_dat_na_de_peildatum_eindigt_telt_nog_niet():
    _sluit(CasusFactory(aangemeld_op=op(date(2024, 10, 1))), date(2024, 12, 10))  # 24 months end 10 Dec 2026
    assert cases_selectors.kpi_telling("recidive_24_maanden", vanaf=VANAF, peildatum=PEIL) == []
    later = cases_selectors.kpi_telling("recidive_24_maanden", vanaf=VANAF, peildatum=date(2026, 12, 10))
    assert (totaal(later)["teller"], totaal(later)["noemer"]) == (0, 1)


def test_uitstroom_per_reden():
    _sluit(CasusFactory(aangemeld_op=op(date(2025, 1, 5))), date(2025, 3, 10))
    _sluit(CasusFactory(aangemeld_op=op(date(2025, 1, 5))), date(2025, 3, 20))
    _sluit(CasusFactory(aangemeld_op=op(date(2025, 1, 5))), date(2025, 3, 21), reden="ingetrokken")
    _sluit(CasusFactory(aangemeld_op=op(date(2024, 1, 5))), date(2024, 3, 21))  # before the period
    uitstroom = cases_selectors.kpi_telling("uitstroom_per_reden", vanaf=VANAF, peildatum=PEIL)
    assert totaal(uitstroom, categorie="afgerond")["teller"] == 2
    assert totaal(uitstroom, categorie="ingetrokken")["teller"] == 1


def test_gemiddelde_schuld_en_schuldeisers_bij_intake_per_casus():
    een, twee, drie = HuishoudenFactory(), HuishoudenFactory(), HuishoudenFactory()
    # An earlier casus of the same household, with its own stand bij intake: counted in its own month only.
    eerder = CasusFactory(huishouden=een, aangemeld_op=op(date(2025, 1, 6)))
    SchuldFactory(huishouden=een, casus=eerder, schuldeiser="W", bedrag=0, bedrag_bij_intake=300, bij_intake=True)
    a = CasusFactory(huishouden=een, aangemeld_op=op(date(2026, 3, 2)))
    # Paid down from 1000 to 200 since the intake: the KPI keeps the 1000 of the intake.
    SchuldFactory(huishouden=een, casus=a, schuldeiser="X", bedrag=200, bedrag_bij_intake=1000, bij_intake=True)
    SchuldFactory(huishouden=een, casus=a, schuldeiser="Y", bedrag=2000, bedrag_bij_intake=2000, bij_intake=True)
    # Found after the intake: only in the stand nu.
    SchuldFactory(huishouden=een, casus=a, schuldeiser="Z", bedrag=5000, bedrag_bij_intake=5000, bij_intake=False)
    b = CasusFactory(huishouden=twee, aangemeld_op=op(date(2026, 3, 3)))
    SchuldFactory(huishouden=twee, casus=b, schuldeiser="X", bedrag=600, bedrag_bij_intake=600, bij_intake=True)
    c = CasusFactory(huishouden=drie, aangemeld_op=op(date(2026, 3, 4)))  # no debt known at intake: not counted
    SchuldFactory(huishouden=drie, casus=c, schuldeiser="X", bedrag=400, bedrag_bij_intake=400, bij_intake=False)
    maart = date(2026, 3, 1)
    schuld = cases_selectors.kpi_telling("gemiddelde_schuld", vanaf=VANAF, peildatum=PEIL)
    assert (totaal(schuld, maart)["teller"], totaal(schuld, maart)["noemer"]) == (Decimal("3600"), 2)
    assert (totaal(schuld, date(2025, 1, 1))["teller"], totaal(schuld, date(2025, 1, 1))["noemer"]) == (300, 1)
    eisers = cases_selectors.kpi_telling("gemiddeld_aantal_schuldeisers", vanaf=VANAF, peildatum=PEIL)
    assert (totaal(eisers, maart)["teller"], totaal(eisers, maart)["noemer"]) == (3, 2)


def test_aanmeldingen_per_stadsdeel_en_de_lege_maand_is_nul():
    blerick = StadsdeelFactory(naam="Blerick")
    for _ in range(3):
        CasusFactory(huishouden=HuishoudenFactory(stadsdeel=blerick), aangemeld_op=op(date(2026, 3, 2)))
    CasusFactory(aangemeld_op=op(date(2026, 3, 2)))
    services.bereken(peildatum=PEIL)
    maart = KpiWaarde.objects.filter(kpi="aanmeldingen", maand=date(2026, 3, 1), doelgroep=None)
    assert maart.get(stadsdeel=None).teller == 4
    assert maart.get(stadsdeel=blerick).teller == 3
    assert KpiWaarde.objects.get(kpi="aanmeldingen", maand=date(2026, 4, 1), stadsdeel=None, doelgroep=None).teller == 0


def test_een_tweede_berekening_vervangt_de_maand():
    CasusFactory(aangemeld_op=op(date(2026, 3, 2)))
    services.bereken(peildatum=PEIL)
    CasusFactory(aangemeld_op=op(date(2026, 3, 3)))
    run = services.bereken(peildatum=PEIL)
    rij = KpiWaarde.objects.get(kpi="aanmeldingen", maand=date(2026, 3, 1), stadsdeel=None, doelgroep=None)
    assert rij.teller == 2 and rij.run_id == run.pk
    assert run.status == "klaar" and run.klaar == run.totaal > 20


def test_onder_bewind_aan_het_eind_van_de_maand_en_uitstroom_uit_bewind():
    from cases.models import Bewind
    from tests.factories import InwonerFactory, UserFactory

    door = UserFactory()
    blerick = StadsdeelFactory(naam="Blerick")

    def bewind(inwoner, sinds, tot=None, soort="beschermingsbewind"):
        Bewind.objects.create(
            inwoner=inwoner,
            soort=soort,
            organisatie_naam="Buro",
            sinds=sinds,
            tot=tot,
            door=door,
            vastgelegd_op=op(sinds),
        )

    een, twee, drie, vier, vijf, zes, zeven = (InwonerFactory() for _ in range(7))
    for inwoner in (twee, drie):
        type(inwoner.huishouden).objects.filter(pk=inwoner.huishouden_id).update(stadsdeel=blerick)
    bewind(een, date(2025, 6, 1), date(2026, 1, 31))  # another bewindvoerder from 20 January: no uitstroom
    bewind(een, date(2026, 1, 20))
    bewind(twee, date(2025, 12, 1), date(2026, 3, 31))  # still under bewind at the end of March
    bewind(drie, date(2026, 2, 10), date(2026, 3, 15))  # not at the end of March any more
    bewind(vier, date(2026, 1, 1), soort="budgetbeheer")  # no bewind
    bewind(vijf, date(2026, 11, 20))  # this month: counted on the peildatum
    bewind(zes, date(2022, 5, 1), date(2025, 1, 31))
    bewind(zeven, date(2026, 11, 10), PEIL)  # ends on the peildatum: still under bewind on it
    rijen = cases_selectors.kpi_telling("onder_bewind", vanaf=VANAF, peildatum=PEIL)
    per_maand = {r["maand"]: r["teller"] for r in rijen if r["stadsdeel"] is None and r["doelgroep"] is None}
    verwacht = {date(2024, 12, 1): 1, date(2025, 1, 1): 1}
    verwacht |= {date(2025, maand, 1): 1 for maand in range(6, 12)}
    verwacht |= {date(2025, 12, 1): 2, date(2026, 1, 1): 2, date(2026, 2, 1): 3, date(2026, 3, 1): 2}
    verwacht |= {date(2026, maand, 1): 1 for maand in range(4, 11)}
    verwacht[date(2026, 11, 1)] = 3
    assert per_maand == verwacht  # een is counted once in January, under two bewind records
    blerick_feb = [r for r in rijen if r["stadsdeel"] == blerick.pk and r["maand"] == date(2026, 2, 1)]
    assert [r["teller"] for r in blerick_feb if r["doelgroep"] is None] == [2]
    uitstroom = cases_selectors.kpi_telling("uitstroom_uit_bewind", vanaf=VANAF, peildatum=PEIL)
    per_maand = {r["maand"]: r["teller"] for r in uitstroom if r["stadsdeel"] is None and r["doelgroep"] is None}
    assert per_maand == {date(2025, 1, 1): 1, date(2026, 3, 1): 2, date(2026, 11, 1): 1}
