"""The one suppression rule on KPI rows: primary (<5), secondary (a cell that follows from a total and the other
cells), a percentage withheld when its teller or noemer is, a small complement (98 of 100), the nested counts
of the income bands and the funnel, amounts resting on few toekenningen, and toegekend/niet-gebruik hidden
together."""

from datetime import date

import pytest

from monitoring.kpis import PER_CODE
from monitoring.onderdrukking import markeer, markeer_alle, ondergrens, toon, toon_aantal
from monitoring.selectors import _cellen
from venlo_armoede.kleine_aantallen import verberg_keten

MAAND = date(2026, 3, 1)


def rij(stadsdeel, doelgroep, teller, noemer=None, categorie="", aantal=None):
    return {
        "maand": MAAND,
        "stadsdeel": stadsdeel,
        "doelgroep": doelgroep,
        "categorie": categorie,
        "teller": teller,
        "noemer": noemer,
        "aantal": aantal,
        "waarde": None,
    }


def test_primair_en_secundair():
    kpi = PER_CODE["aanmeldingen"]
    rijen = [rij(None, None, 20), rij(1, None, 3), rij(2, None, 9), rij(3, None, 8)]
    markeer(kpi, rijen)
    # 20 − 9 − 8 would give the 3 away: the smallest other cell is hidden too.
    assert [toon(kpi, r) for r in rijen] == ["20", "<5", "9", "×"]


def test_nul_is_geen_klein_aantal_en_alles_groot_blijft_zichtbaar():
    kpi = PER_CODE["aanmeldingen"]
    rijen = [rij(None, None, 15), rij(1, None, 0), rij(2, None, 15)]
    markeer(kpi, rijen)
    assert [toon(kpi, r) for r in rijen] == ["15", "0", "15"]


def test_secundair_over_doelgroepen_ook():
    kpi = PER_CODE["aanmeldingen"]
    rijen = [rij(None, None, 30), rij(None, "ouderen", 2), rij(None, "paar", 28)]
    markeer(kpi, rijen)
    assert [toon(kpi, r) for r in rijen] == ["30", "<5", "×"]


def test_percentage_verborgen_als_teller_of_noemer_klein_is():
    kpi = PER_CODE["crisis_binnen_3_werkdagen"]
    rijen = [rij(None, None, 3, 10), rij(1, None, 6, 7), rij(2, None, 6, 4), rij(3, None, 0, 0)]
    markeer(kpi, rijen)
    assert toon(kpi, rijen[0]) == "–"  # teller 3
    assert toon(kpi, rijen[2]) == "–"  # noemer 4
    assert toon(kpi, rijen[1]) == "–"  # secondary: 10 − 7 would give away the noemer 4... its noemer is hidden too
    assert toon(kpi, rijen[3]) == "nog geen gegevens"  # 0 of 0 is no percentage, not 0%


def test_groot_percentage_wordt_getoond():
    kpi = PER_CODE["crisis_binnen_3_werkdagen"]
    rijen = [rij(None, None, 30, 40)]
    markeer(kpi, rijen)
    assert toon(kpi, rijen[0]) == "75%"


def test_niet_gebruik_wordt_verborgen_als_toegekend_klein_is():
    bereik, niet = PER_CODE["bereik"], PER_CODE["niet_gebruik"]
    rijen_b = [rij(None, None, 2, 12, categorie="Leergeld")]
    rijen_n = [rij(None, None, 10, 12, categorie="Leergeld")]
    markeer_alle({"bereik": rijen_b, "niet_gebruik": rijen_n})
    # 83% of 12 would say 12 − 10 = 2 got it: niet-gebruik is only a bound, its teller is hidden too.
    assert toon(niet, rijen_n[0]) == "≥ 66%" and toon_aantal(rijen_n[0], "teller") == "×"
    assert toon(bereik, rijen_b[0]) == "–" and toon_aantal(rijen_b[0], "teller") == "<5"


def test_niet_gebruik_volgt_een_secundair_verborgen_bereik():
    bereik, niet = PER_CODE["bereik"], PER_CODE["niet_gebruik"]
    # Stadsdeel 2 has 2 toegekend (and so 10 of 12 niet-gebruik, a small complement). In bereik the secondary
    # rule hides stadsdeel 1 (10), in niet-gebruik stadsdeel 3 (10). Each must follow the other: niet-gebruik
    # 20 of 30 in stadsdeel 1 would give its 10 toegekend back, and then 30 − 10 − 18 the 2.
    rijen_b = [rij(None, None, 30, 70), rij(1, None, 10, 30), rij(2, None, 2, 12), rij(3, None, 18, 28)]
    rijen_n = [rij(None, None, 40, 70), rij(1, None, 20, 30), rij(2, None, 10, 12), rij(3, None, 10, 28)]
    markeer_alle({"bereik": rijen_b, "niet_gebruik": rijen_n})
    assert [toon(bereik, r) for r in rijen_b] == ["43%", "–", "–", "–"]
    assert [toon(niet, r) for r in rijen_n] == ["57%", "–", "≥ 66%", "–"]
    assert [toon_aantal(r, "teller") for r in rijen_n] == ["40", "×", "×", "×"]


# --- The complement of a percentage -------------------------------------------------------------------------
def test_kleine_aanvulling_toont_alleen_een_ondergrens():
    kpi = PER_CODE["eerste_gesprek_binnen_4_weken"]
    rijen = [rij(None, None, 98, 100)]
    markeer(kpi, rijen)
    # "98 of 100" would say 2 inwoners waited too long: the teller is hidden, the percentage is a bound that
    # holds for any complement from 1 to 4.
    assert _cellen(kpi, rijen[0]) == ["≥ 96%", "×", "100"]


@pytest.mark.parametrize(("teller", "noemer", "verwacht"), [(100, 100, "100%"), (95, 100, "95%"), (0, 9, "0%")])
def test_aanvulling_van_nul_of_vijf_en_meer_blijft_zichtbaar(teller, noemer, verwacht):
    kpi = PER_CODE["eerste_gesprek_binnen_4_weken"]
    rijen = [rij(None, None, teller, noemer)]
    markeer(kpi, rijen)
    assert _cellen(kpi, rijen[0]) == [verwacht, str(teller), str(noemer)]


def test_kleine_aanvulling_beschermt_ook_via_de_som_van_de_stadsdelen():
    kpi = PER_CODE["eerste_gesprek_binnen_4_weken"]
    # Blerick 48 of 50 (2 late) is hidden; 90 − 42 would give its 48 back, so Tegelen's teller is hidden too.
    rijen = [rij(None, None, 90, 100), rij(1, None, 48, 50), rij(2, None, 42, 50)]
    markeer(kpi, rijen)
    assert [_cellen(kpi, r) for r in rijen] == [["90%", "90", "100"], ["≥ 92%", "×", "50"], ["–", "×", "50"]]


def test_kleine_aanvulling_met_kleine_teller_toont_geen_grens():
    kpi = PER_CODE["eerste_gesprek_binnen_4_weken"]
    rijen = [rij(None, None, 4, 7)]  # both 4 and 3 small: no bound, it would say "4"
    markeer(kpi, rijen)
    assert _cellen(kpi, rijen[0]) == ["–", "<5", "7"]


def test_ondergrens_klopt_voor_elke_kleine_aanvulling():
    for noemer in range(9, 400):
        grens = ondergrens(noemer)
        for aanvulling in range(1, 5):
            assert 100 * (noemer - aanvulling) / noemer >= grens
        assert grens + 1 > 100 * (noemer - 4) / noemer  # the best whole bound


def test_percentage_van_plekken_kent_geen_aanvulling():
    kpi = PER_CODE["capaciteitsgebruik"]  # places, not people
    rijen = [rij(None, None, 98, 100, categorie="Maatje")]
    markeer(kpi, rijen)
    assert toon(kpi, rijen[0]) == "98%"


# --- Nested counts -------------------------------------------------------------------------------------------
def test_keten_verbergt_de_hogere_bij_een_klein_verschil():
    assert verberg_keten([10, 12, 13, 20, 22]) == {1, 2, 4}
    assert verberg_keten([10, 15, 20]) == set()
    assert verberg_keten([10, 12, 30], vast=[2]) == {1}
    assert verberg_keten([10, 28, 30], vast=[2]) == {1}  # 30 − 28 = 2: the lower is hidden, then 30 − 10 is fine
    assert verberg_keten([27, 28, 30], vast=[2]) == {0, 1}


def minima(per_grens: dict[int, list[tuple]]) -> dict[str, list[dict]]:
    return {
        f"minimapopulatie_{grens}": [rij(stadsdeel, None, teller, 100) for stadsdeel, teller in cellen]
        for grens, cellen in per_grens.items()
    }


def test_cumulatieve_inkomensbanden_verraden_geen_klein_verschil():
    alle = minima({100: [(None, 10)], 110: [(None, 12)], 120: [(None, 13)], 130: [(None, 20)], 150: [(None, 22)]})
    markeer_alle(alle)
    # 12 − 10 would say 2 households are between 100% and 110%; then 13 − 10 = 3 and 22 − 20 = 2.
    getoond = [toon(PER_CODE[code], rijen[0]) for code, rijen in alle.items()]
    assert getoond == ["10", "×", "×", "20", "×"]


def test_verborgen_band_wordt_ook_over_de_stadsdelen_beschermd():
    alle = minima(
        {
            100: [(None, 20), (1, 10), (2, 10)],
            110: [(None, 30), (1, 12), (2, 18)],  # Blerick: 12 − 10 = 2
            150: [(None, 40), (1, 17), (2, 23)],
        }
    )
    markeer_alle(alle)
    # Blerick's 110% is hidden; then 30 − 12 would not work, but 30 − 18 would: Tegelen's is hidden too. Then
    # Blerick's 150% next to its 100% (17 − 10 = 7) may stay.
    getoond = {code: [toon(PER_CODE[code], r) for r in rijen] for code, rijen in alle.items()}
    assert getoond == {
        "minimapopulatie_100": ["20", "10", "10"],
        "minimapopulatie_110": ["30", "×", "×"],
        "minimapopulatie_150": ["40", "17", "23"],
    }


def test_trechter_aangevraagd_en_toegekend_verraden_geen_klein_verschil():
    regeling = "Leergeld"
    alle = {
        "bereik": [rij(None, None, 28, 40, categorie=regeling)],
        "niet_gebruik": [rij(None, None, 12, 40, categorie=regeling)],
        "aangevraagd": [rij(None, None, 30, 40, categorie=regeling)],
    }
    markeer_alle(alle)
    # 30 aangevraagd − 28 toegekend would say 2 are refused or waiting: aangevraagd (the higher) is hidden.
    assert (
        toon_aantal(alle["aangevraagd"][0], "teller") == "×"
        and toon(PER_CODE["aangevraagd"], alle["aangevraagd"][0]) == "–"
    )
    assert toon_aantal(alle["bereik"][0], "teller") == "28" and toon(PER_CODE["bereik"], alle["bereik"][0]) == "70%"
    assert toon_aantal(alle["bereik"][0], "noemer") == "40"


def test_trechter_met_aangevraagd_vlak_onder_rechthebbend():
    regeling = "Leergeld"
    alle = {
        "bereik": [rij(None, None, 20, 40, categorie=regeling)],
        "niet_gebruik": [rij(None, None, 20, 40, categorie=regeling)],
        "aangevraagd": [rij(None, None, 37, 40, categorie=regeling)],
    }
    markeer_alle(alle)
    # 40 − 37: the noemer stays, aangevraagd is hidden and shown as a bound.
    assert toon(PER_CODE["aangevraagd"], alle["aangevraagd"][0]) == "≥ 90%"
    assert toon_aantal(alle["aangevraagd"][0], "teller") == "×"
    assert toon(PER_CODE["bereik"], alle["bereik"][0]) == "50%"


# --- Amounts -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["budgetgebruik", "flexibel_budget_besteed"])
def test_bedrag_van_weinig_toekenningen_wordt_verborgen(code):
    kpi = PER_CODE[code]
    rijen = [rij(None, None, 350, 1000, categorie="Leergeld", aantal=1)]
    markeer(kpi, rijen)
    # One toekenning of € 350 is one inwoner's amount: hidden with its percentage; the budget is no person's.
    assert _cellen(kpi, rijen[0]) == ["–", "×", "€ 1.000"]


@pytest.mark.parametrize("code", ["budgetgebruik", "flexibel_budget_besteed"])
def test_bedrag_van_vijf_toekenningen_wordt_getoond(code):
    kpi = PER_CODE[code]
    rijen = [rij(None, None, 1750, 10000, categorie="Leergeld", aantal=5)]
    markeer(kpi, rijen)
    # The complement of an amount (the budget left) is money, not people: no bound.
    assert _cellen(kpi, rijen[0]) == ["18%", "€ 1.750", "€ 10.000"]


def test_kpi_zonder_gegevens_zegt_dat():
    assert toon(PER_CODE["onder_bewind"], None) == "nog geen gegevens"


def test_zonder_postgresql_geen_cijfers_maar_een_melding(db, monkeypatch):
    from django.db import connection

    from monitoring import services
    from monitoring.models import KpiWaarde

    monkeypatch.setattr(connection, "vendor", "sqlite")
    run = services.bereken()
    assert run.status == "mislukt" and "PostgreSQL" in run.melding
    assert not KpiWaarde.objects.exists()


def test_minima_doelgroepen_als_keten_met_het_totaal_als_vaste_top():
    """minima_100 ⊆ minima_110 ⊆ … ⊆ minima_150 ⊆ alle doelgroepen: a difference of 1 to 4 between two shown
    neighbours would give away those people, so the higher one is hidden; below the total, the lower one."""
    from monitoring.onderdrukking import markeer_minimaketen

    rijen = [
        rij(None, "minima_100", 40),
        rij(None, "minima_110", 42),  # 2 more than ≤100%: hidden
        rij(None, "minima_120", 60),  # 20 more than ≤100% (the shown neighbour): shown
        rij(None, "minima_130", 70),
        rij(None, "minima_150", 97),  # 3 below the total, which stays: this one is hidden
        rij(None, None, 100),
    ]
    gewijzigd = markeer_minimaketen({"aanmeldingen": rijen})
    verborgen = {r["doelgroep"] for r in rijen if r.get("teller_verborgen")}
    assert verborgen == {"minima_110", "minima_150"} == gewijzigd
    # Again: nothing more to hide.
    assert markeer_minimaketen({"aanmeldingen": rijen}) == set()


def test_minima_keten_per_stadsdeel_en_grote_verschillen_blijven_zichtbaar():
    from monitoring.onderdrukking import markeer_minimaketen

    rijen = [rij(1, "minima_100", 10), rij(1, "minima_110", 20), rij(1, None, 30), rij(2, "minima_100", 8)]
    assert markeer_minimaketen({"aanmeldingen": rijen}) == set()
    assert not any(r.get("teller_verborgen") for r in rijen)
