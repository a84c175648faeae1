"""What-if for beleid: the same engine over a hand-made population around the Leergeld income limit,
small numbers suppressed, aggregates only, access for beleidsadviseurs only."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Q

from cases.models import Huishouden, InkomensBron, Inwoner
from regelingen import engine, rechten, scenario
from regelingen.forms import ScenarioForm
from regelingen.models import RechtUitkomst, RegelingVersie
from venlo_armoede.accounts.models import Stadsdeel
from venlo_armoede.audit.models import AuditRecord

URL = "/beleid/scenario/"
PEILDATUM = date(2026, 3, 1)  # norm alleenstaande (ouder) 21-AOW: € 1.401,50; 120% = € 1.681,80; 150% = € 2.102,25


def maak_huishouden(inkomen: str, *, stadsdeel: str = "Blerick", kinderen: int = 1, partner: bool = False):
    """An alleenstaande ouder (or couple) born 1988 with children born 2018 (8 years old in 2026)."""
    huishouden = Huishouden.objects.create(
        straat="Geheimstraat", huisnummer=7, postcode="5911 ZZ", stadsdeel=Stadsdeel.objects.get(naam=stadsdeel)
    )
    aanvrager = Inwoner.objects.create(
        huishouden=huishouden,
        voornaam="Zeldzamevoornaam",
        achternaam="Zeldzameachternaam",
        geboortedatum=date(1988, 5, 5),
        rol="aanvrager",
    )
    InkomensBron.objects.create(
        inwoner=aanvrager, soort="loon", netto_maandbedrag=Decimal(inkomen), geldig_van=date(2025, 1, 1)
    )
    if partner:
        Inwoner.objects.create(
            huishouden=huishouden, voornaam="P", achternaam="Q", geboortedatum=date(1987, 1, 1), rol="partner"
        )
    for _ in range(kinderen):
        Inwoner.objects.create(
            huishouden=huishouden, voornaam="K", achternaam="Q", geboortedatum=date(2018, 1, 1), rol="kind"
        )
    return huishouden


@pytest.fixture
def populatie(regels):
    """Around the Leergeld limit: 7 households with a right at 120%, 5 more at 150%, 2 above 150%,
    and households without children (never Leergeld)."""
    huishoudens = {}
    for inkomen in ("1000.00", "1200.00", "1400.00", "1500.00", "1681.80"):  # <= 120%
        huishoudens[inkomen] = maak_huishouden(inkomen, stadsdeel="Blerick")
    for inkomen in ("1100.00", "1300.00"):  # <= 120%
        huishoudens[inkomen] = maak_huishouden(inkomen, stadsdeel="Tegelen")
    for inkomen in ("1681.81", "1800.00", "1900.00"):  # between 120% and 150%: gain the right at 150%
        huishoudens[inkomen] = maak_huishouden(inkomen, stadsdeel="Blerick")
    for inkomen in ("2000.00", "2102.25"):  # between; 2102.25 is exactly 150%
        huishoudens[inkomen] = maak_huishouden(inkomen, stadsdeel="Tegelen")
    for inkomen in ("2102.26", "2500.00"):  # above 150%
        huishoudens[inkomen] = maak_huishouden(inkomen, stadsdeel="Blerick")
    maak_huishouden("900.00", kinderen=0, stadsdeel="Venlo")
    maak_huishouden("1000.00", kinderen=0, partner=True, stadsdeel="Venlo")
    return huishoudens


# ---------------------------------------------------------------------------------------------------
# The simulation
# ---------------------------------------------------------------------------------------------------


def test_van_120_naar_150_procent_krijgen_precies_de_huishoudens_ertussen_recht(populatie):
    uitkomst = scenario.simuleer(
        regeling_code="leergeld", wijzigingen={"inkomensgrens_pct": Decimal("150")}, peildatum=PEILDATUM
    )

    assert uitkomst.huishoudens == 16
    assert uitkomst.totaal == scenario.Telling(voor=7, na=12, erbij=5, eraf=0)
    assert uitkomst.per_stadsdeel["Blerick"] == scenario.Telling(voor=5, na=8, erbij=3, eraf=0)
    assert uitkomst.per_stadsdeel["Tegelen"] == scenario.Telling(voor=2, na=4, erbij=2, eraf=0)
    assert uitkomst.per_stadsdeel["Venlo"] == scenario.Telling()
    assert set(uitkomst.per_stadsdeel) == set(Stadsdeel.objects.values_list("naam", flat=True))
    assert uitkomst.per_doelgroep["eenoudergezin"] == uitkomst.totaal
    assert uitkomst.per_doelgroep["paar"] == scenario.Telling()
    assert uitkomst.huidige_regel.inkomensgrens_pct == Decimal("120")
    assert uitkomst.nieuwe_regel.inkomensgrens_pct == Decimal("150")
    assert uitkomst.kosten_voor is None and uitkomst.kosten_na is None  # Leergeld has no amount


def test_verlagen_kost_precies_de_huishoudens_erboven_hun_recht(populatie):
    # 100% of € 1.401,50: the households at € 1.500,00 and € 1.681,80 lose the right.
    uitkomst = scenario.simuleer(
        regeling_code="leergeld", wijzigingen={"inkomensgrens_pct": Decimal("100")}, peildatum=PEILDATUM
    )
    assert uitkomst.totaal == scenario.Telling(voor=7, na=5, erbij=0, eraf=2)
    assert uitkomst.per_stadsdeel["Blerick"].eraf == 2
    assert uitkomst.per_stadsdeel["Tegelen"].eraf == 0


def test_de_simulatie_rekent_net_als_de_opgeslagen_uitkomsten(populatie):
    rechten.herbereken_selectie(Q(), peildatum=PEILDATUM)
    uitkomst = scenario.simuleer(regeling_code="leergeld", wijzigingen={}, peildatum=PEILDATUM)
    opgeslagen = RechtUitkomst.objects.filter(regeling__code="leergeld", uitkomst="recht").count()
    assert uitkomst.totaal.voor == uitkomst.totaal.na == opgeslagen == 7


def test_de_gewijzigde_regel_geeft_wat_de_herberekening_zou_geven(populatie):
    uitkomst = scenario.simuleer(
        regeling_code="leergeld",
        wijzigingen={"inkomensgrens_pct": Decimal("137.5"), "kind_max_leeftijd": 12},
        peildatum=PEILDATUM,
    )
    # Make the change for real and recompute every household with all rules: the same households.
    RegelingVersie.objects.filter(regeling__code="leergeld", geldig_van=date(2024, 1, 1)).update(
        inkomensgrens_pct=Decimal("137.5"), kind_max_leeftijd=12
    )
    rechten.herbereken_selectie(Q(), peildatum=PEILDATUM)
    recht = RechtUitkomst.objects.filter(regeling__code="leergeld", uitkomst="recht")
    assert uitkomst.totaal.na == recht.count() == 10
    for naam, telling in uitkomst.per_stadsdeel.items():
        assert telling.na == recht.filter(huishouden__stadsdeel__naam=naam).count()


def test_leeftijd_van_het_kind_en_de_aanvrager(populatie):
    # Children are 8: a minimum age of 10 takes the right from everyone.
    uitkomst = scenario.simuleer(regeling_code="leergeld", wijzigingen={"kind_min_leeftijd": 10}, peildatum=PEILDATUM)
    assert uitkomst.totaal == scenario.Telling(voor=7, na=0, erbij=0, eraf=7)
    # The aanvragers are 37: a maximum of 30 likewise.
    uitkomst = scenario.simuleer(
        regeling_code="leergeld", wijzigingen={"aanvrager_max_leeftijd": 30}, peildatum=PEILDATUM
    )
    assert uitkomst.totaal.na == 0


def test_kosten_per_jaar_voor_en_na(populatie):
    # Jeugdfonds Sport: € 225 per child per year, one child per household.
    uitkomst = scenario.simuleer(
        regeling_code="jeugdfonds_sport",
        wijzigingen={"bedrag": Decimal("250.00"), "inkomensgrens_pct": Decimal("150")},
        peildatum=PEILDATUM,
    )
    assert uitkomst.kosten_voor == Decimal("1575.00")  # 7 x 225
    assert uitkomst.kosten_na == Decimal("3000.00")  # 12 x 250
    weergave = scenario.weergave(uitkomst)
    assert weergave.kosten_voor == "€ 1.575,00"
    assert weergave.kosten_na == "€ 3.000,00"


def test_eenmalig_bedrag_telt_een_keer(regels):
    for inkomen in ("900.00", "950.00", "1000.00", "1050.00", "1100.00"):
        maak_huishouden(inkomen, kinderen=2)
    uitkomst = scenario.simuleer(
        regeling_code="kwijtschelding",
        wijzigingen={"bedrag": Decimal("300.00"), "bedrag_per": "huishouden_eenmalig"},
        peildatum=PEILDATUM,
    )
    assert uitkomst.kosten_voor is None  # no amount today
    # Kwijtschelding needs the vermogen, unknown here: "beoordeling nodig" is not "recht".
    assert uitkomst.totaal.na == 0 and uitkomst.kosten_na == Decimal("0.00")
    Huishouden.objects.update(vermogen=Decimal("100.00"))
    uitkomst = scenario.simuleer(
        regeling_code="kwijtschelding",
        wijzigingen={"bedrag": Decimal("300.00"), "bedrag_per": "huishouden_eenmalig"},
        peildatum=PEILDATUM,
    )
    assert uitkomst.totaal.na == 5
    assert uitkomst.kosten_na == Decimal("1500.00")


def test_huishouden_zonder_aanvrager_telt_apart(populatie):
    Huishouden.objects.create(straat="X", huisnummer=1, postcode="5911 AA", stadsdeel=Stadsdeel.objects.first())
    uitkomst = scenario.simuleer(regeling_code="leergeld", wijzigingen={}, peildatum=PEILDATUM)
    assert uitkomst.niet_te_beoordelen == 1
    assert uitkomst.huishoudens == 16


def test_simuleer_schrijft_niets(populatie, django_assert_max_num_queries):
    voor = (RechtUitkomst.objects.count(), AuditRecord.objects.count())
    # Rules (1), norms (4), households (4, with their kenmerken) and stadsdelen (2), whatever the population.
    with django_assert_max_num_queries(11):
        scenario.simuleer(regeling_code="leergeld", wijzigingen={"inkomensgrens_pct": 150}, peildatum=PEILDATUM)
    assert (RechtUitkomst.objects.count(), AuditRecord.objects.count()) == voor


@pytest.mark.parametrize(
    ("wijzigingen", "veld", "bericht"),
    [
        ({"inkomensgrens_pct": Decimal("-1")}, "inkomensgrens_pct", "Een percentage kan niet negatief zijn."),
        ({"kind_min_leeftijd": 18}, "kind_min_leeftijd", "De minimumleeftijd van het kind (18 jaar) is hoger"),
        (
            {"aanvrager_min_leeftijd": 40, "aanvrager_max_leeftijd": 30},
            "aanvrager_min_leeftijd",
            "De minimumleeftijd van de aanvrager (40 jaar) is hoger dan de maximumleeftijd (30 jaar).",
        ),
        ({"bedrag": Decimal("-5")}, "bedrag", "Een bedrag kan niet negatief zijn."),
        ({"bedrag": Decimal("100")}, "bedrag_per", "Deze regeling heeft nog geen bedrag."),
        ({"naam": "x"}, "", "Deze gegevens kunt u niet wijzigen: naam."),
    ],
)
def test_onmogelijke_wijziging_geeft_een_nederlandse_fout(regels, wijzigingen, veld, bericht):
    with pytest.raises(scenario.OngeldigScenario) as fout:
        scenario.simuleer(regeling_code="leergeld", wijzigingen=wijzigingen, peildatum=PEILDATUM)
    assert fout.value.veld == veld
    assert fout.value.bericht.startswith(bericht)


def test_regeling_zonder_geldige_versie(regels):
    with pytest.raises(scenario.OngeldigScenario) as fout:
        scenario.simuleer(regeling_code="energietoeslag_2022", wijzigingen={}, peildatum=PEILDATUM)
    assert fout.value.veld == "regeling"


# ---------------------------------------------------------------------------------------------------
# Small numbers
# ---------------------------------------------------------------------------------------------------


def test_kleine_aantallen_en_wat_ze_zou_verraden_worden_afgeschermd(populatie):
    uitkomst = scenario.simuleer(
        regeling_code="leergeld", wijzigingen={"inkomensgrens_pct": Decimal("150")}, peildatum=PEILDATUM
    )
    weergave = scenario.weergave(uitkomst)
    stadsdelen = {rij.label: rij.cellen for rij in weergave.per_stadsdeel}

    # Counts 1-4: "<5".
    assert stadsdelen["Blerick"]["erbij"].tekst == "<5"
    assert {maat: cel.tekst for maat, cel in stadsdelen["Tegelen"].items()} == {
        "voor": "<5",
        "na": "<5",
        "erbij": "<5",
        "eraf": "0",
    }
    # Blerick: voor 5 + erbij (hidden) - eraf 0 = na 8 would give erbij away, so voor is withheld too;
    # column na: Tegelen is hidden and the total (12) is shown, so Blerick's na (8) is withheld.
    assert stadsdelen["Blerick"]["voor"].afgeschermd and stadsdelen["Blerick"]["voor"].tekst == scenario.AFGESCHERMD
    assert stadsdelen["Blerick"]["na"].afgeschermd
    assert stadsdelen["Venlo"]["voor"].tekst == "0"
    assert {maat: cel.tekst for maat, cel in weergave.totaal.cellen.items()} == {
        "voor": "7",
        "na": "12",
        "erbij": "5",
        "eraf": "0",
    }
    _geen_cel_te_herleiden(weergave)


def _geen_cel_te_herleiden(weergave: scenario.Weergave) -> None:
    """No sum (a row, or a column with its total) has exactly one hidden cell."""

    def verborgen(cel):
        return cel.klein or cel.afgeschermd

    for rij in [weergave.totaal, *weergave.per_stadsdeel, *weergave.per_doelgroep]:
        assert sum(verborgen(cel) for cel in rij.cellen.values()) != 1, rij
    for tabel in (weergave.per_stadsdeel, weergave.per_doelgroep):
        for maat in scenario.MATEN:
            kolom = [rij.cellen[maat] for rij in tabel] + [weergave.totaal.cellen[maat]]
            assert sum(verborgen(cel) for cel in kolom) != 1, maat


def test_kleine_totalen_en_hun_kosten_worden_afgeschermd(regels):
    for inkomen in ("1000.00", "1100.00", "1200.00"):
        maak_huishouden(inkomen)
    uitkomst = scenario.simuleer(regeling_code="jeugdfonds_sport", wijzigingen={}, peildatum=PEILDATUM)
    assert uitkomst.totaal.voor == 3
    weergave = scenario.weergave(uitkomst)
    assert weergave.totaal.cellen["voor"].tekst == "<5"
    assert weergave.kosten_voor == "afgeschermd"  # 3 x € 225 would tell the amount per household
    _geen_cel_te_herleiden(weergave)


def test_afscherming_met_een_gemaakte_tabel():
    regel = engine.Regel(code="x", naam="X", versie_id=None, geldig_van=PEILDATUM)
    uitkomst = scenario.ScenarioUitkomst(
        peildatum=PEILDATUM,
        huidige_regel=regel,
        nieuwe_regel=regel,
        huishoudens=1000,
        niet_te_beoordelen=2,
        totaal=scenario.Telling(voor=120, na=141, erbij=21, eraf=0),
        per_stadsdeel={
            "A": scenario.Telling(voor=100, na=118, erbij=18, eraf=0),
            "B": scenario.Telling(voor=20, na=23, erbij=3, eraf=0),
        },
        per_doelgroep={"alleenstaande": scenario.Telling(voor=120, na=141, erbij=21, eraf=0)},
    )
    weergave = scenario.weergave(uitkomst)
    b = weergave.per_stadsdeel[1].cellen
    a = weergave.per_stadsdeel[0].cellen
    assert b["erbij"].tekst == "<5"
    assert a["erbij"].afgeschermd  # else 21 - 18 = 3
    assert b["voor"].afgeschermd  # the smallest other cell of B's row (20 + x - 0 = 23)
    assert weergave.niet_te_beoordelen == "<5"
    _geen_cel_te_herleiden(weergave)


# ---------------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------------


@pytest.fixture
def beleid(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("beleidsadviseur"))
    return client


def test_pagina_zonder_keuze_toont_het_formulier(regels, beleid):
    response = beleid.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wat als een regeling verandert?" in html
    assert '<option value="leergeld">Stichting Leergeld Venlo</option>' in html
    assert "energietoeslag_2022" not in html  # no version valid today
    assert "<caption" not in html


def test_pagina_toont_tabellen_naast_de_huidige_regel_en_geen_personen(populatie, beleid):
    response = beleid.get(URL, {"regeling": "leergeld", "inkomensgrens_pct": "150"})

    assert response.status_code == 200
    html = response.content.decode()
    for caption in (
        "De regels nu en in het scenario",
        "Huishoudens met recht, nu en na de wijziging",
        "Verwachte kosten per jaar",
        "Huishoudens met recht per stadsdeel",
        "Huishoudens met recht per doelgroep",
    ):
        assert f'<caption class="utrecht-table__caption">{caption}</caption>' in html
    assert "120%" in html and "150%" in html
    assert '<span aria-hidden="true">&lt;5</span>' in html
    assert "Tegelen" in html and "Eenoudergezin" in html
    for persoonlijk in ("Zeldzamevoornaam", "Zeldzameachternaam", "Geheimstraat", "5911 ZZ"):
        assert persoonlijk not in html
    assert "style=" not in html and "<script" not in html
    assert not AuditRecord.objects.exists()  # no personal data shown, so nothing to log
    assert response.context["uitkomst"].totaal.erbij == 5  # today the same rules as on PEILDATUM


def test_nederlandse_formulierfouten(regels, beleid):
    response = beleid.get(URL, {"regeling": "leergeld", "inkomensgrens_pct": "-10"})
    assert response.status_code == 400
    assert "Een percentage kan niet negatief zijn." in response.content.decode()
    assert "uitkomst" not in response.context

    response = beleid.get(URL, {"regeling": "leergeld", "kind_min_leeftijd": "12", "kind_max_leeftijd": "6"})
    assert response.status_code == 400
    assert "De minimumleeftijd van het kind (12 jaar) is hoger dan de maximumleeftijd (6 jaar)." in (
        response.content.decode()
    )

    response = beleid.get(URL, {"regeling": "bestaat_niet"})
    assert response.status_code == 400
    assert "Kies een regeling uit de lijst." in response.content.decode()

    response = beleid.get(URL, {"regeling": "leergeld", "bedrag": "veel"})
    assert "Vul een bedrag in, bijvoorbeeld 250,00." in response.content.decode()


def test_formulier_accepteert_decimale_komma(regels):
    form = ScenarioForm({"regeling": "leergeld", "inkomensgrens_pct": "132,5"})
    assert form.is_valid(), form.errors
    assert form.wijzigingen() == {"inkomensgrens_pct": Decimal("132.5")}


@pytest.mark.parametrize("rol", ["klantadviseur", "midoffice", "partnermedewerker", "kwaliteitsfunctionaris"])
def test_andere_rollen_krijgen_403(regels, client, gebruiker_met_rol, rol):
    client.force_login(gebruiker_met_rol(rol))
    assert client.get(URL, {"regeling": "leergeld"}).status_code == 403


def test_niet_ingelogd_gaat_naar_inloggen(regels, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


def test_zonder_normen_een_melding_en_geen_500(regels, beleid):
    from regelingen.models import Norm

    Norm.objects.all().delete()
    response = beleid.get(URL, {"regeling": "leergeld"})
    assert response.status_code == 400
    assert "Er zijn geen bijstandsnormen bekend." in response.content.decode()
