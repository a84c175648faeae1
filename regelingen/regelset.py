"""A municipality's rule set as one YAML file: regelingen with their versions and voorwaarden, the norms
they need (bijstandsnormen, AOW-leeftijden, kostendelersnormen, vermogensgrenzen), kenmerken and the
regelingen's testgevallen (in the format of regelingen.testgevallen). The format is described for
functioneel beheer in docs/regelingen-formaat.md.

`exporteer()` writes the set that is in the database. `importeer(tekst)` first checks the whole file (every
error in Dutch, with its line and the regeling it is about), then writes everything in one transaction, or
nothing. Importing the same file again changes nothing. A change to a version that is in force is never an
edit in place: it must be a new version with its own start date, which services.wijzig_versie creates
(the old version then ends the day before), so outcomes for past peildata keep their rule."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone

from cases import selectors as cases_selectors
from cases import services as cases_services
from venlo_armoede.accounts.models import Organisatie

from . import services, versies
from .models import (
    Aanvraagroute,
    AowLeeftijd,
    Kostendelersnorm,
    Norm,
    Regeling,
    RegelingVersie,
    Samenstelling,
    Testgeval,
    Vermogensgrens,
)
from .voorwaarden import OngeldigeVoorwaarde, als_data, lees_voorwaarde, lees_voorwaarden

FORMAAT = 1
_REGELING_VELDEN = ("code", "naam", "omschrijving", "doelstelling", "aanbieder", "aanvraagroute", "bron", "versies")
_NORMTABELLEN = {
    # key in the file: (model, natural key fields, figure fields, metadata fields that may change in place)
    "normen": (Norm, ("geldig_van", "leeftijdscategorie", "huishoudtype"), ("bedrag_incl_vt",), ("bron",)),
    "aow_leeftijden": (AowLeeftijd, ("vanaf_jaar",), ("jaren", "maanden"), ()),
    "kostendelersnormen": (
        Kostendelersnorm,
        ("geldig_van",),
        ("basis_pct", "per_kostendeler_pct", "vanaf_leeftijd"),
        (),
    ),
    "vermogensgrenzen": (Vermogensgrens, ("jaar",), ("alleenstaande", "gezin", "eigen_woning"), ("bevestigd",)),
}
_BOVENAAN = ("formaat", "gemeente", *_NORMTABELLEN, "kenmerken", "regelingen", "testgevallen")
_KENMERK_VELDEN = ("code", "naam", "geldt_voor", "omschrijving")
_GELDT_VOOR = ("persoon", "huishouden")


# --- Errors with their line ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fout:
    lijn: int | None
    plaats: str  # "regeling stadspas, versie vanaf 01-01-2024", say; empty for the file as a whole
    bericht: str

    def __str__(self) -> str:
        waar = f"Regel {self.lijn}" if self.lijn else "Bestand"
        return f"{waar}{f' ({self.plaats})' if self.plaats else ''}: {self.bericht}"


class Importfout(Exception):
    """The file cannot be imported; `fouten` lists every problem found. Nothing was written."""

    def __init__(self, fouten: list[Fout]):
        super().__init__("\n".join(str(f) for f in fouten))
        self.fouten = fouten


def regelnummers(tekst: str) -> dict[tuple, int]:
    """Line number (1-based) per path in the document, from the node tree that yaml.safe_load also reads."""
    lijnen: dict[tuple, int] = {}

    def loop(node, pad: tuple) -> None:
        lijnen.setdefault(pad, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for sleutel, waarde in node.value:
                lijnen[(*pad, sleutel.value)] = sleutel.start_mark.line + 1
                loop(waarde, (*pad, sleutel.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, waarde in enumerate(node.value):
                loop(waarde, (*pad, index))

    wortel = yaml.compose(tekst, Loader=yaml.SafeLoader)
    if wortel is not None:
        loop(wortel, ())
    return lijnen


class Foutenlijst:
    def __init__(self, lijnen: dict[tuple, int]):
        self.lijnen = lijnen
        self.lijst: list[Fout] = []

    def lijn(self, pad: tuple) -> int | None:
        while pad and pad not in self.lijnen:
            pad = pad[:-1]
        return self.lijnen.get(pad)

    def voeg_toe(self, pad: tuple, plaats: str, bericht: str) -> None:
        self.lijst.append(Fout(self.lijn(pad), plaats, bericht))


# --- Reading values ---------------------------------------------------------------------------------------


class _Waardefout(ValueError):
    pass


def _datum(waarde, naam: str) -> date:
    if isinstance(waarde, date):
        return waarde
    raise _Waardefout(f"{naam} moet een datum zijn in de vorm JJJJ-MM-DD, niet '{waarde}'.")


def _waarde(veld: models.Field, waarde):
    """A value from the file for a model field, with a Dutch error for a wrong type."""
    naam = veld.name
    if waarde is None:
        if isinstance(veld, models.CharField):
            return ""
        if not veld.null and not isinstance(veld, models.JSONField):
            raise _Waardefout(f"{naam} mag niet leeg zijn.")
        return [] if isinstance(veld, models.JSONField) else None
    if isinstance(veld, models.DecimalField):
        if isinstance(waarde, float | bool):
            raise _Waardefout(f'Schrijf {naam} als tekst tussen aanhalingstekens, bijvoorbeeld "120.00".')
        try:
            getal = Decimal(str(waarde))
        except InvalidOperation:
            raise _Waardefout(f"'{waarde}' is geen getal ({naam}).") from None
        if not getal.is_finite():
            raise _Waardefout(f"'{waarde}' is geen getal ({naam}).")
        return getal
    if isinstance(veld, models.BooleanField):
        if not isinstance(waarde, bool):
            raise _Waardefout(f"{naam} moet true of false zijn.")
        return waarde
    if isinstance(veld, models.IntegerField):
        if isinstance(waarde, bool) or not isinstance(waarde, int):
            raise _Waardefout(f"{naam} moet een heel getal zijn, niet '{waarde}'.")
        return waarde
    if isinstance(veld, models.DateField):
        return _datum(waarde, naam)
    if isinstance(veld, models.CharField):
        if not isinstance(waarde, str):
            raise _Waardefout(f"{naam} moet tekst zijn.")
        return waarde
    return waarde


def _validatie_tekst(fout: ValidationError) -> list[str]:
    if hasattr(fout, "error_dict"):
        return [
            " ".join(m for e in lijst for m in e.messages)
            if veld == NON_FIELD_ERRORS
            else f"{veld}: {' '.join(m for e in lijst for m in e.messages)}"
            for veld, lijst in fout.error_dict.items()
        ]
    return list(fout.messages)


def _dag(d: date) -> str:
    return f"{d:%d-%m-%Y}"


# --- The checked contents of a file -----------------------------------------------------------------------


@dataclass
class VersieInvoer:
    geldig_van: date
    geldig_tot: date | None
    regels: dict  # rule field name -> value (every rule field; left out = the model default)
    pad: tuple


@dataclass
class RegelingInvoer:
    code: str
    gegevens: dict  # naam, omschrijving, doelstelling, aanbieder_id, aanvraagroute, bron
    versies: list[VersieInvoer]
    pad: tuple


@dataclass
class Regelset:
    gemeente: str
    tabellen: dict[str, list[tuple[dict, tuple]]]  # key -> [(field values, path)]
    regelingen: list[RegelingInvoer]
    kenmerken: list[dict] = field(default_factory=list)  # {code, naam, geldt_voor, omschrijving}
    testgevallen: list = field(default_factory=list)  # testgevallen.Testgeval, each with its path in the file


def _lees_tabel(sleutel: str, rijen, fouten: Foutenlijst) -> list[tuple[dict, tuple]]:
    model, natuurlijk, cijfers, meta = _NORMTABELLEN[sleutel]
    velden = {v.name: v for v in model._meta.concrete_fields if not v.auto_created}
    resultaat = []
    gezien: dict[tuple, int] = {}
    if not isinstance(rijen, list):
        fouten.voeg_toe((sleutel,), sleutel, f"'{sleutel}' moet een lijst zijn.")
        return resultaat
    for index, rij in enumerate(rijen):
        pad = (sleutel, index)
        plaats = f"{sleutel} nummer {index + 1}"
        if not isinstance(rij, dict):
            fouten.voeg_toe(pad, plaats, "Elke rij is een lijst van gegevens (naam: waarde).")
            continue
        onbekend = sorted(set(rij) - set(natuurlijk) - set(cijfers) - set(meta))
        for naam in onbekend:
            fouten.voeg_toe(
                (*pad, naam),
                plaats,
                f"Onbekend gegeven '{naam}'. Mogelijk: {', '.join((*natuurlijk, *cijfers, *meta))}.",
            )
        waarden, goed = {}, not onbekend
        for naam in (*natuurlijk, *cijfers, *meta):
            if naam not in rij and naam in meta:
                continue
            if naam not in rij and velden[naam].has_default():
                waarden[naam] = velden[naam].get_default()
                continue
            if naam not in rij:
                fouten.voeg_toe(pad, plaats, f"Het gegeven '{naam}' ontbreekt.")
                goed = False
                continue
            try:
                waarden[naam] = _waarde(velden[naam], rij[naam])
            except _Waardefout as fout:
                fouten.voeg_toe((*pad, naam), plaats, str(fout))
                goed = False
        if not goed:
            continue
        try:
            model(**waarden).full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as fout:
            for tekst in _validatie_tekst(fout):
                fouten.voeg_toe(pad, plaats, tekst)
            continue
        if sleutel == "normen" and waarden["bedrag_incl_vt"] <= 0:
            fouten.voeg_toe((*pad, "bedrag_incl_vt"), plaats, "Een norm is meer dan € 0.")
            continue
        sleutelwaarde = tuple(waarden[n] for n in natuurlijk)
        if sleutelwaarde in gezien:
            fouten.voeg_toe(pad, plaats, f"Staat twee keer in het bestand (ook als nummer {gezien[sleutelwaarde]}).")
            continue
        gezien[sleutelwaarde] = index + 1
        resultaat.append((waarden, pad))
    return resultaat


def _lees_versie(
    rij, pad: tuple, code: str, fouten: Foutenlijst, kenmerken: frozenset[str] | None
) -> VersieInvoer | None:
    plaats = f"regeling {code}, versie nummer {pad[-1] + 1}"
    if not isinstance(rij, dict):
        fouten.voeg_toe(pad, plaats, "Een versie is een lijst van gegevens (naam: waarde).")
        return None
    regelvelden = {v.name: v for v in versies.regelvelden()}
    try:
        geldig_van = _datum(rij.get("geldig_van"), "geldig_van")
    except _Waardefout as fout:
        fouten.voeg_toe((*pad, "geldig_van"), plaats, str(fout))
        return None
    plaats = f"regeling {code}, versie vanaf {_dag(geldig_van)}"
    goed = True
    geldig_tot = None
    if rij.get("geldig_tot") is not None:
        try:
            geldig_tot = _datum(rij["geldig_tot"], "geldig_tot")
        except _Waardefout as fout:
            fouten.voeg_toe((*pad, "geldig_tot"), plaats, str(fout))
            goed = False
    for naam in sorted(set(rij) - set(regelvelden) - {"geldig_van", "geldig_tot"}):
        fouten.voeg_toe(
            (*pad, naam), plaats, f"Onbekend gegeven '{naam}' in een versie. Zie docs/regelingen-formaat.md."
        )
        goed = False
    regels = {}
    for naam, veld in regelvelden.items():
        if naam not in rij:
            leeg = "" if isinstance(veld, models.CharField) else None
            regels[naam] = veld.get_default() if veld.has_default() else leeg
            continue
        try:
            regels[naam] = _waarde(veld, rij[naam])
        except _Waardefout as fout:
            fouten.voeg_toe((*pad, naam), plaats, str(fout))
            goed = False
    samenstellingen = regels.get("samenstellingen")
    if not isinstance(samenstellingen, list) or any(s not in Samenstelling.values for s in samenstellingen):
        fouten.voeg_toe(
            (*pad, "samenstellingen"),
            plaats,
            f"samenstellingen is een lijst met keuzes uit: {', '.join(Samenstelling.values)}.",
        )
        goed = False
    voorwaarden = rij.get("voorwaarden") or []
    if not isinstance(voorwaarden, list):
        fouten.voeg_toe((*pad, "voorwaarden"), plaats, "voorwaarden is een lijst.")
        goed = False
    else:
        gelezen = []
        for nummer, data in enumerate(voorwaarden):
            try:
                gelezen.append(als_data(lees_voorwaarde(data, kenmerken=kenmerken)))
            except OngeldigeVoorwaarde as fout:
                vpad = (*pad, "voorwaarden", nummer)
                fouten.voeg_toe(
                    (*vpad, fout.veld) if fout.veld else vpad, plaats, f"Voorwaarde {nummer + 1}: {fout.bericht}"
                )
                goed = False
        regels["voorwaarden"] = gelezen
    if not goed:
        return None
    versie = RegelingVersie(geldig_van=geldig_van, geldig_tot=geldig_tot, **regels)
    versie.kenmerken_uit_bestand = kenmerken or frozenset()
    try:
        versie.full_clean(exclude=["regeling"], validate_unique=False, validate_constraints=False)
    except ValidationError as fout:
        for tekst in _validatie_tekst(fout):
            fouten.voeg_toe(pad, plaats, tekst)
        return None
    return VersieInvoer(geldig_van=geldig_van, geldig_tot=geldig_tot, regels=regels, pad=pad)


def _lees_regeling(
    rij, pad: tuple, fouten: Foutenlijst, organisaties: dict[str, int], kenmerken: frozenset[str] | None
) -> RegelingInvoer | None:
    if not isinstance(rij, dict) or not isinstance(rij.get("code"), str):
        fouten.voeg_toe(pad, f"regeling nummer {pad[-1] + 1}", "Een regeling heeft ten minste een code (tekst).")
        return None
    code = rij["code"]
    plaats = f"regeling {code}"
    goed = True
    for naam in sorted(set(rij) - set(_REGELING_VELDEN)):
        fouten.voeg_toe((*pad, naam), plaats, f"Onbekend gegeven '{naam}'. Mogelijk: {', '.join(_REGELING_VELDEN)}.")
        goed = False
    aanbieder = rij.get("aanbieder")
    aanbieder_id = None
    if aanbieder is not None:
        aanbieder_id = organisaties.get(aanbieder)
        if aanbieder_id is None:
            fouten.voeg_toe(
                (*pad, "aanbieder"),
                plaats,
                f"Onbekende aanbieder '{aanbieder}'. Die organisatie moet eerst in de sociale kaart staan.",
            )
            goed = False
    gegevens = {
        "naam": rij.get("naam"),
        "omschrijving": rij.get("omschrijving") or "",
        "doelstelling": rij.get("doelstelling"),
        "aanbieder_id": aanbieder_id,
        "aanvraagroute": rij.get("aanvraagroute") or Aanvraagroute.GEMEENTE,
        "bron": rij.get("bron") or "",
    }
    for naam in ("naam", "omschrijving", "doelstelling", "aanvraagroute", "bron"):
        if not isinstance(gegevens[naam], str):
            fouten.voeg_toe((*pad, naam), plaats, f"{naam} moet tekst zijn.")
            goed = False
    if goed:
        try:
            Regeling(code=code, **gegevens).full_clean(exclude=["aanbieder"], validate_unique=False)
        except ValidationError as fout:
            for tekst in _validatie_tekst(fout):
                fouten.voeg_toe(pad, plaats, tekst)
            goed = False
    lijst = rij.get("versies")
    if not isinstance(lijst, list) or not lijst:
        fouten.voeg_toe((*pad, "versies"), plaats, "Een regeling heeft ten minste één versie (versies).")
        return None
    gelezen = [_lees_versie(v, (*pad, "versies", i), code, fouten, kenmerken) for i, v in enumerate(lijst)]
    if not goed or None in gelezen:
        return None
    gelezen.sort(key=lambda v: v.geldig_van)
    for vorige, volgende in zip(gelezen, gelezen[1:], strict=False):
        if vorige.geldig_tot is None or vorige.geldig_tot >= volgende.geldig_van:
            fouten.voeg_toe(
                volgende.pad,
                f"{plaats}, versie vanaf {_dag(volgende.geldig_van)}",
                f"Deze versie overlapt met de versie vanaf {_dag(vorige.geldig_van)}. Laat die eindigen "
                f"(geldig_tot) op {_dag(volgende.geldig_van - timedelta(days=1))} of eerder.",
            )
            return None
    return RegelingInvoer(code=code, gegevens=gegevens, versies=gelezen, pad=pad)


def lees(tekst: str) -> Regelset:
    """Check a whole file without touching the database's rules. Raises Importfout with every problem."""
    try:
        data = yaml.safe_load(tekst)
        lijnen = regelnummers(tekst)
    except yaml.YAMLError as fout:
        mark = getattr(fout, "problem_mark", None)
        lijn = mark.line + 1 if mark is not None else None
        raise Importfout([Fout(lijn, "", f"Dit is geen geldige YAML: {getattr(fout, 'problem', fout)}.")]) from None
    fouten = Foutenlijst(lijnen)
    if not isinstance(data, dict):
        raise Importfout([Fout(1, "", "Het bestand begint met gegevens als 'formaat:', 'gemeente:' en 'regelingen:'.")])
    for sleutel in sorted(set(data) - set(_BOVENAAN)):
        fouten.voeg_toe((sleutel,), "", f"Onbekend onderdeel '{sleutel}'. Mogelijk: {', '.join(_BOVENAAN)}.")
    if data.get("formaat", FORMAAT) != FORMAAT:
        fouten.voeg_toe(("formaat",), "", f"Dit programma leest formaat {FORMAAT}, niet {data.get('formaat')}.")
    tabellen = {sleutel: _lees_tabel(sleutel, data[sleutel], fouten) for sleutel in _NORMTABELLEN if sleutel in data}
    organisaties = dict(Organisatie.objects.values_list("naam", "id"))
    nieuwe_kenmerken = _lees_kenmerken(data.get("kenmerken") or [], fouten)
    kenmerken = _bekende_kenmerken()
    if kenmerken is not None:
        kenmerken = kenmerken | {k["code"] for k in nieuwe_kenmerken}
    regelingen = []
    lijst = data.get("regelingen") or []
    if not isinstance(lijst, list):
        fouten.voeg_toe(("regelingen",), "", "'regelingen' moet een lijst zijn.")
        lijst = []
    codes: dict[str, int] = {}
    for index, rij in enumerate(lijst):
        invoer = _lees_regeling(rij, ("regelingen", index), fouten, organisaties, kenmerken)
        if invoer is None:
            continue
        if invoer.code in codes:
            fouten.voeg_toe(invoer.pad, f"regeling {invoer.code}", "Deze code staat twee keer in het bestand.")
            continue
        codes[invoer.code] = index
        regelingen.append(invoer)
    gevallen = _lees_testgevallen(data.get("testgevallen") or [], regelingen, fouten)
    if fouten.lijst:
        raise Importfout(fouten.lijst)
    return Regelset(
        gemeente=str(data.get("gemeente") or ""),
        tabellen=tabellen,
        regelingen=regelingen,
        kenmerken=nieuwe_kenmerken,
        testgevallen=gevallen,
    )


def _lees_testgevallen(lijst, regelingen: list[RegelingInvoer], fouten: Foutenlijst) -> list:
    """The set's testgevallen: each regeling they name is in the file or in the database, and a versie_vanaf is
    the start of one of its versions."""
    from . import testgevallen  # it reads this module's errors

    gevallen = testgevallen.lees_lijst(lijst, fouten)
    in_bestand = {r.code: {v.geldig_van for v in r.versies} for r in regelingen}
    for geval in gevallen:
        for verwacht in geval.verwacht:
            pad = (*geval.pad, "verwacht", verwacht.code)
            plaats = f"testgeval {geval.naam}"
            regeling = Regeling.objects.filter(code=verwacht.code).first()
            if verwacht.code not in in_bestand and regeling is None:
                fouten.voeg_toe(
                    pad,
                    plaats,
                    f"Onbekende regeling '{verwacht.code}': die staat niet in het bestand en niet in de database.",
                )
                continue
            if verwacht.versie_vanaf is None:
                continue
            begin = in_bestand.get(verwacht.code, set())
            if regeling is not None:
                begin |= set(regeling.versies.values_list("geldig_van", flat=True))
            if verwacht.versie_vanaf not in begin:
                fouten.voeg_toe(
                    (*pad, "versie_vanaf"),
                    plaats,
                    f"Regeling {verwacht.code} heeft geen versie vanaf {_dag(verwacht.versie_vanaf)}.",
                )
    return gevallen


def _lees_kenmerken(rijen, fouten: Foutenlijst) -> list[dict]:
    """The kenmerken the set's voorwaarden may name. A code already kept by functioneel beheer is left as it is."""
    if not isinstance(rijen, list):
        fouten.voeg_toe(("kenmerken",), "kenmerken", "'kenmerken' moet een lijst zijn.")
        return []
    gelezen, codes = [], set()
    for index, rij in enumerate(rijen):
        pad = ("kenmerken", index)
        if not isinstance(rij, dict):
            fouten.voeg_toe(pad, "kenmerken", "Een kenmerk heeft code, naam en geldt_voor.")
            continue
        for sleutel in sorted(set(rij) - set(_KENMERK_VELDEN)):
            fouten.voeg_toe(pad, "kenmerken", f"Onbekend gegeven '{sleutel}'. Mogelijk: {', '.join(_KENMERK_VELDEN)}.")
        code, naam = str(rij.get("code") or ""), str(rij.get("naam") or "").strip()
        plaats = f"kenmerk {code}" if code else "kenmerken"
        if not re.fullmatch(r"[a-z0-9_]{1,60}", code):
            fouten.voeg_toe(pad, plaats, "De code bestaat uit kleine letters, cijfers en _ (hoogstens 60 tekens).")
        elif code in codes:
            fouten.voeg_toe(pad, plaats, "Deze code staat twee keer in het bestand.")
        if not naam:
            fouten.voeg_toe(pad, plaats, "Geef het kenmerk een naam.")
        if rij.get("geldt_voor") not in _GELDT_VOOR:
            fouten.voeg_toe(pad, plaats, f"'geldt_voor' is een van: {', '.join(_GELDT_VOOR)}.")
        codes.add(code)
        gelezen.append(
            {
                "code": code,
                "naam": naam,
                "geldt_voor": rij.get("geldt_voor"),
                "omschrijving": str(rij.get("omschrijving") or ""),
            }
        )
    return gelezen


def _bekende_kenmerken() -> frozenset[str] | None:
    from . import models as regelingen_models

    return regelingen_models.bekende_kenmerken()


# --- Writing ----------------------------------------------------------------------------------------------


@dataclass
class Verslag:
    """What an import did (all zeros: the file matched the database)."""

    nieuw: dict[str, int] = field(default_factory=dict)
    gewijzigd: dict[str, int] = field(default_factory=dict)
    nieuwe_versies: list[str] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)

    def tel(self, soort: dict, sleutel: str) -> None:
        soort[sleutel] = soort.get(sleutel, 0) + 1

    @property
    def niets_gewijzigd(self) -> bool:
        return not (self.nieuw or self.gewijzigd or self.nieuwe_versies)


def _zelfde_regels(versie: RegelingVersie, regels: dict) -> bool:
    for naam, waarde in regels.items():
        huidig = getattr(versie, naam)
        if naam == "voorwaarden":
            if lees_voorwaarden(huidig) != lees_voorwaarden(waarde):
                return False
        elif huidig != waarde:
            return False
    return True


def _verschil(versie: RegelingVersie, regels: dict) -> dict:
    return {naam: waarde for naam, waarde in regels.items() if not _zelfde_regels(versie, {naam: waarde})}


def _schrijf_tabellen(regelset: Regelset, vandaag: date, fouten: Foutenlijst, verslag: Verslag, schrijven: bool):
    for sleutel, rijen in regelset.tabellen.items():
        model, natuurlijk, cijfers, meta = _NORMTABELLEN[sleutel]
        for waarden, pad in rijen:
            sleutelwaarden = {n: waarden[n] for n in natuurlijk}
            bestaand = model.objects.filter(**sleutelwaarden).first()
            if bestaand is None:
                if schrijven:
                    obj = model(**waarden)
                    obj.full_clean()
                    obj.save()
                verslag.tel(verslag.nieuw, sleutel)
                continue
            anders = [n for n in cijfers if getattr(bestaand, n) != waarden[n]]
            if anders:
                begin = sleutelwaarden.get("geldig_van")
                jaar = sleutelwaarden.get("jaar") or sleutelwaarden.get("vanaf_jaar")
                toekomst = begin > vandaag if begin is not None else jaar > vandaag.year
                if not toekomst:
                    oud = ", ".join(f"{n} {getattr(bestaand, n)}" for n in anders)
                    fouten.voeg_toe(
                        pad,
                        f"{sleutel} nummer {pad[-1] + 1}",
                        f"Deze rij bestaat al met andere cijfers ({oud}) en geldt al. De import overschrijft geen "
                        "cijfers die al gelden: pas ze aan in beheer of voeg een rij met een latere datum toe.",
                    )
                    continue
            anders += [n for n in meta if n in waarden and getattr(bestaand, n) != waarden[n]]
            if anders:
                if schrijven:
                    for n in anders:
                        setattr(bestaand, n, waarden[n])
                    bestaand.full_clean()
                    bestaand.save(update_fields=anders)
                verslag.tel(verslag.gewijzigd, sleutel)


def _plan_versie(
    regeling: Regeling | None,
    invoer: RegelingInvoer,
    versie: VersieInvoer,
    vandaag: date,
    fouten: Foutenlijst,
    verslag: Verslag,
    schrijven: bool,
    door,
) -> None:
    plaats = f"regeling {invoer.code}, versie vanaf {_dag(versie.geldig_van)}"
    bestaand = None
    dekkend = None
    if regeling is not None:
        bestaand = RegelingVersie.objects.filter(regeling=regeling, geldig_van=versie.geldig_van).first()
        if bestaand is None:
            dekkend = (
                RegelingVersie.objects.filter(regeling=regeling, geldig_van__lt=versie.geldig_van)
                .filter(models.Q(geldig_tot__isnull=True) | models.Q(geldig_tot__gte=versie.geldig_van))
                .first()
            )
    if bestaand is not None:
        verschil = _verschil(bestaand, versie.regels)
        if verschil:
            if bestaand.geldig_van <= vandaag:
                fouten.voeg_toe(
                    versie.pad,
                    plaats,
                    f"Deze versie is al in werking en wordt niet overschreven (anders: {', '.join(sorted(verschil))}). "
                    "Zet de wijziging in een nieuwe versie met een eigen ingangsdatum (geldig_van) vanaf vandaag "
                    "of later, en laat deze versie de dag ervoor eindigen (geldig_tot).",
                )
                return
            if schrijven:
                bestaand = services.wijzig_versie(
                    versie=bestaand, ingang=bestaand.geldig_van, wijzigingen=verschil, door=door
                )
            verslag.tel(verslag.gewijzigd, "regelingversies")
        return
    if dekkend is not None:
        if versie.geldig_van < vandaag:
            fouten.voeg_toe(
                versie.pad,
                plaats,
                f"Deze nieuwe versie begint in het verleden, in de periode van de versie vanaf "
                f"{_dag(dekkend.geldig_van)}. Een nieuwe versie begint vandaag of later.",
            )
            return
        verslag.nieuwe_versies.append(f"{invoer.code} vanaf {_dag(versie.geldig_van)}")
        if schrijven:
            services.wijzig_versie(versie=dekkend, ingang=versie.geldig_van, wijzigingen=versie.regels, door=door)
        return
    # No version covers this period yet: adding it rewrites nothing.
    verslag.tel(verslag.nieuw, "regelingversies")
    if schrijven:
        nieuw = RegelingVersie(
            regeling=regeling, geldig_van=versie.geldig_van, geldig_tot=versie.geldig_tot, **versie.regels
        )
        try:
            nieuw.full_clean()
        except ValidationError as fout:
            for tekst in _validatie_tekst(fout):
                fouten.voeg_toe(versie.pad, plaats, tekst)
            return
        nieuw.save()


def _plan_einde(
    bestaand: RegelingVersie,
    invoer: RegelingInvoer,
    versie: VersieInvoer,
    vandaag: date,
    fouten: Foutenlijst,
    verslag: Verslag,
    schrijven: bool,
) -> None:
    """The file gives a version another end date: allowed only when no peildatum up to today changes."""
    if bestaand.geldig_tot == versie.geldig_tot:
        return
    oud = bestaand.geldig_tot or date.max
    nieuw = versie.geldig_tot or date.max
    if min(oud, nieuw) < vandaag:
        fouten.voeg_toe(
            (*versie.pad, "geldig_tot"),
            f"regeling {invoer.code}, versie vanaf {_dag(versie.geldig_van)}",
            f"De einddatum ({_dag(bestaand.geldig_tot) if bestaand.geldig_tot else 'geen'}) ligt in het verleden en "
            "verandert niet: dat zou uitkomsten van vroeger veranderen.",
        )
        return
    if schrijven:
        bestaand.geldig_tot = versie.geldig_tot
        try:
            bestaand.full_clean()
        except ValidationError as fout:
            for tekst in _validatie_tekst(fout):
                fouten.voeg_toe(versie.pad, f"regeling {invoer.code}", tekst)
            return
        bestaand.save(update_fields=["geldig_tot"])
    verslag.tel(verslag.gewijzigd, "regelingversies")


def _verwerk(regelset: Regelset, *, schrijven: bool, door, fouten: Foutenlijst) -> Verslag:
    vandaag = timezone.localdate()
    verslag = Verslag()
    _schrijf_tabellen(regelset, vandaag, fouten, verslag, schrijven)
    for invoer in regelset.regelingen:
        regeling = Regeling.objects.filter(code=invoer.code).first()
        if regeling is None:
            verslag.tel(verslag.nieuw, "regelingen")
            if schrijven:
                regeling = Regeling(code=invoer.code, **invoer.gegevens)
                regeling.full_clean()
                regeling.save()
        else:
            anders = [n for n, w in invoer.gegevens.items() if getattr(regeling, n) != w]
            if anders:
                verslag.tel(verslag.gewijzigd, "regelingen")
                if schrijven:
                    for n in anders:
                        setattr(regeling, n, invoer.gegevens[n])
                    regeling.full_clean()
                    regeling.save(update_fields=anders)
        # New versions and rule changes first (a new version ends the one it splits the day before), then
        # the end dates the file gives.
        for versie in invoer.versies:
            _plan_versie(regeling, invoer, versie, vandaag, fouten, verslag, schrijven, door)
        if regeling is None or regeling.pk is None:
            continue
        for versie in invoer.versies:
            bestaand = RegelingVersie.objects.filter(regeling=regeling, geldig_van=versie.geldig_van).first()
            if bestaand is not None:
                _plan_einde(bestaand, invoer, versie, vandaag, fouten, verslag, schrijven)
        in_bestand = {v.geldig_van for v in invoer.versies}
        for extra in RegelingVersie.objects.filter(regeling=regeling).exclude(geldig_van__in=in_bestand):
            verslag.opmerkingen.append(
                f"Regeling {invoer.code}: de versie vanaf {_dag(extra.geldig_van)} staat niet in het bestand "
                "en blijft bestaan (de import verwijdert niets)."
            )
    _schrijf_testgevallen(regelset, verslag, schrijven)
    return verslag


def _schrijf_testgevallen(regelset: Regelset, verslag: Verslag, schrijven: bool) -> None:
    """Each expectation of a testgeval is one stored testgeval of its regeling, matched on (regeling, naam): new
    ones are added, changed ones updated (the file is what functioneel beheer means); none is removed."""
    from . import testgevallen

    for geval in regelset.testgevallen:
        for verwacht in geval.verwacht:
            regeling = Regeling.objects.filter(code=verwacht.code).first()
            versie = None
            if regeling is not None and verwacht.versie_vanaf is not None:
                versie = RegelingVersie.objects.filter(regeling=regeling, geldig_van=verwacht.versie_vanaf).first()
            waarden = testgevallen.rijwaarden(geval, verwacht, versie)
            bestaand = (
                None if regeling is None else Testgeval.objects.filter(regeling=regeling, naam=geval.naam).first()
            )
            if bestaand is None:
                verslag.tel(verslag.nieuw, "testgevallen")
                if schrijven:
                    rij = Testgeval(regeling=regeling, naam=geval.naam, **waarden)
                    rij.full_clean()
                    rij.save()
                continue
            anders = [naam for naam, waarde in waarden.items() if getattr(bestaand, naam) != waarde]
            if anders:
                verslag.tel(verslag.gewijzigd, "testgevallen")
                if schrijven:
                    for naam in anders:
                        setattr(bestaand, naam, waarden[naam])
                    bestaand.full_clean()
                    bestaand.save(update_fields=[naam.removesuffix("_id") for naam in anders])


def _voeg_kenmerken_toe(regelset: Regelset) -> int:
    """Add the file's kenmerken that do not exist yet (inside the caller's transaction: the versions' voorwaarden
    are checked against the stored list). Returns how many were new."""
    bestaand = cases_selectors.kenmerkcodes()
    nieuw = [kenmerk for kenmerk in regelset.kenmerken if kenmerk["code"] not in bestaand]
    for kenmerk in nieuw:
        cases_services.voeg_kenmerksoort_toe(**kenmerk)
    return len(nieuw)


def controleer(tekst: str) -> Verslag:
    """Check the whole file, also against what is stored, and say what an import would change; writes nothing."""
    regelset = lees(tekst)
    fouten = Foutenlijst(regelnummers(tekst))
    with transaction.atomic():
        kenmerken = _voeg_kenmerken_toe(regelset)
        verslag = _verwerk(regelset, schrijven=False, door=None, fouten=fouten)
        transaction.set_rollback(True)  # the kenmerken were only added to check the versions against them
    if kenmerken:
        verslag.nieuw["kenmerken"] = kenmerken
    if fouten.lijst:
        raise Importfout(fouten.lijst)
    return verslag


def importeer(tekst: str, *, door=None) -> Verslag:
    """Check the whole file (also against what is stored), then write it in one transaction. Raises Importfout
    with every problem; then nothing is written. `door`: the user who imports (None: the current actor)."""
    regelset = lees(tekst)
    fouten = Foutenlijst(regelnummers(tekst))
    with transaction.atomic():
        kenmerken = _voeg_kenmerken_toe(regelset)
        # A dry run first: every refusal is found before anything is written.
        _verwerk(regelset, schrijven=False, door=door, fouten=fouten)
        if fouten.lijst:
            raise Importfout(fouten.lijst)
        with services.bundel_herberekening("regelset geïmporteerd"):
            try:
                verslag = _verwerk(regelset, schrijven=True, door=door, fouten=fouten)
            except ValidationError as fout:
                raise Importfout([Fout(None, "", t) for t in _validatie_tekst(fout)]) from None
            if fouten.lijst:
                raise Importfout(fouten.lijst)
    if kenmerken:
        verslag.nieuw["kenmerken"] = kenmerken
    return verslag


# --- Export -----------------------------------------------------------------------------------------------


def _export_waarde(waarde):
    if isinstance(waarde, Decimal):
        return str(waarde)
    return waarde


def _export_tabel(sleutel: str) -> list[dict]:
    model, natuurlijk, cijfers, meta = _NORMTABELLEN[sleutel]
    rijen = []
    for obj in model.objects.order_by(*natuurlijk):
        rijen.append({n: _export_waarde(getattr(obj, n)) for n in (*natuurlijk, *cijfers, *meta)})
    return rijen


def _export_versie(versie: RegelingVersie) -> dict:
    data: dict = {"geldig_van": versie.geldig_van}
    if versie.geldig_tot is not None:
        data["geldig_tot"] = versie.geldig_tot
    for veld in versies.regelvelden():
        waarde = getattr(versie, veld.name)
        standaard = veld.get_default() if veld.has_default() else None
        if veld.name == "voorwaarden":
            waarde = [als_data(v) for v in lees_voorwaarden(waarde)]
        if waarde == standaard or (waarde in ("", None) and standaard in ("", None)):
            continue
        data[veld.name] = _export_waarde(waarde)
    return data


def exporteer_data(*, gemeente: str = "", codes: Iterable[str] | None = None) -> dict:
    regelingen = Regeling.objects.select_related("aanbieder").order_by("code")
    if codes is not None:
        regelingen = regelingen.filter(code__in=list(codes))
    data: dict = {"formaat": FORMAAT, "gemeente": gemeente}
    for sleutel in _NORMTABELLEN:
        data[sleutel] = _export_tabel(sleutel)
    data["kenmerken"] = cases_selectors.kenmerksoorten_voor_export()
    data["regelingen"] = [
        {
            "code": r.code,
            "naam": r.naam,
            "omschrijving": r.omschrijving,
            "doelstelling": r.doelstelling,
            "aanbieder": r.aanbieder.naam if r.aanbieder else None,
            "aanvraagroute": r.aanvraagroute,
            "bron": r.bron,
            "versies": [_export_versie(v) for v in r.versies.order_by("geldig_van")],
        }
        for r in regelingen
    ]
    from . import testgevallen  # it reads this module's errors

    data["testgevallen"] = testgevallen.als_bestand(
        Testgeval.objects.filter(regeling__in=regelingen).select_related("regeling", "versie")
    )
    return data


def exporteer(*, gemeente: str = "") -> str:
    """The whole rule set in the database as YAML (readable by `importeer`)."""
    kop = (
        "# Regelset, geschreven door `python manage.py regelingen exporteer`. Uitleg: docs/regelingen-formaat.md.\n"
        "# Bedragen en percentages staan tussen aanhalingstekens, zodat ze nooit afgerond worden.\n"
    )
    return kop + yaml.safe_dump(exporteer_data(gemeente=gemeente), sort_keys=False, allow_unicode=True, width=120)


__all__ = ["Fout", "Importfout", "Regelset", "Verslag", "controleer", "exporteer", "importeer", "lees"]
