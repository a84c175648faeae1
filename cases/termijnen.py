"""The Wgs deadlines of a casus, counted as the Algemene termijnenwet (Atw) says. Pure: no ORM, no clock.

- Werkdagen are days that are not a Saturday, Sunday, algemeen erkende feestdag (Atw art. 3) or a day the
  government declared equal to one (gelijkgestelde dag, Atw art. 3 lid 3). The feestdagen follow from the
  calendar; the gelijkgestelde dagen are data (cases.GelijkgesteldeDag, loaded by
  cases.selectors.gelijkgestelde_dagen) and every counting function takes them as a required argument, so a
  caller cannot silently forget them.
- Eerste gesprek: crisis -> the 3rd werkdag after the day of the aanmelding (that day itself does not count);
  otherwise 4 weeks (aanmelding + 28 days). Beschikking: 8 weeks after the eerste gesprek (+ 56 days). A period
  in weeks that ends on a non-werkdag runs on to the next werkdag (Atw art. 1).
- Schuldregeling: the NVVK norm of 120 calendar days from a start event that is data (`Startmoment`, setting
  WGS_SCHULDREGELING_START); a norm, not a statutory term, so no Atw shift.

Dates are local (Europe/Amsterdam) calendar dates: callers turn a datetime into one with timezone.localdate.
See ADR 0016 for the choices.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

from dateutil.easter import easter

# Koningsdag on 27 April (26 April when the 27th is a Sunday) exists since 2014; before that the feestdag was
# Koninginnedag with other rules. No casus in this system starts that early, so we refuse rather than guess.
EERSTE_JAAR = 2014

EERSTE_GESPREK_CRISIS_WERKDAGEN = 3
EERSTE_GESPREK_WEKEN = 4
BESCHIKKING_WEKEN = 8
SCHULDREGELING_DAGEN = 120
BIJNA_WERKDAGEN = 2  # at most this many werkdagen left: "bijna"


class OngeldigeTermijnInvoer(ValueError):
    """Dates that cannot belong to one casus (e.g. an eerste gesprek before the aanmelding). Dutch message."""


# --- Werkdagen --------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def feestdagen(jaar: int) -> Mapping[date, str]:
    """The algemeen erkende feestdagen of the Atw in `jaar`, with their names. Eerste Paasdag and eerste
    Pinksterdag are always Sundays and 26 April (Koningsdag when the 27th is a Sunday) is a Saturday: listed
    for completeness, they never change a werkdag count."""
    if jaar < EERSTE_JAAR:
        raise OngeldigeTermijnInvoer(f"Termijnen kunnen pas vanaf {EERSTE_JAAR} worden berekend (gevraagd: {jaar}).")
    pasen = easter(jaar)  # Western (Gregorian) Easter Sunday
    koningsdag = date(jaar, 4, 27)
    if koningsdag.weekday() == 6:  # Sunday
        koningsdag = date(jaar, 4, 26)
    dagen = [
        (date(jaar, 1, 1), "Nieuwjaarsdag"),
        (pasen - timedelta(days=2), "Goede Vrijdag"),
        (pasen, "Eerste Paasdag"),
        (pasen + timedelta(days=1), "Tweede Paasdag"),
        (koningsdag, "Koningsdag"),
        (date(jaar, 5, 5), "Bevrijdingsdag"),
        (pasen + timedelta(days=39), "Hemelvaartsdag"),
        (pasen + timedelta(days=49), "Eerste Pinksterdag"),
        (pasen + timedelta(days=50), "Tweede Pinksterdag"),
        (date(jaar, 12, 25), "Eerste Kerstdag"),
        (date(jaar, 12, 26), "Tweede Kerstdag"),
    ]
    # 5 mei can be Hemelvaartsdag too (2016): a list, not a dict literal, so both names are kept.
    samen: dict[date, list[str]] = {}
    for dag, naam in dagen:
        samen.setdefault(dag, []).append(naam)
    return MappingProxyType({dag: " en ".join(namen) for dag, namen in sorted(samen.items())})


def is_werkdag(dag: date, *, gelijkgestelde_dagen: Set[date]) -> bool:
    return dag.weekday() < 5 and dag not in feestdagen(dag.year) and dag not in gelijkgestelde_dagen


def eerste_werkdag_vanaf(dag: date, *, gelijkgestelde_dagen: Set[date]) -> date:
    """`dag` itself when it is a werkdag, else the next werkdag: Atw art. 1 for a period ending on `dag`."""
    while not is_werkdag(dag, gelijkgestelde_dagen=gelijkgestelde_dagen):
        dag += timedelta(days=1)
    return dag


def plus_werkdagen(dag: date, aantal: int, *, gelijkgestelde_dagen: Set[date]) -> date:
    """The `aantal`-th werkdag after `dag`; `dag` itself never counts, whatever kind of day it is."""
    if aantal < 1:
        raise ValueError("aantal must be at least 1")
    while aantal:
        dag += timedelta(days=1)
        if is_werkdag(dag, gelijkgestelde_dagen=gelijkgestelde_dagen):
            aantal -= 1
    return dag


def werkdagen_na(van: date, tot: date, *, gelijkgestelde_dagen: Set[date], hoogstens: int | None = None) -> int:
    """The number of werkdagen after `van` up to and including `tot` (0 when `tot` <= `van`). With
    `hoogstens`, counting stops there: enough to tell "bijna" from "op tijd" without walking weeks."""
    aantal = 0
    dag = van + timedelta(days=1)
    while dag <= tot and (hoogstens is None or aantal < hoogstens):
        if is_werkdag(dag, gelijkgestelde_dagen=gelijkgestelde_dagen):
            aantal += 1
        dag += timedelta(days=1)
    return aantal


def na_weken(start: date, weken: int, *, gelijkgestelde_dagen: Set[date]) -> date:
    """The last day of a period of `weken` weeks after `start`, run on to a werkdag (Atw art. 1)."""
    return eerste_werkdag_vanaf(start + timedelta(weeks=weken), gelijkgestelde_dagen=gelijkgestelde_dagen)


# --- The Wgs deadlines -----------------------------------------------------------------------------------


class Startmoment(enum.StrEnum):
    """The event from which the 120 days to a schuldregeling are counted (DOMAIN: default the
    toelatingsbeschikking, not confirmed; hence a setting)."""

    AANMELDING = "aanmelding"
    EERSTE_GESPREK = "eerste_gesprek"
    TOELATINGSBESCHIKKING = "toelatingsbeschikking"


class Soort(enum.StrEnum):
    EERSTE_GESPREK = "eerste_gesprek"
    BESCHIKKING = "beschikking"
    SCHULDREGELING = "schuldregeling"


class Termijnstatus(enum.StrEnum):
    OP_TIJD = "op tijd"
    BIJNA = "bijna"
    TE_LAAT = "te laat"


def termijnstatus(uiterlijk: date, *, vandaag: date, gelijkgestelde_dagen: Set[date]) -> Termijnstatus:
    """A running deadline seen on `vandaag`: past it is "te laat"; with at most 2 werkdagen after today up to
    and including the deadline (so also on the last day itself) "bijna"; else "op tijd"."""
    if vandaag > uiterlijk:
        return Termijnstatus.TE_LAAT
    over = werkdagen_na(vandaag, uiterlijk, gelijkgestelde_dagen=gelijkgestelde_dagen, hoogstens=BIJNA_WERKDAGEN + 1)
    return Termijnstatus.BIJNA if over <= BIJNA_WERKDAGEN else Termijnstatus.OP_TIJD


@dataclass(frozen=True)
class Termijn:
    soort: Soort
    uiterlijk: date


@dataclass(frozen=True)
class Termijnen:
    """The deadlines of one casus. A date is None until its start event exists. `lopend` holds the deadlines
    whose event has not happened yet, earliest first."""

    eerste_gesprek_uiterlijk: date
    beschikking_uiterlijk: date | None
    schuldregeling_uiterlijk: date | None
    lopend: tuple[Termijn, ...]
    gelijkgestelde_dagen: Set[date] = field(repr=False, compare=False)

    @property
    def volgende(self) -> Termijn | None:
        """The running deadline that ends first (to sort a worklist by), or None when none runs."""
        return self.lopend[0] if self.lopend else None

    def status(self, vandaag: date) -> Termijnstatus | None:
        """The status of the first running deadline; as it ends first it is also the worst. None when no
        deadline runs."""
        if self.volgende is None:
            return None
        return termijnstatus(self.volgende.uiterlijk, vandaag=vandaag, gelijkgestelde_dagen=self.gelijkgestelde_dagen)

    def te_laat(self, vandaag: date) -> tuple[Termijn, ...]:
        """The running deadlines that have passed on `vandaag`."""
        return tuple(t for t in self.lopend if vandaag > t.uiterlijk)


def termijnen(
    *,
    aangemeld_op: date,
    crisis: bool,
    gelijkgestelde_dagen: Set[date],
    eerste_gesprek_op: date | None = None,
    beschikking_op: date | None = None,
    toegelaten: bool | None = None,
    schuldregeling_op: date | None = None,
    schuldregeling_start: Startmoment = Startmoment.TOELATINGSBESCHIKKING,
) -> Termijnen:
    """The Wgs deadlines of a casus.

    `beschikking_op` is the date of the beschikking on toegang and `toegelaten` says whether it admitted the
    inwoner (toelating) or not (afwijzing); both or neither. `schuldregeling_op` is when a schuldregeling or
    oplossing was reached (it ends the 120-day norm).
    """
    _controleer_volgorde(aangemeld_op, eerste_gesprek_op, beschikking_op, toegelaten, schuldregeling_op)
    if crisis:
        eerste_gesprek = plus_werkdagen(
            aangemeld_op, EERSTE_GESPREK_CRISIS_WERKDAGEN, gelijkgestelde_dagen=gelijkgestelde_dagen
        )
    else:
        eerste_gesprek = na_weken(aangemeld_op, EERSTE_GESPREK_WEKEN, gelijkgestelde_dagen=gelijkgestelde_dagen)
    beschikking = None
    if eerste_gesprek_op is not None:
        beschikking = na_weken(eerste_gesprek_op, BESCHIKKING_WEKEN, gelijkgestelde_dagen=gelijkgestelde_dagen)
    start = {
        Startmoment.AANMELDING: aangemeld_op,
        Startmoment.EERSTE_GESPREK: eerste_gesprek_op,
        Startmoment.TOELATINGSBESCHIKKING: beschikking_op if toegelaten else None,
    }[Startmoment(schuldregeling_start)]
    # After an afwijzing no schuldregeling follows, whatever event starts the norm.
    schuldregeling = None if start is None or toegelaten is False else start + timedelta(days=SCHULDREGELING_DAGEN)

    lopend = []
    if eerste_gesprek_op is None:
        lopend.append(Termijn(Soort.EERSTE_GESPREK, eerste_gesprek))
    if beschikking is not None and beschikking_op is None:
        lopend.append(Termijn(Soort.BESCHIKKING, beschikking))
    if schuldregeling is not None and schuldregeling_op is None:
        lopend.append(Termijn(Soort.SCHULDREGELING, schuldregeling))
    return Termijnen(
        eerste_gesprek_uiterlijk=eerste_gesprek,
        beschikking_uiterlijk=beschikking,
        schuldregeling_uiterlijk=schuldregeling,
        lopend=tuple(sorted(lopend, key=lambda t: t.uiterlijk)),
        gelijkgestelde_dagen=gelijkgestelde_dagen,
    )


def _controleer_volgorde(aangemeld_op, eerste_gesprek_op, beschikking_op, toegelaten, schuldregeling_op) -> None:
    if (beschikking_op is None) != (toegelaten is None):
        raise OngeldigeTermijnInvoer("Geef bij een beschikking de datum en of de inwoner is toegelaten.")
    if eerste_gesprek_op is not None and eerste_gesprek_op < aangemeld_op:
        raise OngeldigeTermijnInvoer("Het eerste gesprek kan niet vóór de aanmelding zijn.")
    if beschikking_op is not None and (eerste_gesprek_op is None or beschikking_op < eerste_gesprek_op):
        raise OngeldigeTermijnInvoer("De beschikking kan niet vóór het eerste gesprek zijn.")
    if schuldregeling_op is not None and (not toegelaten or schuldregeling_op < beschikking_op):
        raise OngeldigeTermijnInvoer("Een schuldregeling kan pas na de toelatingsbeschikking.")
