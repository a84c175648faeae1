"""The engine's voorwaarden that had only sentence tests (zinnen), now judged at and one step around each grens:
leeftijd of the partner, any adult (volwassene) and a child, vanaf_aow; kinderen with min_aantal and max_aantal;
inkomen with a lower bound on the norm without vakantietoeslag (excl_vt). Without a database: the real norms
and AOW-leeftijden of tests/regelingen/test_engine.py. Peildatum 1 March 2026; the AOW-leeftijd is 67 for
whoever reaches it in 2026."""

from datetime import date
from decimal import Decimal as D

import pytest

from regelingen import voorwaarden as vw
from regelingen.engine import AANVRAGER, GEEN_RECHT, KIND, OVERIG, PARTNER, RECHT, Huishouden, Regel
from tests.regelingen.test_engine import PEIL, lid, rechten, uitkomst

JAN_2024 = date(2024, 1, 1)


def oordeel(huishouden: Huishouden, *voorwaarden) -> tuple[str, tuple[str, ...]]:
    """The outcome and reasons of a regeling with only these voorwaarden."""
    regel = Regel("proef", "Proef", 1, JAN_2024, voorwaarden=tuple(voorwaarden))
    u = uitkomst(rechten(huishouden, regels=(regel,)), "proef")
    return u.uitkomst, u.redenen


def huishouden(*leden) -> Huishouden:
    return Huishouden(tuple(leden))


# --- leeftijd of the partner ---------------------------------------------------------------------------------

PARTNER_65_TOT_70 = vw.Leeftijd(wie="partner", min_jaren=65, max_jaren=70)


@pytest.mark.parametrize(
    ("jaren", "dagen_later", "verwacht"),
    [
        (65, 1, GEEN_RECHT),  # 65 tomorrow: 64 today
        (65, 0, RECHT),  # 65 today
        (70, 0, RECHT),  # 70 today: the maximum counts
        (71, 1, RECHT),  # 71 tomorrow: still 70
        (71, 0, GEEN_RECHT),  # 71 today
    ],
)
def test_leeftijd_van_de_partner_op_de_grenzen(jaren, dagen_later, verwacht):
    h = huishouden(lid(AANVRAGER, 40), lid(PARTNER, jaren, dagen_later=dagen_later))
    uitkomst_, redenen = oordeel(h, PARTNER_65_TOT_70)
    assert uitkomst_ == verwacht
    if verwacht == RECHT:
        assert redenen[0].startswith("De partner is van 65 tot en met 70 jaar (leeftijd")
    else:
        assert "De regeling vraagt de partner van 65 tot en met 70 jaar; leeftijd in dit huishouden" in redenen[0]


def test_leeftijd_van_de_partner_zonder_partner_is_geen_recht():
    uitkomst_, redenen = oordeel(huishouden(lid(AANVRAGER, 67)), PARTNER_65_TOT_70)
    assert uitkomst_ == GEEN_RECHT
    assert redenen == ("De regeling vraagt de partner van 65 tot en met 70 jaar; die is er niet in dit huishouden.",)


def test_de_leeftijd_van_de_aanvrager_telt_niet_voor_de_partner():
    h = huishouden(lid(AANVRAGER, 66), lid(PARTNER, 50))
    assert oordeel(h, PARTNER_65_TOT_70)[0] == GEEN_RECHT


# --- leeftijd of any adult (volwassene) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jaren", "dagen_later", "verwacht"),
    [(60, 1, GEEN_RECHT), (60, 0, RECHT), (61, 0, RECHT)],
)
def test_een_volwassene_van_60_of_ouder_ook_een_huisgenoot(jaren, dagen_later, verwacht):
    h = huishouden(lid(AANVRAGER, 35), lid(OVERIG, jaren, dagen_later=dagen_later))
    assert oordeel(h, vw.Leeftijd(wie="volwassene", min_jaren=60))[0] == verwacht


@pytest.mark.parametrize(
    ("jaren", "dagen_later", "verwacht"),
    [(18, 1, GEEN_RECHT), (18, 0, RECHT)],  # a child counts as an adult from its 18th birthday
)
def test_een_kind_telt_als_volwassene_vanaf_18(jaren, dagen_later, verwacht):
    h = huishouden(lid(AANVRAGER, 45), lid(KIND, jaren, dagen_later=dagen_later))
    assert oordeel(h, vw.Leeftijd(wie="volwassene", max_jaren=20))[0] == verwacht


# --- leeftijd of a child ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jaren", "dagen_later", "verwacht"),
    [
        (4, 1, GEEN_RECHT),  # 4 tomorrow
        (4, 0, RECHT),
        (17, 0, RECHT),
        (18, 1, RECHT),  # 18 tomorrow: still 17
        (18, 0, GEEN_RECHT),
    ],
)
def test_leeftijd_van_een_kind_op_de_grenzen(jaren, dagen_later, verwacht):
    h = huishouden(lid(AANVRAGER, 40), lid(KIND, jaren, dagen_later=dagen_later))
    assert oordeel(h, vw.Leeftijd(wie="kind", min_jaren=4, max_jaren=17))[0] == verwacht


def test_een_van_de_kinderen_is_genoeg_en_de_reden_noemt_de_leeftijden():
    h = huishouden(lid(AANVRAGER, 40), lid(KIND, 2), lid(KIND, 18))
    uitkomst_, redenen = oordeel(h, vw.Leeftijd(wie="kind", min_jaren=4, max_jaren=17))
    assert uitkomst_ == GEEN_RECHT
    assert redenen == ("De regeling vraagt een kind van 4 tot en met 17 jaar; leeftijd in dit huishouden: 2, 18 jaar.",)
    h = huishouden(lid(AANVRAGER, 40), lid(KIND, 2), lid(KIND, 17))
    assert oordeel(h, vw.Leeftijd(wie="kind", min_jaren=4, max_jaren=17))[0] == RECHT


# --- vanaf de AOW-leeftijd -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wie", "leden"),
    [
        ("aanvrager", lambda dagen: (lid(AANVRAGER, 67, dagen_later=dagen),)),
        ("partner", lambda dagen: (lid(AANVRAGER, 50), lid(PARTNER, 67, dagen_later=dagen))),
        ("volwassene", lambda dagen: (lid(AANVRAGER, 50), lid(OVERIG, 67, dagen_later=dagen))),
    ],
)
@pytest.mark.parametrize(("dagen_later", "verwacht"), [(1, GEEN_RECHT), (0, RECHT)])
def test_vanaf_aow_op_de_dag_zelf_en_de_dag_ervoor(wie, leden, dagen_later, verwacht):
    """Born 1 March 1959: 67 on the peildatum, which is the AOW-leeftijd in 2026. A day later: not yet."""
    assert oordeel(huishouden(*leden(dagen_later)), vw.Leeftijd(wie=wie, vanaf_aow=True))[0] == verwacht


@pytest.mark.parametrize(("dagen_later", "verwacht"), [(1, RECHT), (0, GEEN_RECHT)])
def test_jonger_dan_aow_voor_de_partner_is_het_spiegelbeeld(dagen_later, verwacht):
    h = huishouden(lid(AANVRAGER, 60), lid(PARTNER, 67, dagen_later=dagen_later))
    assert oordeel(h, vw.Leeftijd(wie="partner", jonger_dan_aow=True))[0] == verwacht


def test_vanaf_aow_tekst_van_de_aanvrager():
    assert oordeel(huishouden(lid(AANVRAGER, 67)), vw.Leeftijd(vanaf_aow=True)) == (
        RECHT,
        ("De aanvrager is 67 jaar en heeft de AOW-leeftijd bereikt.",),
    )
    assert oordeel(huishouden(lid(AANVRAGER, 67, dagen_later=1)), vw.Leeftijd(vanaf_aow=True)) == (
        GEEN_RECHT,
        ("De aanvrager is 66 jaar en heeft de AOW-leeftijd nog niet bereikt; de regeling is vanaf de AOW-leeftijd.",),
    )


# --- kinderen: how many ----------------------------------------------------------------------------------

TWEE_TOT_DRIE_SCHOOLKINDEREN = vw.Kinderen(min_aantal=2, max_aantal=3, min_leeftijd=4, max_leeftijd=17)


@pytest.mark.parametrize(("aantal", "verwacht"), [(1, GEEN_RECHT), (2, RECHT), (3, RECHT), (4, GEEN_RECHT)])
def test_aantal_kinderen_op_de_grenzen(aantal, verwacht):
    h = huishouden(lid(AANVRAGER, 40), *(lid(KIND, 8) for _ in range(aantal)))
    uitkomst_, redenen = oordeel(h, TWEE_TOT_DRIE_SCHOOLKINDEREN)
    assert uitkomst_ == verwacht
    woord = "kind" if aantal == 1 else "kinderen"
    if verwacht == RECHT:
        assert redenen == (f"{aantal} {woord} van 4 tot en met 17 jaar in het huishouden (nodig: 2 tot en met 3).",)
    else:
        assert redenen == (
            f"{aantal} {woord} van 4 tot en met 17 jaar in het huishouden; de regeling vraagt 2 tot en met 3.",
        )


@pytest.mark.parametrize(("dagen_later", "verwacht"), [(1, RECHT), (0, GEEN_RECHT)])
def test_een_kind_dat_vandaag_18_wordt_telt_niet_meer_mee(dagen_later, verwacht):
    h = huishouden(lid(AANVRAGER, 40), lid(KIND, 8), lid(KIND, 18, dagen_later=dagen_later))
    assert oordeel(h, TWEE_TOT_DRIE_SCHOOLKINDEREN)[0] == verwacht


@pytest.mark.parametrize(("aantal", "verwacht"), [(2, RECHT), (3, GEEN_RECHT)])
def test_hoogstens_twee_kinderen_zonder_minimum_leeftijd(aantal, verwacht):
    h = huishouden(lid(AANVRAGER, 40), *(lid(KIND, 1) for _ in range(aantal)))
    assert oordeel(h, vw.Kinderen(min_aantal=0, max_aantal=2))[0] == verwacht


def test_nul_kinderen_kan_ook_de_eis_zijn():
    assert oordeel(huishouden(lid(AANVRAGER, 40)), vw.Kinderen(min_aantal=0, max_aantal=0))[0] == RECHT
    assert oordeel(huishouden(lid(AANVRAGER, 40), lid(KIND, 3)), vw.Kinderen(min_aantal=0, max_aantal=0))[0] == (
        GEEN_RECHT
    )


# --- inkomen with a lower bound on the norm without vakantietoeslag ------------------------------------------
# Alleenstaande 21 tot AOW on 1-3-2026: norm 1401.50 incl. vt; without vt 95% = 1331.425, rounded 1331.43.
# 110% of that = 1464.573, rounded 1464.57; 120% = 1597.716, rounded 1597.72.

ONDERGRENS_110_EXCL = vw.Inkomen(min_pct=D("110"), norm_basis="excl_vt")


@pytest.mark.parametrize(
    ("inkomen", "verwacht"), [("1464.56", GEEN_RECHT), ("1464.57", GEEN_RECHT), ("1464.58", RECHT)]
)
def test_ondergrens_excl_vt_telt_de_grens_zelf_niet_mee(inkomen, verwacht):
    h = huishouden(lid(AANVRAGER, 40, inkomen))
    uitkomst_, redenen = oordeel(h, ONDERGRENS_110_EXCL)
    assert uitkomst_ == verwacht
    grens = "110% van de norm zonder vakantietoeslag € 1.331,43 = € 1.464,57"
    if verwacht == RECHT:
        assert redenen == (f"Inkomen € 1.464,58 is hoger dan de ondergrens {grens}",)
    else:
        assert redenen[0].endswith(f"is niet hoger dan de ondergrens {grens}; de regeling is voor een hoger inkomen.")


@pytest.mark.parametrize(("inkomen", "verwacht"), [("1464.56", GEEN_RECHT), ("1464.57", RECHT), ("1464.58", RECHT)])
def test_ondergrens_excl_vt_die_meetelt(inkomen, verwacht):
    h = huishouden(lid(AANVRAGER, 40, inkomen))
    assert oordeel(h, vw.Inkomen(min_pct=D("110"), min_inclusief=True, norm_basis="excl_vt"))[0] == verwacht


@pytest.mark.parametrize(
    ("inkomen", "verwacht"),
    [
        ("1464.57", GEEN_RECHT),
        ("1464.58", RECHT),
        ("1597.72", RECHT),
        ("1597.73", GEEN_RECHT),
    ],
)
def test_inkomensband_110_tot_en_met_120_excl_vt(inkomen, verwacht):
    h = huishouden(lid(AANVRAGER, 40, inkomen))
    band = vw.Inkomen(min_pct=D("110"), max_pct=D("120"), norm_basis="excl_vt")
    assert oordeel(h, band)[0] == verwacht


def test_de_ondergrens_excl_vt_van_een_paar():
    """Gehuwden 2026: 2002.13; without vt 1902.0235, rounded 1902.02; 110% = 2092.222, rounded 2092.22."""
    for inkomen, verwacht in (("2092.22", GEEN_RECHT), ("2092.23", RECHT)):
        h = huishouden(lid(AANVRAGER, 40, inkomen), lid(PARTNER, 40))
        assert oordeel(h, ONDERGRENS_110_EXCL)[0] == verwacht, inkomen
    assert PEIL == date(2026, 3, 1)
