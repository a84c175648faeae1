"""Testgevallen: example households with the outcome functioneel beheer expects per regeling, run against the
same engine as everything else. They are data in two forms that hold the same thing: a YAML file (the format
in docs/regelingen-formaat.md; Venlo's ship in regelingen/data/testgevallen/ and are loaded with the
reference data) and the Testgeval rows in the database, one per regeling a file's testgeval names.
`python manage.py test_regelingen FILE` runs a file, `python manage.py test_regelingen` the database's; the
rule editor runs those of a version before a change is saved (`na_wijziging`) and, when beheer confirms,
updates the ones that come out differently (`werk_bij`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import yaml

from . import engine, selectors
from .models import Regeling, RegelingVersie, Uitkomst
from .models import Testgeval as OpgeslagenTestgeval
from .regelset import Fout, Foutenlijst, Importfout, regelnummers

_UITKOMSTEN = tuple(Uitkomst.values)
_UITKOMST_TEKST = {"recht": "recht", "geen_recht": "geen recht", "beoordeling_nodig": "beoordeling nodig"}


@dataclass(frozen=True)
class Verwachting:
    code: str
    uitkomst: str
    bedrag: Decimal | None = None
    bedrag_genoemd: bool = False
    versie_vanaf: date | None = None  # the version it describes (see models.Testgeval.versie); None: on the peildatum


@dataclass(frozen=True)
class Testgeval:
    __test__ = False  # not a test class for pytest

    naam: str
    peildatum: date
    huishouden: engine.Huishouden
    verwacht: tuple[Verwachting, ...]
    lijn: int | None
    huishouden_data: dict = field(default_factory=dict)  # the household as JSON (models.Testgeval.huishouden)
    toelichting: str = ""
    pad: tuple = ()


class OngeldigTestgeval(ValueError):
    """A testgeval's household that cannot be right; `bericht` in Dutch."""

    def __init__(self, bericht: str):
        super().__init__(bericht)
        self.bericht = bericht


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
    if isinstance(waarde, str):  # the JSON form in the database keeps a date as text
        try:
            return date.fromisoformat(waarde)
        except ValueError:
            pass
    if not isinstance(waarde, date) or isinstance(waarde, datetime):  # a time of day is not a date
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
    onbekend = sorted(set(waarde) - {"uitkomst", "bedrag", "versie_vanaf"})
    if onbekend:
        raise _Fout((*pad, onbekend[0]), f"Onbekend gegeven '{onbekend[0]}' bij de verwachting van {code}.")
    bedrag = None
    if waarde.get("bedrag") is not None:
        bedrag = _geld(waarde["bedrag"], (*pad, "bedrag"), "bedrag")
    versie_vanaf = None
    if waarde.get("versie_vanaf") is not None:
        versie_vanaf = _datum(waarde["versie_vanaf"], (*pad, "versie_vanaf"), "versie_vanaf")
    return Verwachting(
        code=str(code),
        uitkomst=waarde["uitkomst"],
        bedrag=bedrag,
        bedrag_genoemd="bedrag" in waarde,
        versie_vanaf=versie_vanaf,
    )


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
    gevallen = lees_lijst(data["testgevallen"], fouten)
    if fouten.lijst:
        raise Importfout(fouten.lijst)
    return gevallen


def lees_lijst(lijst, fouten: Foutenlijst) -> list[Testgeval]:
    """The testgevallen under the key 'testgevallen' of a parsed file (a testgevallen file or a regelset);
    every problem is added to `fouten` with its line."""
    gevallen = []
    if not isinstance(lijst, list):
        fouten.voeg_toe(("testgevallen",), "testgevallen", "'testgevallen' moet een lijst zijn.")
        return gevallen
    genoemd: set[tuple[str, str]] = set()  # (naam, regeling): one stored testgeval each
    for index, rij in enumerate(lijst):
        pad = ("testgevallen", index)
        naam = rij.get("naam") if isinstance(rij, dict) else None
        plaats = f"testgeval {naam or index + 1}"
        try:
            if not isinstance(rij, dict) or not isinstance(naam, str) or not naam.strip():
                raise _Fout(pad, "Een testgeval heeft een naam, een peildatum, een huishouden en wat verwacht wordt.")
            if len(naam) > 200:
                raise _Fout((*pad, "naam"), "De naam van een testgeval is hoogstens 200 tekens.")
            onbekend = sorted(set(rij) - {"naam", "peildatum", "huishouden", "verwacht", "toelichting"})
            if onbekend:
                raise _Fout((*pad, onbekend[0]), f"Onbekend gegeven '{onbekend[0]}' in een testgeval.")
            verwacht = rij.get("verwacht")
            if not isinstance(verwacht, dict) or not verwacht:
                raise _Fout((*pad, "verwacht"), "Noem onder 'verwacht' ten minste één regeling met haar uitkomst.")
            for code in verwacht:
                if (naam, str(code)) in genoemd:
                    raise _Fout(
                        (*pad, "naam"),
                        f"Een ander testgeval met deze naam noemt ook {code}. Geef elk testgeval een eigen naam.",
                    )
            genoemd.update((naam, str(code)) for code in verwacht)
            gevallen.append(
                Testgeval(
                    naam=naam,
                    peildatum=_datum(rij.get("peildatum"), (*pad, "peildatum"), "peildatum"),
                    huishouden=_huishouden(rij.get("huishouden"), (*pad, "huishouden")),
                    verwacht=tuple(
                        _verwachting(code, waarde, (*pad, "verwacht", code)) for code, waarde in verwacht.items()
                    ),
                    lijn=fouten.lijn(pad),
                    huishouden_data=_als_json(rij.get("huishouden")),
                    toelichting=str(rij.get("toelichting") or ""),
                    pad=pad,
                )
            )
        except _Fout as fout:
            fouten.voeg_toe(fout.pad, plaats, fout.bericht)
    return gevallen


# --- The household as JSON (the database) and back ---------------------------------------------------------

_DATUMVELDEN = ("geboortedatum", "laag_inkomen_sinds")


def _als_json(waarde):
    """A checked household from YAML as JSON: dates as JJJJ-MM-DD text; money stays text, so never a float."""
    if isinstance(waarde, dict):
        return {sleutel: _als_json(w) for sleutel, w in waarde.items()}
    if isinstance(waarde, list):
        return [_als_json(w) for w in waarde]
    if isinstance(waarde, date):
        return waarde.isoformat()
    return waarde


def als_yaml(huishouden: dict) -> dict:
    """A stored household for a YAML file: its dates as dates again (written unquoted, as a person would)."""

    def datum(sleutel, w):
        if sleutel in _DATUMVELDEN and isinstance(w, str):
            try:
                return date.fromisoformat(w)
            except ValueError:
                return w
        return w

    data = {k: datum(k, v) for k, v in huishouden.items() if k != "leden"}
    data["leden"] = [{k: datum(k, v) for k, v in lid.items()} for lid in huishouden.get("leden", [])]
    return data


def huishouden_uit_data(data) -> engine.Huishouden:
    """A stored household (models.Testgeval.huishouden) for the engine; OngeldigTestgeval when it is wrong."""
    try:
        return _huishouden(data, ())
    except _Fout as fout:
        waar = ".".join(str(p) for p in fout.pad)
        raise OngeldigTestgeval(f"{fout.bericht}{f' (bij {waar})' if waar else ''}") from None


def _tekst(uitkomst: str, bedrag: Decimal | None) -> str:
    tekst = _UITKOMST_TEKST.get(uitkomst, uitkomst)
    return f"{tekst} ({engine.euro(bedrag)})" if bedrag is not None else tekst


def _verschil(code: str, verwacht: str, controleer_bedrag: bool, bedrag, uit: engine.Uitkomst) -> str:
    """Empty when the outcome (and, when it is checked, the amount) is as expected; else the Dutch difference."""
    if uit.uitkomst == verwacht and not (controleer_bedrag and uit.bedrag != bedrag):
        return ""
    verwacht_tekst = _tekst(verwacht, bedrag if controleer_bedrag else None)
    return (
        f"{code}: verwacht {verwacht_tekst}, berekend {_tekst(uit.uitkomst, uit.bedrag)}. "
        f"Waarom: {' '.join(uit.redenen)}"
    )


def bereken_met(huishouden: engine.Huishouden, peildatum: date, regel: engine.Regel, normtabel) -> engine.Uitkomst:
    """One rule's outcome for a household on the peildatum, as if the rule held on that day (its own period
    aside): the engine judges every rule on its own, so only this one is in the context. Raises
    engine.OngeldigHuishouden (no norms for the date, say)."""
    context = engine.maak_context(peildatum, normtabel, (replace(regel, geldig_van=peildatum, geldig_tot=None),))
    [uitkomst] = engine.bepaal_rechten_met_context(huishouden, context).uitkomsten
    return uitkomst


def _versie(code: str, vanaf: date) -> RegelingVersie | None:
    return RegelingVersie.objects.select_related("regeling").filter(regeling__code=code, geldig_van=vanaf).first()


def voer_uit(gevallen: list[Testgeval]) -> list[Resultaat]:
    """Compute every testgeval with the rules in the database on its peildatum and compare (an expectation
    with versie_vanaf: with that version of the regeling)."""
    resultaten = []
    normtabel = None
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
            if verwacht.versie_vanaf is not None:
                versie = _versie(verwacht.code, verwacht.versie_vanaf)
                if versie is None:
                    vanaf = engine.datum_tekst(verwacht.versie_vanaf)
                    resultaat.verschillen.append(f"{verwacht.code}: deze regeling heeft geen versie vanaf {vanaf}.")
                    continue
                normtabel = normtabel or selectors.normtabel()
                try:
                    uit = bereken_met(geval.huishouden, geval.peildatum, selectors.regel_van(versie), normtabel)
                except engine.OngeldigHuishouden as fout:
                    resultaat.verschillen.append(f"{verwacht.code}: niet te berekenen: {fout.bericht}")
                    continue
            else:
                uit = per_code.get(verwacht.code)
            if uit is None:
                resultaat.verschillen.append(
                    f"{verwacht.code}: deze regeling heeft geen versie op {engine.datum_tekst(geval.peildatum)}."
                )
                continue
            verschil = _verschil(verwacht.code, verwacht.uitkomst, verwacht.bedrag_genoemd, verwacht.bedrag, uit)
            if verschil:
                resultaat.verschillen.append(verschil)
        resultaten.append(resultaat)
    return resultaten


# --- The testgevallen in the database -----------------------------------------------------------------------


def rijwaarden(geval: Testgeval, verwacht: Verwachting, versie: RegelingVersie | None) -> dict:
    """The stored fields (models.Testgeval, apart from regeling and naam) of one expectation of a file's
    testgeval; `versie`: the one its versie_vanaf names."""
    return {
        "toelichting": geval.toelichting,
        "peildatum": geval.peildatum,
        "huishouden": geval.huishouden_data,
        "verwacht_uitkomst": verwacht.uitkomst,
        "bedrag_controleren": verwacht.bedrag_genoemd,
        "verwacht_bedrag": verwacht.bedrag,
        "versie_id": versie.pk if versie is not None else None,
    }


def als_bestand(gevallen) -> list[dict]:
    """Stored testgevallen in the file format: the rows of one example (same naam, peildatum and household)
    are one testgeval with an expectation per regeling, in the order they were stored."""
    import json

    groepen: dict[tuple, list[OpgeslagenTestgeval]] = defaultdict(list)
    for geval in sorted(gevallen, key=lambda g: g.pk):
        groepen[(geval.naam, geval.peildatum, json.dumps(geval.huishouden, sort_keys=True))].append(geval)
    lijst = []
    for rijen in groepen.values():
        eerste = rijen[0]
        data: dict = {"naam": eerste.naam}
        toelichting = next((r.toelichting for r in rijen if r.toelichting), "")
        if toelichting:
            data["toelichting"] = toelichting
        data["peildatum"] = eerste.peildatum
        data["huishouden"] = als_yaml(eerste.huishouden)
        verwacht = {}
        for rij in rijen:
            waarde: dict = {"uitkomst": rij.verwacht_uitkomst}
            if rij.bedrag_controleren:
                waarde["bedrag"] = None if rij.verwacht_bedrag is None else str(rij.verwacht_bedrag)
            if rij.versie_id is not None:
                waarde["versie_vanaf"] = rij.versie.geldig_van
            verwacht[rij.regeling.code] = waarde if len(waarde) > 1 else rij.verwacht_uitkomst
        data["verwacht"] = verwacht
        lijst.append(data)
    return lijst


def versie_van(geval: OpgeslagenTestgeval, versies: list[RegelingVersie]) -> RegelingVersie | None:
    """The version a stored testgeval describes: its own `versie`, else the one in force on its peildatum."""
    if geval.versie_id is not None:
        return next((v for v in versies if v.pk == geval.versie_id), None)
    return next((v for v in versies if _in_periode(v, geval.peildatum)), None)


def _in_periode(versie: RegelingVersie, dag: date) -> bool:
    return versie.geldig_van <= dag and (versie.geldig_tot is None or dag <= versie.geldig_tot)


@dataclass
class Narekening:
    """One stored testgeval computed with the version it describes."""

    geval: OpgeslagenTestgeval
    versie: RegelingVersie | None = None
    uitkomst: engine.Uitkomst | None = None
    verschil: str = ""  # empty: as expected

    @property
    def goed(self) -> bool:
        return not self.verschil

    @property
    def uitkomst_tekst(self) -> str:
        return "" if self.uitkomst is None else _tekst(self.uitkomst.uitkomst, self.uitkomst.bedrag)

    @property
    def verwacht_tekst(self) -> str:
        geval = self.geval
        return _tekst(geval.verwacht_uitkomst, geval.verwacht_bedrag if geval.bedrag_controleren else None)


def reken_na(gevallen=None) -> list[Narekening]:
    """Compute stored testgevallen (default: all of them, by regeling) and compare with what they expect."""
    if gevallen is None:
        gevallen = OpgeslagenTestgeval.objects.select_related("regeling").order_by("regeling__code", "id")
    gevallen = list(gevallen)
    versies: dict[int, list[RegelingVersie]] = defaultdict(list)
    for versie in RegelingVersie.objects.filter(regeling_id__in={g.regeling_id for g in gevallen}).select_related(
        "regeling"
    ):
        versies[versie.regeling_id].append(versie)
    normtabel = selectors.normtabel() if gevallen else None
    resultaten = []
    for geval in gevallen:
        code = geval.regeling.code
        versie = versie_van(geval, versies[geval.regeling_id])
        narekening = Narekening(geval, versie)
        if versie is None:
            narekening.verschil = f"{code}: deze regeling heeft geen versie op {engine.datum_tekst(geval.peildatum)}."
        else:
            try:
                uit = bereken_met(
                    huishouden_uit_data(geval.huishouden), geval.peildatum, selectors.regel_van(versie), normtabel
                )
            except (OngeldigTestgeval, engine.OngeldigHuishouden) as fout:
                narekening.verschil = f"Niet te berekenen: {fout.bericht}"
            else:
                narekening.uitkomst = uit
                narekening.verschil = _verschil(
                    code, geval.verwacht_uitkomst, geval.bedrag_controleren, geval.verwacht_bedrag, uit
                )
        resultaten.append(narekening)
    return resultaten


def van_regeling(regeling: Regeling) -> list[Narekening]:
    """The testgevallen of one regeling with how they come out now (the history page shows them)."""
    return reken_na(OpgeslagenTestgeval.objects.filter(regeling=regeling).select_related("regeling", "versie"))


# --- The rule editor: a change checked against the testgevallen of the version --------------------------------


@dataclass(frozen=True)
class TestgevalUitkomst:
    """One testgeval of the version being changed: what it expects and what the changed rule gives."""

    __test__ = False  # not a test class for pytest

    pk: int
    naam: str
    peildatum: date
    verwacht: str  # an Uitkomst value
    nu: str  # with the rule as it is
    na: str  # with the change
    bedrag_controleren: bool = False
    verwacht_bedrag: Decimal | None = None
    na_bedrag: Decimal | None = None

    @property
    def klopt(self) -> bool:
        return self.na == self.verwacht and not (self.bedrag_controleren and self.na_bedrag != self.verwacht_bedrag)

    @property
    def verwacht_tekst(self) -> str:
        return _label(self.verwacht, self.verwacht_bedrag if self.bedrag_controleren else None)

    @property
    def na_tekst(self) -> str:
        return _label(self.na, self.na_bedrag if self.bedrag_controleren else None)

    @property
    def sleutel(self) -> str:
        """What a confirmation is about: this testgeval and the outcome it would get (see versies.wijzig_versie)."""
        return f"{self.pk}:{self.na}:{self.na_bedrag if self.bedrag_controleren else ''}"


def _label(uitkomst: str, bedrag: Decimal | None) -> str:
    tekst = str(Uitkomst(uitkomst).label)
    return f"{tekst} ({engine.euro(bedrag)})" if bedrag is not None else tekst


def van_versie(versie: RegelingVersie) -> list[OpgeslagenTestgeval]:
    """The stored testgevallen that describe `versie`: bound to it, or unbound with a peildatum in its period."""
    return [
        geval
        for geval in OpgeslagenTestgeval.objects.filter(regeling_id=versie.regeling_id).order_by("id")
        if geval.versie_id == versie.pk or (geval.versie_id is None and _in_periode(versie, geval.peildatum))
    ]


def na_wijziging(*, versie: RegelingVersie, huidige: engine.Regel, nieuwe: engine.Regel) -> list[TestgevalUitkomst]:
    """Every testgeval of `versie`, computed with the rule as it is and as changed, as if the change held on the
    testgeval's own peildatum: does the rule still do what its examples say? A testgeval that cannot be computed
    is left out (`test_regelingen` reports it; the preview is about the change)."""
    normtabel = selectors.normtabel()
    uitkomsten = []
    for geval in van_versie(versie):
        try:
            huishouden = huishouden_uit_data(geval.huishouden)
            nu = bereken_met(huishouden, geval.peildatum, huidige, normtabel)
            na = bereken_met(huishouden, geval.peildatum, nieuwe, normtabel)
        except (OngeldigTestgeval, engine.OngeldigHuishouden):
            continue
        uitkomsten.append(
            TestgevalUitkomst(
                pk=geval.pk,
                naam=geval.naam,
                peildatum=geval.peildatum,
                verwacht=geval.verwacht_uitkomst,
                nu=nu.uitkomst,
                na=na.uitkomst,
                bedrag_controleren=geval.bedrag_controleren,
                verwacht_bedrag=geval.verwacht_bedrag,
                na_bedrag=na.bedrag,
            )
        )
    return uitkomsten
