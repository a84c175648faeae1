from hypothesis import given
from hypothesis import strategies as st

from cases.bsn import bsns_in_tekst, is_geldig_bsn, maskeer_bsn, zonder_bsn

GEWICHTEN = (9, 8, 7, 6, 5, 4, 3, 2, -1)
acht_cijfers = st.lists(st.integers(0, 9), min_size=8, max_size=8)


def met_controlecijfer(cijfers: list[int]) -> str | None:
    """The one last digit that makes the number pass, or None when no digit 0–9 can."""
    som = sum(g * c for g, c in zip(GEWICHTEN, cijfers, strict=False))
    laatste = som % 11
    return None if laatste == 10 else "".join(map(str, cijfers)) + str(laatste)


def test_bekende_geldige_en_ongeldige_nummers():
    assert is_geldig_bsn("111222333")  # 9+8+7+12+10+8+9+6 = 69, 69 - 3 = 66 = 6 × 11
    assert is_geldig_bsn("123456782")
    assert not is_geldig_bsn("123456789")
    assert not is_geldig_bsn("000000000")
    assert not is_geldig_bsn("12345678")
    assert not is_geldig_bsn("1234567820")
    assert not is_geldig_bsn("12345678a")
    assert not is_geldig_bsn("１２３４５６７８２")  # full-width digits are not ASCII digits


@given(acht_cijfers)
def test_het_juiste_controlecijfer_maakt_een_nummer_geldig(cijfers):
    nummer = met_controlecijfer(cijfers)
    if nummer is not None and nummer != "000000000":
        assert is_geldig_bsn(nummer)


@given(acht_cijfers, st.integers(1, 9))
def test_een_ander_controlecijfer_is_ongeldig(cijfers, verschil):
    nummer = met_controlecijfer(cijfers)
    if nummer is None:
        return
    ander = nummer[:8] + str((int(nummer[8]) + verschil) % 10)
    assert not is_geldig_bsn(ander)


@given(acht_cijfers, st.integers(0, 7), st.integers(1, 9))
def test_elke_enkele_cijferfout_wordt_gevonden(cijfers, positie, verschil):
    nummer = met_controlecijfer(cijfers)
    if nummer is None:
        return
    fout = list(nummer)
    fout[positie] = str((int(fout[positie]) + verschil) % 10)
    assert not is_geldig_bsn("".join(fout))


def test_maskeren_toont_alleen_de_laatste_drie_cijfers():
    assert maskeer_bsn("123456782") == "******782"
    assert maskeer_bsn(None) == "–"


def test_een_bsn_in_vrije_tekst_wordt_gevonden_ook_in_groepjes():
    assert bsns_in_tekst("BSN 123456782.") == ["123456782"]
    assert bsns_in_tekst("bsn:1234.56.782") == ["1234.56.782"]
    assert bsns_in_tekst("BSN 123 456 782 graag") == ["123 456 782"]
    assert bsns_in_tekst("nr 123-456-782") == ["123-456-782"]


def test_wat_geen_bsn_is_blijft_staan():
    assert bsns_in_tekst("klantnummer 123456789") == []  # fails the elfproef
    assert bsns_in_tekst("bel 0612345678 of 1234567820") == []  # ten digits
    assert bsns_in_tekst("op 12-03-2026 om 10.30 uur, € 1.234,56") == []
    assert bsns_in_tekst("") == []


def test_zonder_bsn_vervangt_alleen_het_nummer():
    assert zonder_bsn("Fenna, BSN 1234.56.782, wil hulp") == "Fenna, BSN [BSN weggehaald], wil hulp"
    assert zonder_bsn("klantnummer 123456789") == "klantnummer 123456789"
