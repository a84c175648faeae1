"""The eligibility engine, without database: real norms from the domain table copied in as literals."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regelingen.engine import (
    AANVRAGER,
    BEOORDELING_NODIG,
    GEEN_RECHT,
    KIND,
    OVERIG,
    PARTNER,
    RECHT,
    AowRegel,
    Huishouden,
    KostendelersRegel,
    Lid,
    NormRegel,
    Normtabel,
    OngeldigHuishouden,
    Regel,
    VermogensRegel,
    aow_datum,
    aow_leeftijd_bereikt,
    bepaal_rechten,
    bepaal_rechten_met_context,
    bereken_norm,
    euro,
    huishoudinkomen,
    leeftijd,
    maak_context,
    procent,
    regels_op,
    samenstelling,
    valideer,
)

# ---------------------------------------------------------------------------------------------------
# Test data
# ---------------------------------------------------------------------------------------------------

ALLEEN = "alleenstaande_of_alleenstaande_ouder"
GEH = "gehuwden"


def _norm(van: str, categorie: str, huishoudtype: str, bedrag: str) -> NormRegel:
    return NormRegel(date.fromisoformat(van), categorie, huishoudtype, D(bedrag))


# Real bijstandsnormen (domain normen.csv, 2024-01 … 2026-01).
ECHTE_NORMEN = (
    _norm("2024-01-01", "21_tot_aow", ALLEEN, "1283.83"),
    _norm("2024-01-01", "21_tot_aow", GEH, "1834.04"),
    _norm("2024-07-01", "21_tot_aow", ALLEEN, "1308.45"),
    _norm("2024-07-01", "21_tot_aow", GEH, "1869.21"),
    _norm("2024-07-01", "aow", ALLEEN, "1456.85"),
    _norm("2024-07-01", "aow", GEH, "1976.64"),
    _norm("2024-07-01", "18_tot_21", ALLEEN, "323.03"),
    _norm("2025-01-01", "21_tot_aow", ALLEEN, "1345.45"),
    _norm("2025-01-01", "21_tot_aow", GEH, "1922.07"),
    _norm("2025-01-01", "aow", ALLEEN, "1501.07"),
    _norm("2025-01-01", "aow", GEH, "2053.48"),
    _norm("2025-01-01", "18_tot_21", ALLEEN, "332.17"),
    _norm("2025-01-01", "18_tot_21", "gehuwden_beiden_18_tot_21_zonder_kind", "664.34"),
    _norm("2025-01-01", "18_tot_21", "gehuwden_beiden_18_tot_21_met_kind", "1048.75"),
    _norm("2025-07-01", "21_tot_aow", ALLEEN, "1369.06"),
    _norm("2025-07-01", "21_tot_aow", GEH, "1955.80"),
    _norm("2025-07-01", "aow", ALLEEN, "1530.21"),
    _norm("2025-07-01", "aow", GEH, "2094.98"),
    _norm("2026-01-01", "21_tot_aow", ALLEEN, "1401.50"),
    _norm("2026-01-01", "21_tot_aow", GEH, "2002.13"),
    _norm("2026-01-01", "aow", ALLEEN, "1564.69"),
    _norm("2026-01-01", "aow", GEH, "2144.16"),
    _norm("2026-01-01", "18_tot_21", ALLEEN, "345.99"),
    _norm("2026-01-01", "18_tot_21", "gehuwden_beiden_18_tot_21_zonder_kind", "691.98"),
    _norm("2026-01-01", "18_tot_21", "gehuwden_beiden_18_tot_21_met_kind", "1092.41"),
)

# TEST DATA, NOT REAL NORMS: invented 2022 rows so the 2022–2023 rule versions can be exercised.
# 1234.56 is chosen so that 150% of the norm excluding VT lands exactly on half a cent (1759.245).
VERZONNEN_NORMEN_2022 = (
    _norm("2022-01-01", "21_tot_aow", ALLEEN, "1234.56"),
    _norm("2022-01-01", "21_tot_aow", GEH, "1763.66"),
)

AOW = (AowRegel(vanaf_jaar=2024, jaren=67), AowRegel(vanaf_jaar=2028, jaren=67, maanden=3))
KOSTENDELERS = (KostendelersRegel(date(2015, 1, 1), D("40"), D("30"), 27),)
VERMOGEN = (
    VermogensRegel(2024, D("7575"), D("15150"), D("63900")),
    VermogensRegel(2026, D("8000"), D("16000"), D("67500")),
    # 2025 is onbevestigd in the domain notes, so it is deliberately missing.
)

TABEL = Normtabel(ECHTE_NORMEN, AOW, KOSTENDELERS, VERMOGEN)
TABEL_MET_2022 = Normtabel(VERZONNEN_NORMEN_2022 + ECHTE_NORMEN, AOW, KOSTENDELERS, VERMOGEN)

JAN_2024, JUL_2022, DEC_2023 = date(2024, 1, 1), date(2022, 7, 1), date(2023, 12, 31)
KIND_4_17 = {"kind_min_leeftijd": 4, "kind_max_leeftijd": 17}

# Venlo's regelingen (domain regelingen_venlo.yaml).
REGELS = (
    Regel(
        "stadspas",
        "Stadspas Venlo",
        1,
        JAN_2024,
        inkomensgrens_pct=D("120"),
        referteperiode_maanden=2,
        bedrag_per="persoon_per_jaar",
        bedrag=D("100.00"),
    ),
    Regel(
        "collectieve_zorgverzekering",
        "Collectieve zorgverzekering",
        2,
        JAN_2024,
        inkomensgrens_pct=D("120"),
        kostendelersnorm=False,
        vermogenstoets="participatiewet",
    ),
    Regel(
        "individuele_inkomenstoeslag",
        "Individuele inkomenstoeslag",
        3,
        JAN_2024,
        inkomensgrens_pct=D("102"),
        referteperiode_maanden=36,
        aanvrager_min_leeftijd=21,
        aanvrager_jonger_dan_aow=True,
        vermogenstoets="participatiewet",
        bedrag_per="huishouden_per_jaar",
        bedrag=None,
    ),
    Regel(
        "energietoeslag_2022",
        "Energietoeslag 2022",
        4,
        date(2022, 1, 1),
        date(2022, 12, 31),
        inkomensgrens_pct=D("150"),
        grens_inclusief=False,
        norm_basis="excl_vt",
        bedrag_per="huishouden_eenmalig",
        bedrag=D("1300.00"),
    ),
    Regel("leergeld", "Stichting Leergeld", 5, JUL_2022, DEC_2023, inkomensgrens_pct=D("150"), **KIND_4_17),
    Regel("leergeld", "Stichting Leergeld", 6, JAN_2024, inkomensgrens_pct=D("120"), **KIND_4_17),
    Regel(
        "jeugdfonds_sport",
        "Jeugdfonds Sport",
        7,
        JUL_2022,
        DEC_2023,
        inkomensgrens_pct=D("150"),
        bedrag_per="kind_per_jaar",
        bedrag=D("225.00"),
        **KIND_4_17,
    ),
    Regel(
        "jeugdfonds_sport",
        "Jeugdfonds Sport",
        8,
        JAN_2024,
        inkomensgrens_pct=D("120"),
        bedrag_per="kind_per_jaar",
        bedrag=D("225.00"),
        **KIND_4_17,
    ),
    Regel(
        "jeugdfonds_cultuur",
        "Jeugdfonds Cultuur",
        9,
        JAN_2024,
        inkomensgrens_pct=D("120"),
        bedrag_per="kind_per_jaar",
        bedrag=D("450.00"),
        **KIND_4_17,
    ),
    Regel(
        "kwijtschelding",
        "Kwijtschelding",
        10,
        JAN_2024,
        inkomensgrens_pct=D("100"),
        vermogenstoets="participatiewet",
    ),
    Regel("bijzondere_bijstand", "Bijzondere bijstand", 11, JAN_2024, altijd_beoordeling=True),
)

PEIL = date(2026, 3, 1)


def geboren(jaren: int, peildatum: date = PEIL, dagen_later: int = 0) -> date:
    """Birth date that makes someone exactly `jaren` old on the peildatum (birthday that day)."""
    return date(peildatum.year - jaren, peildatum.month, peildatum.day) + timedelta(days=dagen_later)


def lid(rol: str, jaren: int, inkomen: str = "0", peildatum: date = PEIL, dagen_later: int = 0) -> Lid:
    return Lid(rol, geboren(jaren, peildatum, dagen_later), D(inkomen))


def alleenstaande_ouder(inkomen: str, peildatum: date = PEIL, **extra) -> Huishouden:
    leden = (
        lid(AANVRAGER, 35, inkomen, peildatum),
        lid(KIND, 6, peildatum=peildatum),
        lid(KIND, 9, peildatum=peildatum),
    )
    return Huishouden(leden, **extra)


def alleenstaande(inkomen: str, peildatum: date = PEIL, jaren: int = 40, **extra) -> Huishouden:
    return Huishouden((lid(AANVRAGER, jaren, inkomen, peildatum),), **extra)


def rechten(huishouden: Huishouden, peildatum: date = PEIL, tabel: Normtabel = TABEL, regels=REGELS):
    return bepaal_rechten(huishouden=huishouden, peildatum=peildatum, normtabel=tabel, regels=regels)


def uitkomst(berekening, code: str):
    gevonden = [u for u in berekening.uitkomsten if u.code == code]
    assert len(gevonden) == 1, f"{code} not in {[u.code for u in berekening.uitkomsten]}"
    return gevonden[0]


# ---------------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------------


def test_euro_in_dutch_notation():
    assert euro(D("1681.8")) == "€ 1.681,80"
    assert euro(D("0")) == "€ 0,00"
    assert euro(D("999.995")) == "€ 1.000,00"  # half up
    assert euro(D("1234567.89")) == "€ 1.234.567,89"


@pytest.mark.parametrize(
    ("pct", "tekst"), [("120", "120"), ("120.00", "120"), ("102", "102"), ("150.0", "150"), ("120.5", "120,5")]
)
def test_procent_without_trailing_zeros(pct, tekst):
    assert procent(D(pct)) == tekst


# ---------------------------------------------------------------------------------------------------
# Age and AOW
# ---------------------------------------------------------------------------------------------------


def test_leeftijd_counts_full_years():
    assert leeftijd(date(1990, 3, 1), date(2026, 2, 28)) == 35
    assert leeftijd(date(1990, 3, 1), date(2026, 3, 1)) == 36
    assert leeftijd(date(2026, 3, 1), date(2026, 3, 1)) == 0


def test_leeftijd_born_on_29_february_has_birthday_on_28_february_in_other_years():
    assert leeftijd(date(2008, 2, 29), date(2026, 2, 27)) == 17
    assert leeftijd(date(2008, 2, 29), date(2026, 2, 28)) == 18
    assert leeftijd(date(2008, 2, 29), date(2028, 2, 28)) == 19  # leap year: birthday is the 29th
    assert leeftijd(date(2008, 2, 29), date(2028, 2, 29)) == 20


def test_aow_age_67_reached_on_the_birthday():
    geboren_1959 = date(1959, 3, 1)
    assert not aow_leeftijd_bereikt(geboren_1959, date(2026, 2, 28), AOW)
    assert aow_leeftijd_bereikt(geboren_1959, date(2026, 3, 1), AOW)


def test_aow_age_67_and_3_months_for_those_reaching_it_from_2028():
    assert aow_datum(date(1961, 1, 1), AOW) == date(2028, 4, 1)
    assert not aow_leeftijd_bereikt(date(1961, 1, 1), date(2028, 3, 31), AOW)
    assert aow_leeftijd_bereikt(date(1961, 1, 1), date(2028, 4, 1), AOW)


def test_aow_reached_in_2027_stays_reached_when_the_age_rises_in_2028():
    assert aow_datum(date(1960, 11, 1), AOW) == date(2027, 11, 1)
    assert aow_leeftijd_bereikt(date(1960, 11, 1), date(2028, 1, 15), AOW)


def test_aow_month_end_is_clamped():
    assert aow_datum(date(1960, 11, 30), (AowRegel(2024, 67, 3),)) == date(2028, 2, 29)


def test_aow_age_boundary_switches_norm_and_individuele_inkomenstoeslag():
    def huishouden(peildatum):
        return Huishouden(
            (Lid(AANVRAGER, date(1959, 3, 1), D("1400")),), vermogen=D("0"), laag_inkomen_sinds=date(2020, 1, 1)
        )

    dag_ervoor = rechten(huishouden(date(2026, 2, 28)), date(2026, 2, 28))
    aow_dag = rechten(huishouden(PEIL), PEIL)
    assert dag_ervoor.norm == D("1401.50")
    assert aow_dag.norm == D("1564.69")
    assert "vanaf de AOW-leeftijd" in aow_dag.norm_uitleg
    assert uitkomst(dag_ervoor, "individuele_inkomenstoeslag").uitkomst == RECHT
    toeslag = uitkomst(aow_dag, "individuele_inkomenstoeslag")
    assert toeslag.uitkomst == GEEN_RECHT
    assert toeslag.redenen[0] == (
        "De aanvrager is 67 jaar en heeft de AOW-leeftijd bereikt; de regeling is alleen voor wie jonger is."
    )


# ---------------------------------------------------------------------------------------------------
# Household facts
# ---------------------------------------------------------------------------------------------------


def test_samenstelling():
    assert samenstelling(alleenstaande("0"), PEIL) == "alleenstaande"
    assert samenstelling(alleenstaande_ouder("0"), PEIL) == "alleenstaande_ouder"
    paar = (lid(AANVRAGER, 40), lid(PARTNER, 40))
    assert samenstelling(Huishouden(paar), PEIL) == "paar"
    assert samenstelling(Huishouden((*paar, lid(KIND, 3))), PEIL) == "paar_met_kinderen"
    # A housemate is not a child: still alleenstaande.
    assert samenstelling(Huishouden((lid(AANVRAGER, 40), lid(OVERIG, 30))), PEIL) == "alleenstaande"


def test_income_of_children_and_housemates_does_not_count():
    huishouden = Huishouden(
        (
            lid(AANVRAGER, 45, "1000.00"),
            lid(PARTNER, 44, "600.50"),
            lid(KIND, 17, "450.00"),
            lid(OVERIG, 25, "2500.00"),
        )
    )
    assert huishoudinkomen(huishouden) == D("1600.50")
    berekening = rechten(huishouden)
    assert berekening.inkomen == D("1600.50")
    assert berekening.norm == D("2002.13")
    assert berekening.inkomen_pct == D("79.94")  # 1600.50 / 2002.13 = 79.939…%


# ---------------------------------------------------------------------------------------------------
# Norm
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("peildatum", "alleen", "gehuwd"),
    [
        (date(2024, 6, 30), "1283.83", "1834.04"),
        (date(2024, 7, 1), "1308.45", "1869.21"),
        (date(2025, 1, 1), "1345.45", "1922.07"),
        (date(2025, 6, 30), "1345.45", "1922.07"),
        (date(2025, 7, 1), "1369.06", "1955.80"),
        (date(2025, 12, 31), "1369.06", "1955.80"),
        (date(2026, 1, 1), "1401.50", "2002.13"),
    ],
)
def test_norm_changes_on_1_january_and_1_july(peildatum, alleen, gehuwd):
    assert bereken_norm(alleenstaande("0", peildatum), peildatum, TABEL)[0] == D(alleen)
    paar = Huishouden((lid(AANVRAGER, 40, peildatum=peildatum), lid(PARTNER, 40, peildatum=peildatum)))
    assert bereken_norm(paar, peildatum, TABEL)[0] == D(gehuwd)


def test_norm_explanation_names_category_and_date():
    norm, uitleg = bereken_norm(alleenstaande_ouder("0"), PEIL, TABEL)
    assert norm == D("1401.50")
    assert uitleg == (
        "Bijstandsnorm alleenstaande of alleenstaande ouder, 21 jaar tot de AOW-leeftijd, geldig vanaf "
        "1 januari 2026: € 1.401,50 per maand inclusief vakantietoeslag."
    )


def test_couple_gets_aow_norm_when_either_partner_has_reached_aow_age():
    paar = Huishouden((lid(AANVRAGER, 60), lid(PARTNER, 67)))
    assert bereken_norm(paar, PEIL, TABEL)[0] == D("2144.16")
    omgekeerd = Huishouden((lid(AANVRAGER, 67), lid(PARTNER, 60)))
    assert bereken_norm(omgekeerd, PEIL, TABEL)[0] == D("2144.16")


def test_single_under_21_gets_the_jongerennorm():
    assert bereken_norm(alleenstaande("0", jaren=20), PEIL, TABEL)[0] == D("345.99")
    assert bereken_norm(alleenstaande("0", jaren=21), PEIL, TABEL)[0] == D("1401.50")


def test_couple_both_under_21_with_and_without_child():
    paar = (lid(AANVRAGER, 20), lid(PARTNER, 19))
    assert bereken_norm(Huishouden(paar), PEIL, TABEL)[0] == D("691.98")
    assert bereken_norm(Huishouden((*paar, lid(KIND, 1))), PEIL, TABEL)[0] == D("1092.41")
    # Only one partner under 21: the table has no mixed norm, so the gehuwdennorm.
    gemengd = Huishouden((lid(AANVRAGER, 20), lid(PARTNER, 25)))
    assert bereken_norm(gemengd, PEIL, TABEL)[0] == D("2002.13")


def test_couple_under_21_falls_back_to_gehuwdennorm_when_the_table_has_no_row():
    peildatum = date(2024, 8, 1)  # the 2024 table has no norm for couples both 18–20
    paar = Huishouden((lid(AANVRAGER, 20, peildatum=peildatum), lid(PARTNER, 19, peildatum=peildatum)))
    norm, uitleg = bereken_norm(paar, peildatum, TABEL)
    assert norm == D("1869.21")
    assert uitleg.startswith("Er is geen norm voor gehuwden, beiden 18 tot 21 jaar, zonder kind op 1 augustus 2024;")


def test_norm_excludes_vt_at_95_percent_for_excl_vt_rules():
    # 2026: 1401.50 × 0.95 = 1331.425 → 1331.43; 150% = 1997.145 → 1997.15
    regel = replace(REGELS[3], geldig_van=JAN_2024, geldig_tot=None)
    u = uitkomst(rechten(alleenstaande("1997.14"), regels=(regel,)), "energietoeslag_2022")
    assert u.redenen == (
        "Inkomen € 1.997,14 is lager dan 150% van de norm zonder vakantietoeslag € 1.331,43 = € 1.997,15",
    )


# ---------------------------------------------------------------------------------------------------
# Kostendelersnorm
# ---------------------------------------------------------------------------------------------------


def test_housemate_of_27_makes_the_kostendelersnorm_apply():
    huishouden = Huishouden((lid(AANVRAGER, 40, "1300.00"), lid(OVERIG, 27)), vermogen=D("0"))
    norm, uitleg = bereken_norm(huishouden, PEIL, TABEL)
    assert norm == D("1001.07")  # (40 + 2 × 30) / 2 = 50% of 2002.13 = 1001.065 → 1001.07
    assert "Kostendelersnorm: 2 kostendelers (aanvrager en 1 huisgenoot van 27 jaar of ouder)" in uitleg
    assert "= 50% van de gehuwdennorm € 2.002,13 = € 1.001,07" in uitleg


def test_housemate_of_26_does_not_count():
    huishouden = Huishouden((lid(AANVRAGER, 40), lid(OVERIG, 27, dagen_later=1)))  # turns 27 tomorrow
    assert bereken_norm(huishouden, PEIL, TABEL) == bereken_norm(alleenstaande("0"), PEIL, TABEL)


def test_kostendelersnorm_for_a_couple_with_an_adult_child():
    huishouden = Huishouden((lid(AANVRAGER, 55), lid(PARTNER, 54), lid(KIND, 30)))
    norm, uitleg = bereken_norm(huishouden, PEIL, TABEL)
    # A = 3: 130% / 3 = 43.33…% of 2002.13 = 867.589… → 867.59 per person, × 2
    assert norm == D("1735.18")
    assert "voor 2 personen: € 1.735,18 per maand" in uitleg


def test_rule_without_kostendelersnorm_ignores_the_housemate():
    huishouden = Huishouden((lid(AANVRAGER, 40, "1300.00"), lid(OVERIG, 27)), vermogen=D("0"))
    berekening = rechten(huishouden)
    assert berekening.norm == D("1001.07")
    stadspas = uitkomst(berekening, "stadspas")  # applies the kostendelersnorm: 120% of 1001.07 = 1201.28
    assert stadspas.uitkomst == GEEN_RECHT
    assert "Inkomen € 1.300,00 is hoger dan 120% van de norm € 1.001,07 = € 1.201,28" in stadspas.redenen
    zorg = uitkomst(berekening, "collectieve_zorgverzekering")
    assert zorg.uitkomst == RECHT
    assert "Inkomen € 1.300,00 is niet hoger dan 120% van de norm € 1.401,50 = € 1.681,80" in zorg.redenen
    _, uitleg = bereken_norm(huishouden, PEIL, TABEL, kostendelersnorm=False)
    assert uitleg.endswith("De kostendelersnorm telt voor deze regeling niet mee.")


def test_no_kostendelersnorm_from_aow_age():
    huishouden = Huishouden((lid(AANVRAGER, 70), lid(OVERIG, 40)))
    assert bereken_norm(huishouden, PEIL, TABEL)[0] == D("1564.69")


def test_no_kostendelersnorm_when_no_rule_is_in_force():
    tabel = replace(TABEL, kostendelers=(KostendelersRegel(date(2027, 1, 1)),))
    huishouden = Huishouden((lid(AANVRAGER, 40), lid(OVERIG, 40)))
    assert bereken_norm(huishouden, PEIL, tabel)[0] == D("1401.50")


# ---------------------------------------------------------------------------------------------------
# The worked example and the boundaries of each grens
# ---------------------------------------------------------------------------------------------------


def test_example_alleenstaande_ouder_gets_leergeld():
    berekening = rechten(alleenstaande_ouder("1600.00"))
    assert berekening.samenstelling == "alleenstaande_ouder"
    assert berekening.norm == D("1401.50")
    leergeld = uitkomst(berekening, "leergeld")
    assert leergeld.uitkomst == RECHT
    assert leergeld.versie_id == 6
    assert "Inkomen € 1.600,00 is niet hoger dan 120% van de norm € 1.401,50 = € 1.681,80" in leergeld.redenen
    assert "2 kinderen van 4 tot en met 17 jaar in het huishouden." in leergeld.redenen


def test_example_with_higher_income_gets_no_leergeld():
    leergeld = uitkomst(rechten(alleenstaande_ouder("1700.00")), "leergeld")
    assert leergeld.uitkomst == GEEN_RECHT
    assert leergeld.redenen[0] == "Inkomen € 1.700,00 is hoger dan 120% van de norm € 1.401,50 = € 1.681,80"


@pytest.mark.parametrize(
    ("code", "grens"),
    [
        ("leergeld", "1681.80"),  # 120% of 1401.50
        ("jeugdfonds_sport", "1681.80"),
        ("jeugdfonds_cultuur", "1681.80"),
        ("kwijtschelding", "1401.50"),  # 100%
        ("individuele_inkomenstoeslag", "1429.53"),  # 102% of 1401.50
    ],
)
@pytest.mark.parametrize(("verschil", "verwacht"), [("-0.01", RECHT), ("0.00", RECHT), ("0.01", GEEN_RECHT)])
def test_inclusive_grens_at_one_cent_below_at_and_above(code, grens, verschil, verwacht):
    inkomen = str(D(grens) + D(verschil))
    huishouden = alleenstaande_ouder(inkomen, vermogen=D("0"), laag_inkomen_sinds=date(2020, 1, 1))
    u = uitkomst(rechten(huishouden), code)
    assert u.uitkomst == verwacht
    pct = {"kwijtschelding": "100", "individuele_inkomenstoeslag": "102"}.get(code, "120")
    woord = "niet hoger" if verwacht == RECHT else "hoger"
    assert f"Inkomen {euro(D(inkomen))} is {woord} dan {pct}% van de norm € 1.401,50 = {euro(D(grens))}" in u.redenen


@pytest.mark.parametrize(
    ("inkomen", "verwacht", "woord"),
    [("1759.24", RECHT, "lager"), ("1759.25", GEEN_RECHT, "niet lager"), ("1759.26", GEEN_RECHT, "niet lager")],
)
def test_strict_energietoeslag_grens_excl_vt(inkomen, verwacht, woord):
    # TEST DATA norm 2022 1234.56 × 0.95 = 1172.832 → 1172.83; × 150% = 1759.245 → 1759.25 (half up)
    peildatum = date(2022, 10, 1)
    u = uitkomst(rechten(alleenstaande(inkomen, peildatum), peildatum, TABEL_MET_2022), "energietoeslag_2022")
    assert u.uitkomst == verwacht
    assert u.redenen == (
        f"Inkomen {euro(D(inkomen))} is {woord} dan 150% van de norm zonder vakantietoeslag € 1.172,83 = € 1.759,25",
    )
    assert u.bedrag == (D("1300.00") if verwacht == RECHT else None)


def test_energietoeslag_only_in_2022():
    codes_2022 = [
        u.code for u in rechten(alleenstaande("0", date(2022, 12, 31)), date(2022, 12, 31), TABEL_MET_2022).uitkomsten
    ]
    codes_2023 = [
        u.code for u in rechten(alleenstaande("0", date(2023, 1, 1)), date(2023, 1, 1), TABEL_MET_2022).uitkomsten
    ]
    assert "energietoeslag_2022" in codes_2022
    assert "energietoeslag_2022" not in codes_2023


@pytest.mark.parametrize(
    ("vorige", "dag", "inkomen", "verwacht_vorige", "verwacht"),
    [
        # 2025-06-30: 120% of 1345.45 = 1614.54; 2025-07-01: 120% of 1369.06 = 1642.872 → 1642.87
        (date(2025, 6, 30), date(2025, 7, 1), "1620.00", GEEN_RECHT, RECHT),
        (date(2025, 6, 30), date(2025, 7, 1), "1614.54", RECHT, RECHT),
        # 2025-12-31: 1642.87; 2026-01-01: 120% of 1401.50 = 1681.80
        (date(2025, 12, 31), date(2026, 1, 1), "1650.00", GEEN_RECHT, RECHT),
        (date(2025, 12, 31), date(2026, 1, 1), "1642.88", GEEN_RECHT, RECHT),
    ],
)
def test_grens_moves_with_the_norm(vorige, dag, inkomen, verwacht_vorige, verwacht):
    assert uitkomst(rechten(alleenstaande_ouder(inkomen, vorige), vorige), "leergeld").uitkomst == verwacht_vorige
    assert uitkomst(rechten(alleenstaande_ouder(inkomen, dag), dag), "leergeld").uitkomst == verwacht


def test_grens_text_at_1_july_2025():
    u = uitkomst(rechten(alleenstaande_ouder("1620.00", date(2025, 7, 1)), date(2025, 7, 1)), "leergeld")
    assert "Inkomen € 1.620,00 is niet hoger dan 120% van de norm € 1.369,06 = € 1.642,87" in u.redenen


@pytest.mark.parametrize(
    ("peildatum", "versie", "verwacht", "tekst"),
    [
        # TEST DATA norm 1234.56: 150% = 1851.84
        (date(2023, 12, 30), 5, RECHT, "is niet hoger dan 150% van de norm € 1.234,56 = € 1.851,84"),
        (date(2023, 12, 31), 5, RECHT, "is niet hoger dan 150% van de norm € 1.234,56 = € 1.851,84"),
        # real 2024 norm 1283.83: 120% = 1540.596 → 1540.60
        (date(2024, 1, 1), 6, GEEN_RECHT, "is hoger dan 120% van de norm € 1.283,83 = € 1.540,60"),
    ],
)
def test_temporary_150_percent_leergeld_ends(peildatum, versie, verwacht, tekst):
    u = uitkomst(rechten(alleenstaande_ouder("1700.00", peildatum), peildatum, TABEL_MET_2022), "leergeld")
    assert (u.versie_id, u.uitkomst) == (versie, verwacht)
    assert f"Inkomen € 1.700,00 {tekst}" in u.redenen


def test_leergeld_not_in_force_before_its_first_version():
    peildatum = date(2022, 6, 30)
    codes = [u.code for u in rechten(alleenstaande_ouder("0", peildatum), peildatum, TABEL_MET_2022).uitkomsten]
    assert "leergeld" not in codes
    assert codes == ["energietoeslag_2022"]


# ---------------------------------------------------------------------------------------------------
# Other conditions
# ---------------------------------------------------------------------------------------------------


def test_no_child_in_age_range():
    huishouden = Huishouden((lid(AANVRAGER, 35, "1000"), lid(KIND, 3), lid(KIND, 18)))
    u = uitkomst(rechten(huishouden), "leergeld")
    assert u.uitkomst == GEEN_RECHT
    assert u.redenen[0] == "Geen kind van 4 tot en met 17 jaar in het huishouden."


def test_child_age_bounds_are_inclusive():
    for jaren in (4, 17):
        huishouden = Huishouden((lid(AANVRAGER, 35, "1000"), lid(KIND, jaren)))
        assert uitkomst(rechten(huishouden), "leergeld").uitkomst == RECHT


def test_referteperiode_missing_gives_beoordeling_nodig():
    huishouden = alleenstaande("1000.00", vermogen=D("0"))
    u = uitkomst(rechten(huishouden), "individuele_inkomenstoeslag")
    assert u.uitkomst == BEOORDELING_NODIG
    assert u.redenen[0] == "Niet bekend hoe lang het inkomen al laag is; nodig: 36 maanden."
    assert u.bedrag is None


@pytest.mark.parametrize(
    ("sinds", "verwacht"), [(date(2023, 3, 1), RECHT), (date(2023, 3, 2), GEEN_RECHT), (PEIL, GEEN_RECHT)]
)
def test_referteperiode_of_36_months(sinds, verwacht):
    huishouden = alleenstaande("1000.00", vermogen=D("0"), laag_inkomen_sinds=sinds)
    u = uitkomst(rechten(huishouden), "individuele_inkomenstoeslag")
    assert u.uitkomst == verwacht
    if verwacht == GEEN_RECHT:
        assert u.redenen[0].endswith("dat is korter dan 36 maanden.")


def test_vermogen_missing_gives_beoordeling_nodig():
    u = uitkomst(rechten(alleenstaande("1000.00")), "collectieve_zorgverzekering")
    assert u.uitkomst == BEOORDELING_NODIG
    assert u.redenen[0] == "Het vermogen is niet bekend; dat is nodig voor de vermogenstoets."


@pytest.mark.parametrize(
    ("huishouden", "verwacht"),
    [
        (alleenstaande("1000.00", vermogen=D("8000.00")), RECHT),
        (alleenstaande("1000.00", vermogen=D("8000.01")), GEEN_RECHT),
        (alleenstaande_ouder("1000.00", vermogen=D("16000.00")), RECHT),  # gezin grens
        (alleenstaande_ouder("1000.00", vermogen=D("16000.01")), GEEN_RECHT),
    ],
)
def test_vermogensgrens_2026(huishouden, verwacht):
    u = uitkomst(rechten(huishouden), "collectieve_zorgverzekering")
    assert u.uitkomst == verwacht
    if verwacht == GEEN_RECHT:
        assert u.redenen[0].startswith("Vermogen € ") and "is hoger dan de vermogensgrens" in u.redenen[0]


def test_unknown_vermogensgrens_gives_beoordeling_nodig():
    peildatum = date(2025, 9, 1)
    u = uitkomst(rechten(alleenstaande("1000.00", peildatum, vermogen=D("10")), peildatum), "kwijtschelding")
    assert u.uitkomst == BEOORDELING_NODIG
    assert u.redenen == (
        "Vermogensgrens voor 2025 is niet bekend.",
        "Inkomen € 1.000,00 is niet hoger dan 100% van de norm € 1.369,06 = € 1.369,06",
    )


def test_geen_recht_wins_over_missing_data_and_keeps_all_reasons():
    u = uitkomst(rechten(alleenstaande("3000.00")), "individuele_inkomenstoeslag")
    assert u.uitkomst == GEEN_RECHT
    assert u.redenen[0].startswith("Inkomen € 3.000,00 is hoger dan 102%")
    assert "Niet bekend hoe lang het inkomen al laag is; nodig: 36 maanden." in u.redenen
    assert "Het vermogen is niet bekend; dat is nodig voor de vermogenstoets." in u.redenen
    assert "De aanvrager is 40 jaar (minimaal 21)." in u.redenen


def test_aanvrager_too_young_for_individuele_inkomenstoeslag():
    huishouden = alleenstaande("100.00", jaren=20, vermogen=D("0"), laag_inkomen_sinds=date(2020, 1, 1))
    u = uitkomst(rechten(huishouden), "individuele_inkomenstoeslag")
    assert u.uitkomst == GEEN_RECHT
    assert u.redenen[0] == "De aanvrager is 20 jaar; de regeling is vanaf 21 jaar."


def test_aanvrager_max_leeftijd_and_samenstellingen():
    regel = Regel(
        "proef",
        "Proefregeling",
        None,
        JAN_2024,
        aanvrager_max_leeftijd=65,
        samenstellingen=("alleenstaande_ouder", "paar_met_kinderen"),
    )
    ja = uitkomst(rechten(alleenstaande_ouder("0"), regels=(regel,)), "proef")
    assert ja.uitkomst == RECHT
    nee = uitkomst(rechten(alleenstaande("0", jaren=66), regels=(regel,)), "proef")
    assert nee.uitkomst == GEEN_RECHT
    assert nee.redenen == (
        "De regeling is alleen voor: alleenstaande ouder, paar met kinderen. Dit huishouden is: alleenstaande.",
        "De aanvrager is 66 jaar; de regeling is tot en met 65 jaar.",
    )


def test_bijzondere_bijstand_always_needs_an_assessment():
    for huishouden in (alleenstaande("0", vermogen=D("0")), alleenstaande_ouder("9000.00")):
        u = uitkomst(rechten(huishouden), "bijzondere_bijstand")
        assert u.uitkomst == BEOORDELING_NODIG
        assert u.redenen == ("Voor deze regeling beoordeelt een medewerker de draagkracht.",)
        assert u.bedrag is None


def test_amounts_per_person_per_child_and_per_household():
    huishouden = Huishouden(
        (lid(AANVRAGER, 35, "1000"), lid(KIND, 6), lid(KIND, 9), lid(KIND, 2)),
        vermogen=D("0"),
        laag_inkomen_sinds=date(2020, 1, 1),
    )
    berekening = rechten(huishouden)
    assert uitkomst(berekening, "stadspas").bedrag == D("400.00")  # 4 members × 100
    assert uitkomst(berekening, "jeugdfonds_sport").bedrag == D("450.00")  # 2 children of 4–17 × 225
    assert uitkomst(berekening, "jeugdfonds_cultuur").bedrag == D("900.00")
    toeslag = uitkomst(berekening, "individuele_inkomenstoeslag")
    assert toeslag.uitkomst == RECHT and toeslag.bedrag is None  # amount not yet known
    assert uitkomst(berekening, "leergeld").bedrag is None
    assert uitkomst(rechten(alleenstaande_ouder("9000.00")), "stadspas").bedrag is None  # no recht, no amount


def test_output_is_sorted_by_code_and_skips_rules_not_in_force():
    codes = [u.code for u in rechten(alleenstaande_ouder("1000")).uitkomsten]
    assert codes == sorted(codes)
    assert codes == [
        "bijzondere_bijstand",
        "collectieve_zorgverzekering",
        "individuele_inkomenstoeslag",
        "jeugdfonds_cultuur",
        "jeugdfonds_sport",
        "kwijtschelding",
        "leergeld",
        "stadspas",
    ]


def test_regels_op_selects_by_date_inclusive_of_end():
    assert [r.versie_id for r in regels_op(REGELS, DEC_2023) if r.code == "leergeld"] == [5]
    assert [r.versie_id for r in regels_op(REGELS, JAN_2024) if r.code == "leergeld"] == [6]


def test_context_fast_path_gives_the_same_result():
    context = maak_context(PEIL, TABEL, REGELS)
    for huishouden in (alleenstaande_ouder("1600.00"), alleenstaande("1300.00"), alleenstaande_ouder("1700.00")):
        assert bepaal_rechten_met_context(huishouden, context) == rechten(huishouden)


def test_unhashable_rule_input_still_works():
    regel = Regel("proef", "Proef", None, JAN_2024, samenstellingen=["alleenstaande"])  # list, as from JSONField
    assert uitkomst(rechten(alleenstaande("0"), regels=(regel,)), "proef").uitkomst == RECHT


# ---------------------------------------------------------------------------------------------------
# Invalid input
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("huishouden", "peildatum", "veld", "bericht"),
    [
        (Huishouden(()), PEIL, "leden", "Een huishouden heeft precies één aanvrager."),
        (Huishouden((lid(PARTNER, 40),)), PEIL, "leden", "Een huishouden heeft precies één aanvrager."),
        (
            Huishouden((lid(AANVRAGER, 40), lid(AANVRAGER, 41))),
            PEIL,
            "leden",
            "Een huishouden heeft precies één aanvrager.",
        ),
        (
            Huishouden((lid(AANVRAGER, 40), lid(PARTNER, 41), lid(PARTNER, 42))),
            PEIL,
            "leden",
            "Een huishouden heeft hoogstens één partner.",
        ),
        (
            Huishouden((lid(AANVRAGER, 40), lid("oma", 70))),
            PEIL,
            "leden[1].rol",
            "Onbekende rol 'oma'. Kies aanvrager, partner, kind of overig.",
        ),
        (
            Huishouden((lid(AANVRAGER, 40), lid(PARTNER, 40), Lid(KIND, PEIL + timedelta(days=1)))),
            PEIL,
            "leden[2].geboortedatum",
            "Geboortedatum ligt na de peildatum.",
        ),
        (
            Huishouden((lid(AANVRAGER, 40, "-0.01"),)),
            PEIL,
            "leden[0].netto_maandinkomen",
            "Inkomen kan niet negatief zijn.",
        ),
        (Huishouden((lid(AANVRAGER, 40),), vermogen=D("-1")), PEIL, "vermogen", "Vermogen kan niet negatief zijn."),
        (
            Huishouden((lid(AANVRAGER, 40),), laag_inkomen_sinds=PEIL + timedelta(days=1)),
            PEIL,
            "laag_inkomen_sinds",
            "De datum 'laag inkomen sinds' ligt na de peildatum.",
        ),
        (
            alleenstaande("0", date(2023, 12, 31)),
            date(2023, 12, 31),
            "peildatum",
            "Voor deze peildatum zijn geen normen bekend. De eerste norm geldt vanaf 1 januari 2024.",
        ),
        (
            alleenstaande("0", date(2024, 3, 1), jaren=70),  # AOW norms start 1 July 2024
            date(2024, 3, 1),
            "peildatum",
            "Er is geen bijstandsnorm voor alleenstaande of alleenstaande ouder, vanaf de AOW-leeftijd "
            "op 1 maart 2024.",
        ),
        (
            alleenstaande("0", date(2024, 3, 1), jaren=19),
            date(2024, 3, 1),
            "peildatum",
            "Er is geen bijstandsnorm voor alleenstaande of alleenstaande ouder, 18 tot 21 jaar op 1 maart 2024.",
        ),
    ],
)
def test_ongeldig_huishouden(huishouden, peildatum, veld, bericht):
    for aanroep in (
        lambda: valideer(huishouden, peildatum, TABEL),
        lambda: rechten(huishouden, peildatum),
        lambda: bereken_norm(huishouden, peildatum, TABEL),
    ):
        with pytest.raises(OngeldigHuishouden) as fout:
            aanroep()
        assert (fout.value.veld, fout.value.bericht, str(fout.value)) == (veld, bericht, bericht)


def test_valideer_accepts_a_normal_household():
    assert valideer(alleenstaande_ouder("1600.00"), PEIL, TABEL) is None


def test_missing_gehuwdennorm_for_kostendelers_is_an_error():
    tabel = replace(TABEL, normen=tuple(n for n in ECHTE_NORMEN if n.huishoudtype != GEH))
    huishouden = Huishouden((lid(AANVRAGER, 40), lid(OVERIG, 40)))
    with pytest.raises(OngeldigHuishouden) as fout:
        valideer(huishouden, PEIL, tabel)
    assert fout.value.veld == "peildatum"
    assert "gehuwden of samenwonenden" in fout.value.bericht


def test_two_versions_of_one_regeling_on_the_same_day():
    dubbel = (REGELS[5], replace(REGELS[5], versie_id=99, geldig_van=date(2025, 1, 1)))
    with pytest.raises(OngeldigHuishouden) as fout:
        rechten(alleenstaande_ouder("0"), regels=dubbel)
    assert fout.value.veld == "regels"
    assert fout.value.bericht == "Regeling leergeld heeft meer dan één versie op 1 maart 2026."


@pytest.mark.parametrize(
    "wijziging", [{"norm_basis": "netto"}, {"vermogenstoets": "box3"}, {"bedrag_per": "per_maand"}]
)
def test_unknown_rule_settings_are_rejected(wijziging):
    with pytest.raises(OngeldigHuishouden) as fout:
        rechten(alleenstaande("0"), regels=(replace(REGELS[0], **wijziging),))
    assert fout.value.veld == "regels"


# ---------------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------------

HYPOTHESIS = settings(max_examples=150, deadline=None)

centen = st.integers(min_value=0, max_value=400_000).map(lambda c: D(c).scaleb(-2))


@st.composite
def huishoudens(draw):
    """Valid households on a peildatum from 2025 on, when every norm category exists."""
    peildatum = draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)))

    def persoon(rol, min_jaren, max_jaren):
        dagen = draw(st.integers(min_value=min_jaren * 366, max_value=max_jaren * 365))
        return Lid(rol, peildatum - timedelta(days=dagen), draw(centen))

    leden = [persoon(AANVRAGER, 18, 90)]
    if draw(st.booleans()):
        leden.append(persoon(PARTNER, 18, 90))
    leden += [persoon(KIND, 0, 30) for _ in range(draw(st.integers(0, 4)))]
    leden += [persoon(OVERIG, 0, 90) for _ in range(draw(st.integers(0, 2)))]
    vermogen = draw(st.none() | st.integers(0, 3_000_000).map(lambda c: D(c).scaleb(-2)))
    sinds = draw(st.none() | st.integers(0, 2_000).map(lambda d: peildatum - timedelta(days=d)))
    return Huishouden(tuple(leden), vermogen, sinds), peildatum


@HYPOTHESIS
@given(huishoudens(), st.data())
def test_lower_income_never_takes_a_recht_away(geval, data):
    huishouden, peildatum = geval
    index = data.draw(st.integers(0, len(huishouden.leden) - 1))
    oud = huishouden.leden[index]
    nieuw_inkomen = data.draw(st.integers(0, int(oud.netto_maandinkomen * 100)).map(lambda c: D(c).scaleb(-2)))
    leden = list(huishouden.leden)
    leden[index] = replace(oud, netto_maandinkomen=nieuw_inkomen)
    voor = rechten(huishouden, peildatum)
    na = rechten(replace(huishouden, leden=tuple(leden)), peildatum)
    for u_voor, u_na in zip(voor.uitkomsten, na.uitkomsten, strict=True):
        assert u_voor.code == u_na.code
        if u_voor.uitkomst == RECHT:
            assert u_na.uitkomst != GEEN_RECHT, (u_voor, u_na)


@HYPOTHESIS
@given(huishoudens(), st.data())
def test_order_of_members_does_not_matter(geval, data):
    huishouden, peildatum = geval
    geschud = data.draw(st.permutations(huishouden.leden))
    assert rechten(replace(huishouden, leden=tuple(geschud)), peildatum) == rechten(huishouden, peildatum)


@HYPOTHESIS
@given(huishoudens())
def test_same_question_same_answer(geval):
    huishouden, peildatum = geval
    eerste = rechten(huishouden, peildatum)
    assert rechten(huishouden, peildatum) == eerste
    assert bepaal_rechten_met_context(huishouden, maak_context(peildatum, TABEL, REGELS)) == eerste
