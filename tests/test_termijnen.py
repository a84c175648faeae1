"""The Wgs deadlines and the Algemene termijnenwet (cases.termijnen): pure, explicit dates, no database.

Every date below is written as "<weekday> YYYY-MM-DD" and `dag()` checks the weekday with the calendar module,
so a comment's reasoning ("Friday, then the weekend") cannot silently disagree with the real calendar. The
month calendars used to hand-check the reasoning: `python -m calendar 2025 4` and so on."""

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.termijnen import (
    OngeldigeTermijnInvoer,
    Soort,
    Startmoment,
    Termijn,
    Termijnstatus,
    eerste_werkdag_vanaf,
    feestdagen,
    is_werkdag,
    plus_werkdagen,
    termijnen,
    termijnstatus,
    werkdagen_na,
)

GEEN = frozenset()
WEEKDAG = {"ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6}


def dag(tekst: str) -> date:
    """'vr 2025-04-18' -> date(2025, 4, 18), after checking with the calendar module that it is a Friday."""
    weekdag, iso = tekst.split()
    datum = date.fromisoformat(iso)
    assert calendar.weekday(datum.year, datum.month, datum.day) == WEEKDAG[weekdag], f"{iso} is geen {weekdag}"
    return datum


def eerste_gesprek(aangemeld: str, *, crisis: bool, gelijkgesteld=GEEN) -> date:
    return termijnen(
        aangemeld_op=dag(aangemeld), crisis=crisis, gelijkgestelde_dagen=gelijkgesteld
    ).eerste_gesprek_uiterlijk


def beschikking(aangemeld: str, eerste_gesprek_op: str, *, gelijkgesteld=GEEN) -> date:
    return termijnen(
        aangemeld_op=dag(aangemeld),
        crisis=False,
        eerste_gesprek_op=dag(eerste_gesprek_op),
        gelijkgestelde_dagen=gelijkgesteld,
    ).beschikking_uiterlijk


# --- The feestdagen of the Atw -----------------------------------------------------------------------------


def test_feestdagen_2025():
    # Easter Sunday 2025 is 20 April; 27 April 2025 is a Sunday, so Koningsdag is Saturday 26 April.
    assert feestdagen(2025) == {
        dag("wo 2025-01-01"): "Nieuwjaarsdag",
        dag("vr 2025-04-18"): "Goede Vrijdag",
        dag("zo 2025-04-20"): "Eerste Paasdag",
        dag("ma 2025-04-21"): "Tweede Paasdag",
        dag("za 2025-04-26"): "Koningsdag",
        dag("ma 2025-05-05"): "Bevrijdingsdag",
        dag("do 2025-05-29"): "Hemelvaartsdag",  # Easter + 39 days
        dag("zo 2025-06-08"): "Eerste Pinksterdag",  # Easter + 49 days
        dag("ma 2025-06-09"): "Tweede Pinksterdag",
        dag("do 2025-12-25"): "Eerste Kerstdag",
        dag("vr 2025-12-26"): "Tweede Kerstdag",
    }


def test_feestdagen_2026():
    # Easter Sunday 2026 is 5 April; 27 April 2026 is a Monday: Koningsdag on the 27th, a day off work.
    assert feestdagen(2026) == {
        dag("do 2026-01-01"): "Nieuwjaarsdag",
        dag("vr 2026-04-03"): "Goede Vrijdag",
        dag("zo 2026-04-05"): "Eerste Paasdag",
        dag("ma 2026-04-06"): "Tweede Paasdag",
        dag("ma 2026-04-27"): "Koningsdag",
        dag("di 2026-05-05"): "Bevrijdingsdag",  # not a lustrum year: 5 mei counts every year under the Atw
        dag("do 2026-05-14"): "Hemelvaartsdag",
        dag("zo 2026-05-24"): "Eerste Pinksterdag",
        dag("ma 2026-05-25"): "Tweede Pinksterdag",
        dag("vr 2026-12-25"): "Eerste Kerstdag",
        dag("za 2026-12-26"): "Tweede Kerstdag",
    }


@pytest.mark.parametrize(
    ("jaar", "koningsdag"),
    [
        (2014, "za 2014-04-26"),  # 27 April 2014 was a Sunday: the first Koningsdag was on the 26th
        (2025, "za 2025-04-26"),
        (2026, "ma 2026-04-27"),
        (2027, "di 2027-04-27"),
        (2031, "za 2031-04-26"),  # 27 April 2031 is a Sunday
        (2036, "za 2036-04-26"),  # 27 April 2036 is a Sunday
    ],
)
def test_koningsdag_op_26_april_als_27_april_een_zondag_is(jaar, koningsdag):
    dagen = [d for d, naam in feestdagen(jaar).items() if naam == "Koningsdag"]
    assert dagen == [dag(koningsdag)]
    # Never moved to the Monday: 28 April is a normal werkdag in those years.
    if koningsdag.startswith("za"):
        assert is_werkdag(date(jaar, 4, 28), gelijkgestelde_dagen=GEEN)


def test_bevrijdingsdag_elk_jaar_een_feestdag():
    for jaar in range(2014, 2060):
        assert "Bevrijdingsdag" in feestdagen(jaar).get(date(jaar, 5, 5), "")


def test_samenvallende_feestdagen_houden_beide_namen():
    # 2016: Easter on 27 March, so Hemelvaartsdag (+39) fell on 5 mei.
    assert feestdagen(2016)[dag("do 2016-05-05")] == "Bevrijdingsdag en Hemelvaartsdag"


def _pasen_meeus(jaar: int) -> date:
    """Independent check of the Easter date: the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = jaar % 19, jaar // 100, jaar % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    maand, dagnr = divmod(h + el - 7 * m + 114, 31)
    return date(jaar, maand, dagnr + 1)


def test_pasen_klopt_met_een_onafhankelijke_berekening():
    # Known dates first, then the algorithm over two centuries.
    assert _pasen_meeus(2025) == date(2025, 4, 20)
    assert _pasen_meeus(2038) == date(2038, 4, 25)  # the latest possible date
    for jaar in range(2014, 2215):
        assert feestdagen(jaar)[_pasen_meeus(jaar)] == "Eerste Paasdag", jaar
        assert feestdagen(jaar)[_pasen_meeus(jaar) - timedelta(days=2)] == "Goede Vrijdag", jaar


def test_voor_2014_geen_berekening():
    with pytest.raises(OngeldigeTermijnInvoer, match="vanaf 2014"):
        feestdagen(2013)


# --- Werkdagen ----------------------------------------------------------------------------------------------


def test_werkdagen_tellen():
    assert is_werkdag(dag("vr 2025-04-04"), gelijkgestelde_dagen=GEEN)
    assert not is_werkdag(dag("za 2025-04-05"), gelijkgestelde_dagen=GEEN)
    assert not is_werkdag(dag("vr 2025-04-18"), gelijkgestelde_dagen=GEEN)  # Goede Vrijdag
    assert not is_werkdag(dag("vr 2025-05-30"), gelijkgestelde_dagen={dag("vr 2025-05-30")})
    assert eerste_werkdag_vanaf(dag("vr 2025-04-18"), gelijkgestelde_dagen=GEEN) == dag("di 2025-04-22")
    assert eerste_werkdag_vanaf(dag("di 2025-04-22"), gelijkgestelde_dagen=GEEN) == dag("di 2025-04-22")
    # After Thu 17 April 2025: Goede Vrijdag, the weekend and Tweede Paasdag, then Tue 22 and Wed 23.
    assert werkdagen_na(dag("do 2025-04-17"), dag("wo 2025-04-23"), gelijkgestelde_dagen=GEEN) == 2
    assert werkdagen_na(dag("wo 2025-04-23"), dag("do 2025-04-17"), gelijkgestelde_dagen=GEEN) == 0
    with pytest.raises(ValueError):
        plus_werkdagen(dag("vr 2025-04-04"), 0, gelijkgestelde_dagen=GEEN)


# --- Eerste gesprek in a crisis: 3 werkdagen after the day of the aanmelding --------------------------------


@pytest.mark.parametrize(
    ("aangemeld", "uiterlijk", "waarom"),
    [
        ("ma 2025-04-07", "do 2025-04-10", "Tue, Wed, Thu: the day of the aanmelding itself does not count"),
        ("do 2025-04-03", "di 2025-04-08", "Fri 4, (weekend), Mon 7, Tue 8"),
        ("za 2025-04-05", "wo 2025-04-09", "aanmelding on a Saturday: Mon 7, Tue 8, Wed 9"),
        ("wo 2025-04-16", "wo 2025-04-23", "Thu 17, Goede Vrijdag 18, weekend, Tweede Paasdag 21, Tue 22, Wed 23"),
        ("vr 2026-04-24", "do 2026-04-30", "weekend, Koningsdag Mon 27, Tue 28, Wed 29, Thu 30"),
        ("do 2025-04-24", "di 2025-04-29", "Fri 25, Koningsdag Sat 26 and Sun 27, Mon 28 (a werkdag), Tue 29"),
        ("ma 2026-05-04", "vr 2026-05-08", "Bevrijdingsdag Tue 5 (2026, no lustrum), Wed 6, Thu 7, Fri 8"),
        ("vr 2025-05-02", "do 2025-05-08", "weekend, Bevrijdingsdag Mon 5, Tue 6, Wed 7, Thu 8"),
        ("wo 2026-05-13", "di 2026-05-19", "Hemelvaartsdag Thu 14, Fri 15, weekend, Mon 18, Tue 19"),
        ("vr 2025-06-06", "do 2025-06-12", "weekend (Eerste Pinksterdag), Tweede Pinksterdag Mon 9, Tue-Thu"),
        ("di 2025-12-23", "di 2025-12-30", "Wed 24, Kerst Thu 25 and Fri 26, weekend, Mon 29, Tue 30"),
        ("ma 2025-12-29", "vr 2026-01-02", "Tue 30, Wed 31, Nieuwjaarsdag Thu 1, Fri 2: across the turn of the year"),
        ("do 2025-12-25", "wo 2025-12-31", "aanmelding on Eerste Kerstdag: Tweede Kerstdag, weekend, Mon-Wed"),
    ],
)
def test_eerste_gesprek_crisis(aangemeld, uiterlijk, waarom):
    assert eerste_gesprek(aangemeld, crisis=True) == dag(uiterlijk), waarom


def test_eerste_gesprek_crisis_met_gelijkgestelde_dag():
    # Hemelvaart 2026 is Thu 14 May. Declared equal: Fri 15 May. Then Mon 18, Tue 19, Wed 20.
    assert eerste_gesprek("wo 2026-05-13", crisis=True, gelijkgesteld={dag("vr 2026-05-15")}) == dag("wo 2026-05-20")


# --- Eerste gesprek otherwise: 4 weeks (+28 days), then Atw art. 1 ------------------------------------------


@pytest.mark.parametrize(
    ("aangemeld", "uiterlijk", "waarom"),
    [
        ("ma 2025-04-07", "di 2025-05-06", "+28 = Mon 5 May 2025, Bevrijdingsdag -> Tue 6 May"),
        ("di 2025-04-01", "di 2025-04-29", "+28 = Tue 29 April, a werkdag: no shift"),
        ("za 2025-03-22", "di 2025-04-22", "+28 = Sat 19 April (Easter weekend) -> Sun, Tweede Paasdag -> Tue 22"),
        ("vr 2025-03-21", "di 2025-04-22", "+28 = Goede Vrijdag 18 April -> weekend, Tweede Paasdag -> Tue 22"),
        ("za 2025-03-29", "ma 2025-04-28", "+28 = Sat 26 April, Koningsdag on a Saturday -> Sun -> Mon 28"),
        ("ma 2026-03-30", "di 2026-04-28", "+28 = Mon 27 April 2026, Koningsdag -> Tue 28"),
        ("di 2026-04-07", "wo 2026-05-06", "+28 = Tue 5 May 2026, Bevrijdingsdag -> Wed 6"),
        ("do 2026-04-16", "vr 2026-05-15", "+28 = Hemelvaartsdag Thu 14 May 2026 -> Fri 15"),
        ("ma 2025-05-12", "di 2025-06-10", "+28 = Tweede Pinksterdag Mon 9 June 2025 -> Tue 10"),
        ("do 2025-11-27", "ma 2025-12-29", "+28 = Eerste Kerstdag Thu 25 -> Fri 26, weekend -> Mon 29"),
        ("do 2025-12-04", "vr 2026-01-02", "+28 = Nieuwjaarsdag Thu 1 Jan 2026 -> Fri 2"),
    ],
)
def test_eerste_gesprek_vier_weken(aangemeld, uiterlijk, waarom):
    assert eerste_gesprek(aangemeld, crisis=False) == dag(uiterlijk), waarom


def test_vier_weken_met_gelijkgestelde_dag():
    # +28 from Thu 16 April 2026 = Hemelvaartsdag Thu 14 May; Fri 15 May declared equal -> weekend -> Mon 18.
    assert eerste_gesprek("do 2026-04-16", crisis=False, gelijkgesteld={dag("vr 2026-05-15")}) == dag("ma 2026-05-18")


# --- Beschikking: 8 weeks (+56 days) after the eerste gesprek, then Atw art. 1 ------------------------------


@pytest.mark.parametrize(
    ("gesprek", "uiterlijk", "waarom"),
    [
        ("di 2025-02-04", "di 2025-04-01", "+56 = Tue 1 April 2025: no shift"),
        ("vr 2025-02-21", "di 2025-04-22", "+56 = Goede Vrijdag 18 April -> weekend, Tweede Paasdag -> Tue 22"),
        ("do 2025-04-03", "vr 2025-05-30", "+56 = Hemelvaartsdag Thu 29 May 2025 -> Fri 30"),
        ("ma 2026-03-02", "di 2026-04-28", "+56 = Koningsdag Mon 27 April 2026 -> Tue 28"),
        ("di 2026-03-10", "wo 2026-05-06", "+56 = Bevrijdingsdag Tue 5 May 2026 -> Wed 6"),
        ("ma 2026-03-30", "di 2026-05-26", "+56 = Tweede Pinksterdag Mon 25 May 2026 -> Tue 26"),
        ("do 2025-10-30", "ma 2025-12-29", "+56 = Eerste Kerstdag Thu 25 -> Fri 26, weekend -> Mon 29"),
        ("do 2025-11-06", "vr 2026-01-02", "+56 = Nieuwjaarsdag Thu 1 January 2026 -> Fri 2"),
        ("za 2025-11-08", "ma 2026-01-05", "+56 = Sat 3 January 2026 -> Sun -> Mon 5"),
    ],
)
def test_beschikking_acht_weken(gesprek, uiterlijk, waarom):
    assert beschikking("ma 2025-01-06", gesprek) == dag(uiterlijk), waarom


def test_beschikking_met_gelijkgestelde_dag():
    # +56 from Thu 3 April 2025 = Hemelvaartsdag Thu 29 May; Fri 30 May declared equal -> weekend -> Mon 2 June.
    assert beschikking("ma 2025-03-31", "do 2025-04-03", gelijkgesteld={dag("vr 2025-05-30")}) == dag("ma 2025-06-02")


# --- Schuldregeling: the NVVK norm of 120 calendar days, no Atw shift ---------------------------------------


def test_schuldregeling_120_dagen_zonder_verschuiving():
    # Wed 29 January 2025 + 120 days: 2 (to 31 Jan) + 28 (Feb) + 31 (Mar) + 30 (Apr) + 29 = Thu 29 May 2025,
    # Hemelvaartsdag. A norm, not a statutory term: it stays on the feestdag.
    t = termijnen(
        aangemeld_op=dag("ma 2024-12-02"),
        crisis=False,
        eerste_gesprek_op=dag("wo 2024-12-11"),
        beschikking_op=dag("wo 2025-01-29"),
        toegelaten=True,
        gelijkgestelde_dagen=GEEN,
    )
    assert t.schuldregeling_uiterlijk == dag("do 2025-05-29")


@pytest.mark.parametrize(
    ("startmoment", "uiterlijk"),
    [
        # Fri 3 Jan + 120: 28 (to 31 Jan) + 28 (Feb) + 31 (Mar) + 30 (Apr) + 3 = Sat 3 May; no shift
        (Startmoment.AANMELDING, "za 2025-05-03"),
        # Fri 10 Jan + 120: 21 + 28 + 31 + 30 + 10 = Sat 10 May (2025 is no leap year)
        (Startmoment.EERSTE_GESPREK, "za 2025-05-10"),
        # Mon 3 Mar + 120: 28 (to 31 Mar) + 30 (Apr) + 31 (May) + 30 (June) + 1 = Tue 1 July
        (Startmoment.TOELATINGSBESCHIKKING, "di 2025-07-01"),
    ],
)
def test_schuldregeling_startmoment_is_instelbaar(startmoment, uiterlijk):
    t = termijnen(
        aangemeld_op=dag("vr 2025-01-03"),
        crisis=False,
        eerste_gesprek_op=dag("vr 2025-01-10"),
        beschikking_op=dag("ma 2025-03-03"),
        toegelaten=True,
        schuldregeling_start=startmoment,
        gelijkgestelde_dagen=GEEN,
    )
    assert t.schuldregeling_uiterlijk == dag(uiterlijk)


# --- The Termijnen of a casus through its life --------------------------------------------------------------


def test_termijnen_door_de_tijd():
    kwargs = {"aangemeld_op": dag("wo 2025-04-16"), "crisis": True, "gelijkgestelde_dagen": GEEN}
    nieuw = termijnen(**kwargs)
    assert (nieuw.eerste_gesprek_uiterlijk, nieuw.beschikking_uiterlijk, nieuw.schuldregeling_uiterlijk) == (
        dag("wo 2025-04-23"),
        None,
        None,
    )
    assert nieuw.lopend == (Termijn(Soort.EERSTE_GESPREK, dag("wo 2025-04-23")),)

    # Eerste gesprek Tue 22 April; +56 = Tue 17 June 2025, a werkdag.
    gesprek = termijnen(**kwargs, eerste_gesprek_op=dag("di 2025-04-22"))
    assert gesprek.beschikking_uiterlijk == dag("di 2025-06-17")
    assert gesprek.schuldregeling_uiterlijk is None
    assert gesprek.volgende == Termijn(Soort.BESCHIKKING, dag("di 2025-06-17"))

    # Toelating Mon 2 June; +120: 28 (to 30 June) + 31 (July) + 31 (Aug) + 30 = Tue 30 September.
    toelating = termijnen(
        **kwargs, eerste_gesprek_op=dag("di 2025-04-22"), beschikking_op=dag("ma 2025-06-02"), toegelaten=True
    )
    assert toelating.schuldregeling_uiterlijk == dag("di 2025-09-30")
    assert toelating.lopend == (Termijn(Soort.SCHULDREGELING, dag("di 2025-09-30")),)

    klaar = termijnen(
        **kwargs,
        eerste_gesprek_op=dag("di 2025-04-22"),
        beschikking_op=dag("ma 2025-06-02"),
        toegelaten=True,
        schuldregeling_op=dag("vr 2025-08-15"),
    )
    assert klaar.lopend == ()
    assert klaar.volgende is None
    assert klaar.status(dag("ma 2025-12-01")) is None
    assert klaar.schuldregeling_uiterlijk == dag("di 2025-09-30")  # still shown, for the record


def test_afwijzing_start_geen_schuldregeling():
    for startmoment in Startmoment:
        t = termijnen(
            aangemeld_op=dag("ma 2025-04-07"),
            crisis=False,
            eerste_gesprek_op=dag("di 2025-04-15"),
            beschikking_op=dag("ma 2025-05-12"),
            toegelaten=False,
            schuldregeling_start=startmoment,
            gelijkgestelde_dagen=GEEN,
        )
        assert t.schuldregeling_uiterlijk is None
        assert t.lopend == ()


def test_met_aanmelding_als_startmoment_lopen_twee_termijnen_tegelijk():
    t = termijnen(
        aangemeld_op=dag("ma 2025-04-07"),
        crisis=False,
        schuldregeling_start=Startmoment.AANMELDING,
        gelijkgestelde_dagen=GEEN,
    )
    # Eerste gesprek Tue 6 May (see above); schuldregeling Mon 7 April + 120 = Tue 5 August 2025.
    assert t.lopend == (
        Termijn(Soort.EERSTE_GESPREK, dag("di 2025-05-06")),
        Termijn(Soort.SCHULDREGELING, dag("di 2025-08-05")),
    )
    assert t.te_laat(dag("wo 2025-05-07")) == (Termijn(Soort.EERSTE_GESPREK, dag("di 2025-05-06")),)
    assert len(t.te_laat(dag("wo 2025-08-06"))) == 2


@pytest.mark.parametrize(
    ("invoer", "melding"),
    [
        ({"eerste_gesprek_op": date(2025, 4, 4)}, "eerste gesprek kan niet vóór de aanmelding"),
        ({"beschikking_op": date(2025, 4, 10), "toegelaten": True}, "beschikking kan niet vóór het eerste gesprek"),
        (
            {"eerste_gesprek_op": date(2025, 4, 10), "beschikking_op": date(2025, 4, 9), "toegelaten": True},
            "beschikking kan niet vóór het eerste gesprek",
        ),
        ({"eerste_gesprek_op": date(2025, 4, 10), "beschikking_op": date(2025, 4, 11)}, "of de inwoner is toegelaten"),
        ({"toegelaten": True}, "of de inwoner is toegelaten"),
        (
            {
                "eerste_gesprek_op": date(2025, 4, 10),
                "beschikking_op": date(2025, 4, 11),
                "toegelaten": False,
                "schuldregeling_op": date(2025, 5, 1),
            },
            "pas na de toelatingsbeschikking",
        ),
        ({"schuldregeling_op": date(2025, 5, 1)}, "pas na de toelatingsbeschikking"),
    ],
)
def test_onmogelijke_volgorde_geweigerd(invoer, melding):
    with pytest.raises(OngeldigeTermijnInvoer, match=melding):
        termijnen(aangemeld_op=date(2025, 4, 7), crisis=False, gelijkgestelde_dagen=GEEN, **invoer)


def test_gelijkgestelde_dagen_zijn_verplicht():
    with pytest.raises(TypeError):
        termijnen(aangemeld_op=date(2025, 4, 7), crisis=False)  # type: ignore[call-arg]


# --- Status: op tijd / bijna (at most 2 werkdagen left) / te laat -------------------------------------------


@pytest.mark.parametrize(
    ("vandaag", "status", "waarom"),
    [
        ("vr 2026-04-24", Termijnstatus.OP_TIJD, "Tue 28, Wed 29, Thu 30 left: 3 werkdagen"),
        ("ma 2026-04-27", Termijnstatus.OP_TIJD, "Koningsdag: still Tue, Wed, Thu left"),
        ("di 2026-04-28", Termijnstatus.BIJNA, "Wed 29 and Thu 30 left"),
        ("wo 2026-04-29", Termijnstatus.BIJNA, "Thu 30 left"),
        ("do 2026-04-30", Termijnstatus.BIJNA, "the last day itself"),
        ("vr 2026-05-01", Termijnstatus.TE_LAAT, "past the deadline"),
    ],
)
def test_status_rond_koningsdag(vandaag, status, waarom):
    # Crisis aanmelding Fri 24 April 2026 -> eerste gesprek uiterlijk Thu 30 April (see above).
    t = termijnen(aangemeld_op=dag("vr 2026-04-24"), crisis=True, gelijkgestelde_dagen=GEEN)
    assert t.status(dag(vandaag)) == status, waarom


def test_status_telt_gelijkgestelde_dagen_van_de_termijnen():
    # Deadline Mon 18 May 2026. On Tue 12 May: Wed 13, (Hemelvaartsdag Thu 14), Fri 15, Mon 18 = 3 werkdagen
    # left -> op tijd; with Fri 15 declared equal only Wed 13 and Mon 18 remain -> bijna.
    uiterlijk = dag("ma 2026-05-18")
    assert termijnstatus(uiterlijk, vandaag=dag("di 2026-05-12"), gelijkgestelde_dagen=GEEN) == Termijnstatus.OP_TIJD
    vrij = {dag("vr 2026-05-15")}
    assert termijnstatus(uiterlijk, vandaag=dag("di 2026-05-12"), gelijkgestelde_dagen=vrij) == Termijnstatus.BIJNA
    t = termijnen(aangemeld_op=dag("do 2026-04-16"), crisis=False, gelijkgestelde_dagen=vrij)
    assert t.eerste_gesprek_uiterlijk == uiterlijk
    assert t.status(dag("di 2026-05-12")) == Termijnstatus.BIJNA


# --- Properties ---------------------------------------------------------------------------------------------

DATA = st.dates(min_value=date(2014, 1, 1), max_value=date(2099, 12, 31))
# A few gelijkgestelde dagen in the years around the dates drawn (any weekday: the rules must hold anyway).
GELIJKGESTELD = st.frozensets(st.dates(min_value=date(2014, 1, 1), max_value=date(2100, 12, 31)), max_size=8)
EIGENSCHAP = settings(max_examples=200, deadline=None)


@EIGENSCHAP
@given(aangemeld=DATA, crisis=st.booleans(), gesprek_na=st.integers(0, 400), extra=GELIJKGESTELD)
def test_een_wettelijke_termijn_eindigt_altijd_op_een_werkdag(aangemeld, crisis, gesprek_na, extra):
    t = termijnen(
        aangemeld_op=aangemeld,
        crisis=crisis,
        eerste_gesprek_op=aangemeld + timedelta(days=gesprek_na),
        gelijkgestelde_dagen=extra,
    )
    for uiterlijk in (t.eerste_gesprek_uiterlijk, t.beschikking_uiterlijk):
        assert uiterlijk.weekday() < 5
        assert uiterlijk not in feestdagen(uiterlijk.year)
        assert uiterlijk not in extra


@EIGENSCHAP
@given(eerder=DATA, later_na=st.integers(0, 60), crisis=st.booleans(), extra=GELIJKGESTELD)
def test_een_latere_aanmelding_geeft_nooit_een_eerdere_termijn(eerder, later_na, crisis, extra):
    later = eerder + timedelta(days=later_na)
    a = termijnen(aangemeld_op=eerder, crisis=crisis, eerste_gesprek_op=eerder, gelijkgestelde_dagen=extra)
    b = termijnen(aangemeld_op=later, crisis=crisis, eerste_gesprek_op=later, gelijkgestelde_dagen=extra)
    assert b.eerste_gesprek_uiterlijk >= a.eerste_gesprek_uiterlijk
    assert b.beschikking_uiterlijk >= a.beschikking_uiterlijk


@EIGENSCHAP
@given(aangemeld=DATA, extra=GELIJKGESTELD)
def test_crisis_precies_drie_werkdagen_na_de_aanmelding(aangemeld, extra):
    uiterlijk = termijnen(aangemeld_op=aangemeld, crisis=True, gelijkgestelde_dagen=extra).eerste_gesprek_uiterlijk
    assert werkdagen_na(aangemeld, uiterlijk, gelijkgestelde_dagen=extra) == 3
    assert is_werkdag(uiterlijk, gelijkgestelde_dagen=extra)


@EIGENSCHAP
@given(aangemeld=DATA, extra=GELIJKGESTELD)
def test_vier_weken_schuiven_alleen_over_niet_werkdagen(aangemeld, extra):
    uiterlijk = termijnen(aangemeld_op=aangemeld, crisis=False, gelijkgestelde_dagen=extra).eerste_gesprek_uiterlijk
    einde = aangemeld + timedelta(days=28)
    assert uiterlijk >= einde
    overgeslagen = [einde + timedelta(days=n) for n in range((uiterlijk - einde).days)]
    assert not any(is_werkdag(d, gelijkgestelde_dagen=extra) for d in overgeslagen)


@EIGENSCHAP
@given(uiterlijk=DATA, verschil=st.integers(-20, 10), extra=GELIJKGESTELD)
def test_status_volgt_de_resterende_werkdagen(uiterlijk, verschil, extra):
    vandaag = uiterlijk - timedelta(days=verschil)
    status = termijnstatus(uiterlijk, vandaag=vandaag, gelijkgestelde_dagen=extra)
    if vandaag > uiterlijk:
        assert status == Termijnstatus.TE_LAAT
    elif werkdagen_na(vandaag, uiterlijk, gelijkgestelde_dagen=extra) <= 2:
        assert status == Termijnstatus.BIJNA
    else:
        assert status == Termijnstatus.OP_TIJD
