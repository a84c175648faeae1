"""A second, fictitious municipality loaded from YAML (regelingen/data/voorbeeldstad.yaml) into an empty
database, and every outcome proven at and one cent around each grens with hand-computed households.

Peildatum 1 March 2026; bijstandsnormen per 1-1-2026 (net per month incl. vakantietoeslag), copied into the
YAML from the domain figures: alleenstaande 21–AOW 1401.50, gehuwden 21–AOW 2002.13, alleenstaande AOW
1564.69, gehuwden AOW 2144.16. AOW-leeftijd 67 for who reaches it from 2024. Vermogensgrens 2026: 8000.00
alleenstaande, 16000.00 gezin. A grens is norm × percentage, rounded half up to the cent."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from regelingen import engine, regelset, selectors, testgevallen

DATA = Path(__file__).resolve().parents[2] / "regelingen" / "data"
PEILDATUM = date(2026, 3, 1)
VEERTIG = date(1986, 1, 10)  # 40 on the peildatum


@pytest.fixture
def voorbeeldstad(db):
    verslag = regelset.importeer((DATA / "voorbeeldstad.yaml").read_text(encoding="utf-8"))
    assert verslag.nieuw == {
        "normen": 5,
        "kenmerken": 1,
        "aow_leeftijden": 2,
        "kostendelersnormen": 1,
        "vermogensgrenzen": 1,
        "regelingen": 5,
        "regelingversies": 5,
    }
    return verslag


def _alleen(inkomen, geboren=VEERTIG, **kwargs):
    return engine.Huishouden(
        leden=(engine.Lid(rol="aanvrager", geboortedatum=geboren, netto_maandinkomen=Decimal(inkomen)),), **kwargs
    )


def _paar(inkomen, geboren=VEERTIG, partner_geboren=VEERTIG, **kwargs):
    return engine.Huishouden(
        leden=(
            engine.Lid(rol="aanvrager", geboortedatum=geboren, netto_maandinkomen=Decimal(inkomen)),
            engine.Lid(rol="partner", geboortedatum=partner_geboren),
        ),
        **kwargs,
    )


def _uitkomst(code: str, huishouden: engine.Huishouden, peildatum: date = PEILDATUM) -> engine.Uitkomst:
    berekening = selectors.bereken_anoniem(huishouden=huishouden, peildatum=peildatum)
    return next(u for u in berekening.uitkomsten if u.code == code)


# --- Werkbonus: an income band with a lower bound (above 110%, at most 130%) ------------------------------

# Alleenstaande: 110% × 1401.50 = 1541.65; 130% × 1401.50 = 1821.95.
# Paar: 110% × 2002.13 = 2202.343 → 2202.34; 130% × 2002.13 = 2602.769 → 2602.77.
WERKBONUS = [
    (_alleen("1541.64"), "geen_recht"),
    (_alleen("1541.65"), "geen_recht"),  # the lower grens itself does not count (min_inclusief: false)
    (_alleen("1541.66"), "recht"),
    (_alleen("1821.94"), "recht"),
    (_alleen("1821.95"), "recht"),  # the upper grens counts
    (_alleen("1821.96"), "geen_recht"),
    (_paar("2202.33"), "geen_recht"),
    (_paar("2202.34"), "geen_recht"),  # the lower grens itself, also for a paar
    (_paar("2202.35"), "recht"),
    (_paar("2602.76"), "recht"),
    (_paar("2602.77"), "recht"),
    (_paar("2602.78"), "geen_recht"),
]


@pytest.mark.parametrize(("huishouden", "verwacht"), WERKBONUS)
def test_werkbonus_inkomensband(voorbeeldstad, huishouden, verwacht):
    uit = _uitkomst("vs_werkbonus", huishouden)
    assert uit.uitkomst == verwacht
    assert uit.bedrag == (Decimal("250.00") if verwacht == "recht" else None)


def test_werkbonus_noemt_de_ondergrens_met_de_cijfers(voorbeeldstad):
    uit = _uitkomst("vs_werkbonus", _alleen("1541.65"))
    assert "Inkomen € 1.541,65 is niet hoger dan de ondergrens 110% van de norm € 1.401,50 = € 1.541,65" in (
        " ".join(uit.redenen)
    )


# --- Tegemoetkoming chronisch zieken: a kenmerk of anyone in the household, income at most 120% -----------

# Alleenstaande: 120% × 1401.50 = 1681.80. Paar: 120% × 2002.13 = 2402.556 → 2402.56.
ZIEK = frozenset({"heeft_chronische_ziekte"})


def _ziek_alleen(inkomen, kenmerken=ZIEK):
    lid = engine.Lid(rol="aanvrager", geboortedatum=VEERTIG, netto_maandinkomen=Decimal(inkomen), kenmerken=kenmerken)
    return engine.Huishouden(leden=(lid,), kenmerken=frozenset())


def _ziek_paar(inkomen):
    return engine.Huishouden(
        leden=(
            engine.Lid(rol="aanvrager", geboortedatum=VEERTIG, netto_maandinkomen=Decimal(inkomen)),
            engine.Lid(rol="partner", geboortedatum=VEERTIG, kenmerken=ZIEK),
        ),
        kenmerken=frozenset(),
    )


CHRONISCH = [
    (_ziek_alleen("1681.79"), "recht"),
    (_ziek_alleen("1681.80"), "recht"),
    (_ziek_alleen("1681.81"), "geen_recht"),
    (_ziek_alleen("1681.80", kenmerken=frozenset()), "geen_recht"),  # known to have no such kenmerk
    (_ziek_alleen("1000.00", kenmerken=frozenset({"student"})), "geen_recht"),
    (_ziek_paar("2402.55"), "recht"),
    (_ziek_paar("2402.56"), "recht"),  # the partner's kenmerk counts (wie: iemand)
    (_ziek_paar("2402.57"), "geen_recht"),
    (_alleen("1000.00"), "beoordeling_nodig"),  # kenmerken not known at all
]


@pytest.mark.parametrize(("huishouden", "verwacht"), CHRONISCH)
def test_chronisch_zieken_kenmerk(voorbeeldstad, huishouden, verwacht):
    uit = _uitkomst("vs_chronisch_zieken", huishouden)
    assert uit.uitkomst == verwacht
    assert uit.bedrag == (Decimal("300.00") if verwacht == "recht" else None)


# --- Langdurigheidstoeslag: at least 36 months low, and now below its own grens of 105% -------------------

# Own grens: 105% × 1401.50 = 1471.575 → 1471.58, not inclusive (below). The regeling's own income grens is
# 110% × 1401.50 = 1541.65; the langdurigheid grens is stricter, so it decides. Low since 1-3-2023 + 36 months
# = 1-3-2026, the peildatum itself: long enough; since 2-3-2023 is one day short.
LANG = date(2023, 3, 1)
LANGDURIG = [
    (_alleen("1471.57", laag_inkomen_sinds=LANG), "recht"),
    (_alleen("1471.58", laag_inkomen_sinds=LANG), "geen_recht"),
    (_alleen("1471.59", laag_inkomen_sinds=LANG), "geen_recht"),
    (_alleen("1500.00", laag_inkomen_sinds=LANG), "geen_recht"),  # within 110% but not below 105%
    (_alleen("1000.00", laag_inkomen_sinds=date(2023, 3, 2)), "geen_recht"),
    (_alleen("1000.00", laag_inkomen_sinds=date(2023, 2, 28)), "recht"),
    (_alleen("1000.00"), "beoordeling_nodig"),  # not known since when the income is low
    (_alleen("1000.00", geboren=date(1958, 6, 1), laag_inkomen_sinds=LANG), "geen_recht"),  # AOW reached
    # The AOW date on the day itself: who turns 67 on the peildatum has reached it; a day later, not yet.
    (_alleen("1000.00", geboren=date(1959, 3, 1), laag_inkomen_sinds=LANG), "geen_recht"),
    (_alleen("1000.00", geboren=date(1959, 3, 2), laag_inkomen_sinds=LANG), "recht"),
    # Paar: own grens 105% × 2002.13 = 2102.2365 → 2102.24, not inclusive.
    (_paar("2102.23", laag_inkomen_sinds=LANG), "recht"),
    (_paar("2102.24", laag_inkomen_sinds=LANG), "geen_recht"),
    (_paar("2102.25", laag_inkomen_sinds=LANG), "geen_recht"),
]


@pytest.mark.parametrize(("huishouden", "verwacht"), LANGDURIG)
def test_langdurigheidstoeslag_eigen_grens(voorbeeldstad, huishouden, verwacht):
    uit = _uitkomst("vs_langdurigheidstoeslag", huishouden)
    assert uit.uitkomst == verwacht
    assert uit.bedrag == (Decimal("450.00") if verwacht == "recht" else None)


def test_langdurigheid_zegt_dat_haar_eigen_grens_telt(voorbeeldstad):
    redenen = " ".join(_uitkomst("vs_langdurigheidstoeslag", _alleen("1500.00", laag_inkomen_sinds=LANG)).redenen)
    assert "Inkomen € 1.500,00 is niet hoger dan 110% van de norm € 1.401,50 = € 1.541,65" in redenen
    assert "eigen grens: inkomen € 1.500,00 is niet lager dan 105% van de norm € 1.401,50 = € 1.471,58" in redenen


# --- Ouderenpas 65+: age 65 and older, income at most 115% of that person's norm ---------------------------

# Not yet AOW (65 or 66): 115% × 1401.50 = 1611.725 → 1611.73.
# AOW reached (67 from 2024 on): 115% × 1564.69 = 1799.3935 → 1799.39.
# Paar with one partner past the AOW-leeftijd: the AOW gehuwdennorm, 115% × 2144.16 = 2465.784 → 2465.78.
VIJFENZESTIG = date(1961, 3, 1)  # 65 on the peildatum
AOW_BEREIKT = date(1958, 6, 1)  # 67, AOW-leeftijd reached on 1-6-2025
OUDEREN = [
    (_alleen("1611.72", geboren=VIJFENZESTIG), "recht", "75.00"),
    (_alleen("1611.73", geboren=VIJFENZESTIG), "recht", "75.00"),
    (_alleen("1611.74", geboren=VIJFENZESTIG), "geen_recht", None),
    (_alleen("1000.00", geboren=date(1961, 3, 2)), "geen_recht", None),  # 64: one day short of 65
    (_alleen("1799.38", geboren=AOW_BEREIKT), "recht", "75.00"),
    (_alleen("1799.39", geboren=AOW_BEREIKT), "recht", "75.00"),
    (_alleen("1799.40", geboren=AOW_BEREIKT), "geen_recht", None),
    # Both 66 or 67 in 2026 with 1700.00: who turned 67 on 15-2-2026 has the AOW norm (grens 1799.39),
    # who turns 67 on 15-3-2026 not yet (grens 1611.73).
    (_alleen("1700.00", geboren=date(1959, 2, 15)), "recht", "75.00"),
    (_alleen("1700.00", geboren=date(1959, 3, 15)), "geen_recht", None),
    # The AOW date on the day itself: 67 on the peildatum is the AOW norm already (grens 1799.39), 67 tomorrow not.
    (_alleen("1799.39", geboren=date(1959, 3, 1)), "recht", "75.00"),
    (_alleen("1799.39", geboren=date(1959, 3, 2)), "geen_recht", None),
    (_alleen("1611.73", geboren=date(1959, 3, 2)), "recht", "75.00"),
    (_paar("2465.77", geboren=VIJFENZESTIG, partner_geboren=date(1958, 1, 1)), "recht", "150.00"),
    (_paar("2465.78", geboren=VIJFENZESTIG, partner_geboren=date(1958, 1, 1)), "recht", "150.00"),
    (_paar("2465.79", geboren=VIJFENZESTIG, partner_geboren=date(1958, 1, 1)), "geen_recht", None),
    # A paar with the partner reaching the AOW-leeftijd on the peildatum itself: the AOW gehuwdennorm;
    # a day later not yet: the gehuwdennorm, 115% × 2002.13 = 2302.4495 → 2302.45.
    (_paar("2465.78", geboren=VIJFENZESTIG, partner_geboren=date(1959, 3, 1)), "recht", "150.00"),
    (_paar("2465.78", geboren=VIJFENZESTIG, partner_geboren=date(1959, 3, 2)), "geen_recht", None),
    (_paar("2302.44", geboren=VIJFENZESTIG), "recht", "150.00"),
    (_paar("2302.45", geboren=VIJFENZESTIG), "recht", "150.00"),
    (_paar("2302.46", geboren=VIJFENZESTIG), "geen_recht", None),
]


@pytest.mark.parametrize(("huishouden", "verwacht", "bedrag"), OUDEREN)
def test_ouderenpas_vanaf_65_met_de_norm_en_aow_leeftijd_van_2026(voorbeeldstad, huishouden, verwacht, bedrag):
    uit = _uitkomst("vs_ouderenpas", huishouden)
    assert uit.uitkomst == verwacht
    assert uit.bedrag == (Decimal(bedrag) if bedrag else None)


# --- Kwijtschelding: income at most 100% of the norm, vermogen at most the Participatiewet grens -----------

# Alleenstaande: 100% × 1401.50 = 1401.50, vermogen at most 8000.00.
# Paar: 100% × 2002.13 = 2002.13, vermogen at most 16000.00 (gezin).
NUL = Decimal("0.00")
KWIJTSCHELDING = [
    (_alleen("1401.49", vermogen=NUL), "recht"),
    (_alleen("1401.50", vermogen=NUL), "recht"),
    (_alleen("1401.51", vermogen=NUL), "geen_recht"),
    (_alleen("1000.00", vermogen=Decimal("7999.99")), "recht"),
    (_alleen("1000.00", vermogen=Decimal("8000.00")), "recht"),
    (_alleen("1000.00", vermogen=Decimal("8000.01")), "geen_recht"),
    (_paar("2002.12", vermogen=NUL), "recht"),
    (_paar("2002.13", vermogen=NUL), "recht"),
    (_paar("2002.14", vermogen=NUL), "geen_recht"),
    (_paar("1000.00", vermogen=Decimal("15999.99")), "recht"),
    (_paar("1000.00", vermogen=Decimal("16000.00")), "recht"),
    (_paar("1000.00", vermogen=Decimal("16000.01")), "geen_recht"),
    (_alleen("1000.00"), "beoordeling_nodig"),  # vermogen not known
]


@pytest.mark.parametrize(("huishouden", "verwacht"), KWIJTSCHELDING)
def test_kwijtschelding_op_100_procent(voorbeeldstad, huishouden, verwacht):
    uit = _uitkomst("vs_kwijtschelding", huishouden)
    assert uit.uitkomst == verwacht
    assert uit.bedrag is None


def test_de_testgevallen_van_voorbeeldstad_kloppen(voorbeeldstad):
    gevallen = testgevallen.lees((DATA / "testgevallen" / "voorbeeldstad.yaml").read_text(encoding="utf-8"))
    resultaten = testgevallen.voer_uit(gevallen)
    assert len(resultaten) >= 10
    assert [r.verschillen for r in resultaten if not r.goed] == []


def test_voorbeeldstad_opnieuw_inlezen_verandert_niets(voorbeeldstad):
    assert regelset.importeer((DATA / "voorbeeldstad.yaml").read_text(encoding="utf-8")).niets_gewijzigd
