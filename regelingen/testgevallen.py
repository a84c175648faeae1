"""Testgevallen: example households with the outcome functioneel beheer expects per regeling, kept as YAML
beside the rule set and run against the same engine as everything else (selectors.bereken_anoniem).
The format is in docs/regelingen-formaat.md; `python manage.py test_regelingen` runs a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import yaml

from . import engine, selectors
from .models import Uitkomst
from .regelset import Fout, Foutenlijst, Importfout, regelnummers

_UITKOMSTEN = tuple(Uitkomst.values)
_UITKOMST_TEKST = {"recht": "recht", "geen_recht": "geen recht", "beoordeling_nodig": "beoordeling nodig"}


@dataclass(frozen=True)
class Verwachting:
    code: str
    uitkomst: str
    bedrag: Decimal | None = None
    bedrag_genoemd: bool = False


@dataclass(frozen=True)
class Testgeval:
    naam: str
    peildatum: date
    huishouden: engine.Huishouden
    verwacht: tuple[Verwachting, ...]
    lijn: int | None


@dataclass
class Resultaat:
    geval: Testgeval
    verschillen: list[str] = field(default_factory=list)

    @property
    def goed(self) -> bool:
        return not self.verschillen


class _Fout(ValueError):
    def __init__(self, pad: tuple, bericht: str):
        super().__init__(bericht)
        self.pad = pad
        self.bericht = bericht


def _geld(waarde, pad: tuple, naam: str) -> Decimal:
    if isinstance(waarde, float | bool) or waarde is None:
        raise _Fout(pad, f'Schrijf {naam} als tekst tussen aanhalingstekens, bijvoorbeeld "1401.50".')
    try:
        bedrag = Decimal(str(waarde))
    except InvalidOperation:
        raise _Fout(pad, f"'{waarde}' is geen bedrag ({naam}).") from None
    if not bedrag.is_finite():
        raise _Fout(pad, f"'{waarde}' is geen bedrag ({naam}).")
    return bedrag


def _datum(waarde, pad: tuple, naam: str) -> date:
    if not isinstance(waarde, date):
        raise _Fout(pad, f"{naam} moet een datum zijn in de vorm JJJJ-MM-DD.")
    return waarde


def _codes(waarde, pad: tuple) -> frozenset[str]:
    if not isinstance(waarde, list) or not all(isinstance(k, str) for k in waarde):
        raise _Fout(pad, "kenmerken is een lijst met codes, bijvoorbeeld [heeft_chronische_ziekte].")
    return frozenset(waarde)


def _lid(rij, pad: tuple) -> engine.Lid:
    if not isinstance(rij, dict):
        raise _Fout(pad, "Een lid heeft een rol en een geboortedatum.")
    onbekend = sorted(set(rij) - {"rol", "geboortedatum", "inkomen", "kenmerken"})
    if onbekend:
        raise _Fout((*pad, onbekend[0]), f"Onbekend gegeven '{onbekend[0]}' bij een lid.")
    if rij.get("rol") not in engine.ROLLEN:
        raise _Fout((*pad, "rol"), f"rol moet een van deze zijn: {', '.join(engine.ROLLEN)}.")
    return engine.Lid(
        rol=rij["rol"],
        geboortedatum=_datum(rij.get("geboortedatum"), (*pad, "geboortedatum"), "geboortedatum"),
        netto_maandinkomen=_geld(rij.get("inkomen", "0.00"), (*pad, "inkomen"), "inkomen"),
        kenmerken=_codes(rij.get("kenmerken", []), (*pad, "kenmerken")),
    )


def _huishouden(rij, pad: tuple) -> engine.Huishouden:
    if not isinstance(rij, dict) or not isinstance(rij.get("leden"), list):
        raise _Fout(pad, "Een huishouden heeft een lijst leden.")
    onbekend = sorted(set(rij) - {"leden", "vermogen", "laag_inkomen_sinds", "kenmerken"})
    if onbekend:
        raise _Fout((*pad, onbekend[0]), f"Onbekend gegeven '{onbekend[0]}' bij een huishouden.")
    leden = tuple(_lid(lid, (*pad, "leden", i)) for i, lid in enumerate(rij["leden"]))
    kenmerken = None
    if "kenmerken" in rij:
        kenmerken = _codes(rij["kenmerken"] or [], (*pad, "kenmerken"))
    elif any(lid.kenmerken for lid in leden):
        kenmerken = frozenset()  # kenmerken of a person are given, so they are known (none for the household)
    vermogen = rij.get("vermogen")
    sinds = rij.get("laag_inkomen_sinds")
    return engine.Huishouden(
        leden=leden,
        vermogen=None if vermogen is None else _geld(vermogen, (*pad, "vermogen"), "vermogen"),
        laag_inkomen_sinds=None if sinds is None else _datum(sinds, (*pad, "laag_inkomen_sinds"), "laag_inkomen_sinds"),
        kenmerken=kenmerken,
    )


def _verwachting(code, waarde, pad: tuple) -> Verwachting:
    if isinstance(waarde, str):
        waarde = {"uitkomst": waarde}
    if not isinstance(waarde, dict) or waarde.get("uitkomst") not in _UITKOMSTEN:
        raise _Fout(pad, f"De verwachte uitkomst van {code} is een van: {', '.join(_UITKOMSTEN)}.")
    onbekend = sorted(set(waarde) - {"uitkomst", "bedrag"})
    if onbekend:
        raise _Fout((*pad, onbekend[0]), f"Onbekend gegeven '{onbekend[0]}' bij de verwachting van {code}.")
    bedrag = None
    if waarde.get("bedrag") is not None:
        bedrag = _geld(waarde["bedrag"], (*pad, "bedrag"), "bedrag")
    return Verwachting(code=str(code), uitkomst=waarde["uitkomst"], bedrag=bedrag, bedrag_genoemd="bedrag" in waarde)


def lees(tekst: str) -> list[Testgeval]:
    """The testgevallen of a file; Importfout with every problem (and its line)."""
    try:
        data = yaml.safe_load(tekst)
        lijnen = regelnummers(tekst)
    except yaml.YAMLError as fout:
        mark = getattr(fout, "problem_mark", None)
        raise Importfout([Fout(mark.line + 1 if mark else None, "", "Dit is geen geldige YAML.")]) from None
    fouten = Foutenlijst(lijnen)
    if not isinstance(data, dict) or not isinstance(data.get("testgevallen"), list):
        raise Importfout([Fout(1, "", "Het bestand heeft een lijst 'testgevallen'.")])
    gevallen = []
    for index, rij in enumerate(data["testgevallen"]):
        pad = ("testgevallen", index)
        naam = rij.get("naam") if isinstance(rij, dict) else None
        plaats = f"testgeval {naam or index + 1}"
        try:
            if not isinstance(rij, dict) or not isinstance(naam, str):
                raise _Fout(pad, "Een testgeval heeft een naam, een peildatum, een huishouden en wat verwacht wordt.")
            onbekend = sorted(set(rij) - {"naam", "peildatum", "huishouden", "verwacht", "toelichting"})
            if onbekend:
                raise _Fout((*pad, onbekend[0]), f"Onbekend gegeven '{onbekend[0]}' in een testgeval.")
            verwacht = rij.get("verwacht")
            if not isinstance(verwacht, dict) or not verwacht:
                raise _Fout((*pad, "verwacht"), "Noem onder 'verwacht' ten minste één regeling met haar uitkomst.")
            gevallen.append(
                Testgeval(
                    naam=naam,
                    peildatum=_datum(rij.get("peildatum"), (*pad, "peildatum"), "peildatum"),
                    huishouden=_huishouden(rij.get("huishouden"), (*pad, "huishouden")),
                    verwacht=tuple(
                        _verwachting(code, waarde, (*pad, "verwacht", code)) for code, waarde in verwacht.items()
                    ),
                    lijn=fouten.lijn(pad),
                )
            )
        except _Fout as fout:
            fouten.voeg_toe(fout.pad, plaats, fout.bericht)
    if fouten.lijst:
        raise Importfout(fouten.lijst)
    return gevallen


def _tekst(uitkomst: str, bedrag: Decimal | None) -> str:
    tekst = _UITKOMST_TEKST.get(uitkomst, uitkomst)
    return f"{tekst} ({engine.euro(bedrag)})" if bedrag is not None else tekst


def voer_uit(gevallen: list[Testgeval]) -> list[Resultaat]:
    """Compute every testgeval with the rules in the database on its peildatum and compare."""
    resultaten = []
    for geval in gevallen:
        resultaat = Resultaat(geval)
        try:
            berekening = selectors.bereken_anoniem(huishouden=geval.huishouden, peildatum=geval.peildatum)
        except engine.OngeldigHuishouden as fout:
            resultaat.verschillen.append(f"Niet te berekenen: {fout.bericht}")
            resultaten.append(resultaat)
            continue
        per_code = {u.code: u for u in berekening.uitkomsten}
        for verwacht in geval.verwacht:
            uit = per_code.get(verwacht.code)
            if uit is None:
                resultaat.verschillen.append(
                    f"{verwacht.code}: deze regeling heeft geen versie op {engine.datum_tekst(geval.peildatum)}."
                )
                continue
            bedrag_anders = verwacht.bedrag_genoemd and uit.bedrag != verwacht.bedrag
            if uit.uitkomst != verwacht.uitkomst or bedrag_anders:
                verwacht_bedrag = verwacht.bedrag if verwacht.bedrag_genoemd else None
                resultaat.verschillen.append(
                    f"{verwacht.code}: verwacht {_tekst(verwacht.uitkomst, verwacht_bedrag)}, "
                    f"berekend {_tekst(uit.uitkomst, uit.bedrag)}. Waarom: {' '.join(uit.redenen)}"
                )
        resultaten.append(resultaat)
    return resultaten
