"""The one suppression rule on KPI rows: primary (<5), secondary (a cell that follows from a total and the other
cells), a percentage withheld when its teller or noemer is, and toegekend/niet-gebruik hidden together."""

from datetime import date

from monitoring.kpis import PER_CODE
from monitoring.onderdrukking import markeer, toon
from monitoring.services import _koppel_aanvullingen

MAAND = date(2026, 3, 1)


def rij(stadsdeel, doelgroep, teller, noemer=None, categorie=""):
    return {
        "maand": MAAND,
        "stadsdeel": stadsdeel,
        "doelgroep": doelgroep,
        "categorie": categorie,
        "teller": teller,
        "noemer": noemer,
        "aantal": None,
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
    markeer(bereik, rijen_b)
    markeer(niet, rijen_n)
    assert toon(niet, rijen_n[0]) == "83%"  # on its own it looks harmless, but 12 − 10 = 2
    _koppel_aanvullingen({"bereik": rijen_b, "niet_gebruik": rijen_n})
    assert toon(niet, rijen_n[0]) == "–" and toon(bereik, rijen_b[0]) == "–"


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
