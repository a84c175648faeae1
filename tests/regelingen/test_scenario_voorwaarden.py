"""What-if over the voorwaarden vocabulary (issue 10, item 6): any condition of a regeling can be changed, added
or removed, checked by the same reader as the rule editor (Dutch messages), shown as B1 sentences before and
after, with small numbers suppressed as everywhere."""

from datetime import date
from decimal import Decimal

import pytest

from cases.models import Kenmerk, KenmerkSoort
from regelingen import engine, scenario
from regelingen import voorwaarden as vw
from regelingen.forms import VoorwaardeForm, velden_gedekt
from tests.regelingen.test_scenario import PEILDATUM, maak_huishouden

URL = "/beleid/scenario/"
CHRONISCH = "chronisch_ziek_of_gehandicapt"
KINDEREN = {"soort": "kinderen", "min_leeftijd": 4, "max_leeftijd": 17}
INKOMEN = {"soort": "inkomen", "max_pct": "120"}


@pytest.fixture
def populatie(regels):
    """As in test_scenario: 7 households with a child have Leergeld at 120%, 5 more at 150%, 2 above 150%, and
    two households without children."""
    huishoudens = {}
    for inkomen, stadsdeel in (
        *((i, "Blerick") for i in ("1000.00", "1200.00", "1400.00", "1500.00", "1681.80", "1681.81", "1800.00")),
        *((i, "Blerick") for i in ("1900.00", "2102.26", "2500.00")),
        *((i, "Tegelen") for i in ("1100.00", "1300.00", "2000.00", "2102.25")),
    ):
        huishoudens[inkomen] = maak_huishouden(inkomen, stadsdeel=stadsdeel)
    maak_huishouden("900.00", kinderen=0, stadsdeel="Venlo")
    maak_huishouden("1000.00", kinderen=0, partner=True, stadsdeel="Venlo")
    return huishoudens


def _kenmerk_voor(huishouden) -> None:
    aanvrager = huishouden.leden.get(rol="aanvrager")
    Kenmerk.objects.create(
        soort=KenmerkSoort.objects.get(code=CHRONISCH),
        huishouden=huishouden,
        inwoner=aanvrager,
        geldig_van=date(2025, 1, 1),
        bron="arts",
    )


def _simuleer(voorwaarden, wijzigingen=None):
    return scenario.simuleer(
        regeling_code="leergeld", wijzigingen=wijzigingen or {}, voorwaarden=voorwaarden, peildatum=PEILDATUM
    )


# --- The computation ------------------------------------------------------------------------------------


def test_de_lijst_zoals_hij_is_geeft_dezelfde_uitkomst(populatie):
    regel = scenario.huidige_regels(PEILDATUM)["leergeld"]
    assert scenario.voorwaarden_als_data(regel) == [KINDEREN, {**INKOMEN, "max_pct": "120.00"}]
    uitkomst = _simuleer(scenario.voorwaarden_als_data(regel))
    assert uitkomst.totaal == scenario.Telling(voor=7, na=7, erbij=0, eraf=0)


def test_inkomenstoets_weghalen_geeft_meer_huishoudens_recht(populatie):
    uitkomst = _simuleer([KINDEREN])
    # Every household with a child of 8 has the right now: 14, of whom 7 new.
    assert uitkomst.totaal == scenario.Telling(voor=7, na=14, erbij=7, eraf=0)
    assert uitkomst.nieuwe_regel.inkomensgrens_pct is None
    assert engine.voorwaarden_van(uitkomst.nieuwe_regel) == (vw.Kinderen(min_leeftijd=4, max_leeftijd=17),)


def test_kenmerk_toevoegen_geeft_minder_huishoudens_recht(populatie):
    for inkomen in ("1000.00", "1100.00", "1681.81"):  # two within 120%, one above it
        _kenmerk_voor(populatie[inkomen])
    uitkomst = _simuleer([KINDEREN, INKOMEN, {"soort": "kenmerk", "kenmerk": CHRONISCH, "wie": "aanvrager"}])
    assert uitkomst.totaal == scenario.Telling(voor=7, na=2, erbij=0, eraf=5)
    # Small numbers stay suppressed: 2 is shown as "<5", and what would give it away is withheld.
    weergave = scenario.weergave(uitkomst)
    assert weergave.totaal.cellen["na"].tekst == "<5"
    assert weergave.totaal.cellen["eraf"].afgeschermd or weergave.totaal.cellen["eraf"].klein


def test_voorwaarde_wijzigen_een_inkomensband(populatie):
    # Only households above 100% and at most 150%: a band with a lower bound.
    band = {"soort": "inkomen", "min_pct": "100", "max_pct": "150"}
    uitkomst = _simuleer([KINDEREN, band])
    # <= 120% today: 7; in the band: 1500, 1681.80 (above 1401.50) + 5 between 120% and 150% = 7.
    assert uitkomst.totaal.na == 7
    assert uitkomst.totaal.eraf == 5  # the five at or below 100%


def test_eenvoudige_velden_gelden_bovenop_de_lijst(populatie):
    regel = scenario.huidige_regels(PEILDATUM)["leergeld"]
    zonder_lijst = scenario.simuleer(
        regeling_code="leergeld", wijzigingen={"inkomensgrens_pct": Decimal("150")}, peildatum=PEILDATUM
    )
    met_lijst = _simuleer(scenario.voorwaarden_als_data(regel), {"inkomensgrens_pct": Decimal("150")})
    assert met_lijst.totaal == zonder_lijst.totaal == scenario.Telling(voor=7, na=12, erbij=5, eraf=0)
    # Without an income voorwaarde in the list, the limit adds one, as setting the column would.
    assert _simuleer([KINDEREN], {"inkomensgrens_pct": Decimal("150")}).totaal.na == 12


@pytest.mark.parametrize(
    ("voorwaarden", "bericht"),
    [
        (
            [{"soort": "inkomen", "min_pct": "130", "max_pct": "120"}],
            "Voorwaarde 1: De ondergrens (130%) ligt niet onder de bovengrens (120%): geen inkomen past.",
        ),
        ([KINDEREN, {"soort": "kenmerk", "kenmerk": "bestaat_niet"}], "Voorwaarde 2: Onbekend kenmerk 'bestaat_niet'."),
        ([{"soort": "toverij"}], "Voorwaarde 1: Onbekende soort voorwaarde 'toverij'."),
        ([{"soort": "leeftijd", "min_jaren": 70, "max_jaren": 60}], "Voorwaarde 1: De minimumleeftijd (70 jaar)"),
        ([{"soort": "inkomen", "max_pct": 1.5}], "Voorwaarde 1: Schrijf het percentage"),
    ],
)
def test_onmogelijke_voorwaarde_in_het_nederlands_geweigerd(regels, voorwaarden, bericht):
    with pytest.raises(scenario.OngeldigScenario) as fout:
        _simuleer(voorwaarden)
    assert fout.value.veld == "voorwaarden"
    assert fout.value.bericht.startswith(bericht)


def test_eenvoudig_veld_dat_niet_past_bij_de_lijst(regels):
    with pytest.raises(scenario.OngeldigScenario) as fout:
        _simuleer([{"soort": "kinderen", "max_leeftijd": 10}], {"kind_min_leeftijd": 12})
    assert fout.value.veld == "kind_min_leeftijd"
    assert "De minimumleeftijd van het kind (12 jaar) is hoger dan de maximumleeftijd (10 jaar)." in fout.value.bericht


def test_regels_voor_en_na_als_zinnen(regels):
    regel = scenario.huidige_regels(PEILDATUM)["leergeld"]
    nieuw = scenario.controleer(regel, {}, [KINDEREN, {"soort": "kenmerk", "kenmerk": CHRONISCH}])
    rijen = {(r.label, r.nu, r.scenario) for r in scenario.regelvergelijking(regel, nieuw)}
    assert ("Inkomen", "Het inkomen is hoogstens 120% van de bijstandsnorm.", "") in rijen
    assert ("Kenmerk", "", f"Het huishouden heeft het kenmerk ‘{CHRONISCH}’.") in rijen
    kinderen = "Het huishouden heeft minstens 1 kind van 4 tot en met 17 jaar."
    assert ("Kinderen", kinderen, kinderen) in rijen
    assert not any(label == "Bedrag en beoordeling" for label, _nu, _na in rijen)  # Leergeld has no amount

    sport = scenario.huidige_regels(PEILDATUM)["jeugdfonds_sport"]
    duurder = scenario.controleer(sport, {"bedrag": Decimal("250.00")})
    rij = scenario.regelvergelijking(sport, duurder)[-1]
    assert (rij.label, rij.nu, rij.scenario, rij.gewijzigd) == (
        "Bedrag en beoordeling",
        "Het bedrag is € 225,00 per kind per jaar.",
        "Het bedrag is € 250,00 per kind per jaar.",
        True,
    )


def test_elke_parameter_van_elke_soort_heeft_een_veld():
    assert velden_gedekt() == {soort: set() for soort in vw.SOORTEN}


# --- The page -----------------------------------------------------------------------------------------


@pytest.fixture
def beleid(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("beleidsadviseur"))
    return client


def _formulier(voorwaarden: list[dict], *, weg: tuple[int, ...] = (), **extra) -> dict:
    """The what-if form as the page sends it, with these voorwaarden as rows (1-based numbers in `weg`)."""
    data = {"regeling": "leergeld", "vw-regeling": "leergeld", "vw-aantal": str(len(voorwaarden)), **extra}
    for nummer, voorwaarde in enumerate(voorwaarden, start=1):
        for naam, waarde in VoorwaardeForm.beginwaarden(vw.lees_voorwaarde(voorwaarde)).items():
            data[f"vw{nummer}-{naam}"] = waarde
        if nummer in weg:
            data[f"vw{nummer}-weg"] = "on"
    return data


def test_pagina_toont_de_voorwaarden_van_de_gekozen_regeling(regels, beleid):
    html = beleid.get(URL, {"regeling": "leergeld"}).content.decode()
    assert "Voorwaarde 1: kinderen" in html and "Voorwaarde 2: inkomen" in html
    assert 'name="vw2-max_pct"' in html and 'value="120"' in html
    assert 'name="vw-aantal" value="2"' in html
    assert "Haal deze voorwaarde weg" in html


def test_pagina_inkomenstoets_weghalen(populatie, beleid):
    response = beleid.get(URL, _formulier([KINDEREN, INKOMEN], weg=(2,)))
    assert response.status_code == 200, response.context["form"].errors
    assert response.context["uitkomst"].totaal.na == 14
    html = response.content.decode()
    assert "Vervalt" in html and "Het inkomen is hoogstens 120% van de bijstandsnorm." in html
    # The list shown is now the scenario's: the removed voorwaarde is gone, so changing further starts there.
    assert 'name="vw-aantal" value="1"' in html


def test_pagina_voorwaarde_toevoegen_en_invullen(populatie, beleid):
    response = beleid.get(URL, {**_formulier([KINDEREN, INKOMEN]), "nieuw": "kenmerk", "actie": "toevoegen"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voorwaarde 3: kenmerk" in html and 'name="vw3-kenmerk"' in html
    assert "uitkomst" not in response.context  # nothing computed yet

    _kenmerk_voor(populatie["1000.00"])
    data = _formulier([KINDEREN, INKOMEN, {"soort": "kenmerk", "kenmerk": CHRONISCH, "wie": "aanvrager"}])
    response = beleid.get(URL, data)
    assert response.status_code == 200
    assert response.context["uitkomst"].totaal.na == 1
    html = response.content.decode()
    assert '<span aria-hidden="true">&lt;5</span>' in html
    assert f"De aanvrager heeft het kenmerk ‘{CHRONISCH}’." in html


def test_pagina_onmogelijke_voorwaarde_geeft_nederlandse_fout_en_geen_uitkomst(regels, beleid):
    data = _formulier([KINDEREN, INKOMEN])
    data["vw2-min_pct"] = "130"
    response = beleid.get(URL, data)
    assert response.status_code == 400
    assert "uitkomst" not in response.context
    html = response.content.decode()
    assert "De ondergrens (130%) ligt niet onder de bovengrens (120%): geen inkomen past." in html
    assert 'href="#voorwaarde-2"' in html

    data = _formulier([KINDEREN])
    data["vw1-max_leeftijd"] = "veel"
    response = beleid.get(URL, data)
    assert response.status_code == 400
    assert "Vul een heel getal in." in response.content.decode()


def test_pagina_lege_nieuwe_voorwaarde_vraagt_om_gegevens(regels, beleid):
    data = {**_formulier([KINDEREN]), "vw-aantal": "2", "vw2-soort": "kenmerk", "vw2-wie": "huishouden"}
    response = beleid.get(URL, data)
    assert response.status_code == 400
    assert "Noem het kenmerk (de code uit de lijst met kenmerken)." in response.content.decode()


def test_rijen_van_een_andere_regeling_tellen_niet(populatie, beleid):
    data = {**_formulier([KINDEREN], weg=(1,)), "regeling": "jeugdfonds_sport"}
    response = beleid.get(URL, data)
    assert response.status_code == 200
    assert response.context["uitkomst"].totaal.na == response.context["uitkomst"].totaal.voor
