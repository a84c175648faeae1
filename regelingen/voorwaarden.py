"""The vocabulary of conditions (voorwaarden) a regeling version can have: a small set of typed kinds, not
an expression language. A version's voorwaarden are stored as a JSON list of objects, each with a `soort`
and that kind's parameters; `lees_voorwaarde` turns one into a frozen dataclass and refuses anything
unknown or impossible with a Dutch message. The engine (regelingen/engine.py) has one function per kind.

Pure Python (no Django), so the engine, the YAML import and the model's clean() share the same checks.
Adding a kind: a dataclass and a reader here, one function in engine.BEOORDELAARS, its form and tests."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from decimal import Decimal, InvalidOperation

NORM_BASES = ("incl_vt", "excl_vt")
SAMENSTELLINGEN = ("alleenstaande", "alleenstaande_ouder", "paar", "paar_met_kinderen")
LEEFTIJD_WIE = ("aanvrager", "partner", "volwassene", "kind")
KENMERK_WIE = ("huishouden", "aanvrager", "partner", "iemand", "kind")


class OngeldigeVoorwaarde(ValueError):
    """A voorwaarde that cannot be right. `veld` names the parameter."""

    def __init__(self, bericht: str, veld: str = ""):
        super().__init__(bericht)
        self.bericht = bericht
        self.veld = veld


@dataclass(frozen=True)
class Inkomen:
    """Household income (aanvrager + partner) as % of the applicable norm: not above max_pct (or below it when
    not inclusive) and, when min_pct is set, above min_pct (or at least it when min_inclusief)."""

    soort = "inkomen"
    max_pct: Decimal | None = None
    max_inclusief: bool = True
    min_pct: Decimal | None = None
    min_inclusief: bool = False
    norm_basis: str = "incl_vt"
    kostendelersnorm: bool = True


@dataclass(frozen=True)
class LangdurigLaagInkomen:
    """The income has been low for at least `maanden` months (the household's 'laag inkomen sinds'). With
    grens_pct the current income must also be within that grens of its own (not the regeling's)."""

    soort = "langdurig_laag_inkomen"
    maanden: int = 0
    grens_pct: Decimal | None = None
    grens_inclusief: bool = True
    norm_basis: str = "incl_vt"
    kostendelersnorm: bool = True


@dataclass(frozen=True)
class Vermogen:
    """Vermogen not above the Participatiewet grens of the peildatum's year, or above a fixed max_bedrag."""

    soort = "vermogen"
    max_bedrag: Decimal | None = None  # None: the Participatiewet grens (alleenstaande or gezin)


@dataclass(frozen=True)
class Leeftijd:
    """The age of `wie` in years within [min_jaren, max_jaren] (inclusive), and/or relative to the AOW-leeftijd.
    wie: aanvrager, partner, volwassene (any adult member: at least one must qualify), kind (at least one)."""

    soort = "leeftijd"
    wie: str = "aanvrager"
    min_jaren: int | None = None
    max_jaren: int | None = None
    jonger_dan_aow: bool = False
    vanaf_aow: bool = False


@dataclass(frozen=True)
class Kinderen:
    """At least min_aantal (and at most max_aantal) children (rol kind) aged [min_leeftijd, max_leeftijd]."""

    soort = "kinderen"
    min_aantal: int = 1
    max_aantal: int | None = None
    min_leeftijd: int | None = None
    max_leeftijd: int | None = None


@dataclass(frozen=True)
class Samenstelling:
    soort = "samenstelling"
    samenstellingen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kenmerk:
    """A kenmerk (a code from the list functioneel beheer keeps) registered for the household or a person on
    the peildatum. heeft=False: the regeling is for those WITHOUT it."""

    soort = "kenmerk"
    kenmerk: str = ""
    wie: str = "huishouden"
    heeft: bool = True


Voorwaarde = Inkomen | LangdurigLaagInkomen | Vermogen | Leeftijd | Kinderen | Samenstelling | Kenmerk
SOORTEN: dict[str, type] = {
    k.soort: k for k in (Inkomen, LangdurigLaagInkomen, Vermogen, Leeftijd, Kinderen, Samenstelling, Kenmerk)
}
SOORT_TEKST = {
    "inkomen": "inkomen",
    "langdurig_laag_inkomen": "langdurig laag inkomen",
    "vermogen": "vermogen",
    "leeftijd": "leeftijd",
    "kinderen": "kinderen",
    "samenstelling": "samenstelling van het huishouden",
    "kenmerk": "kenmerk",
}


# --- Reading and checking ------------------------------------------------------------------------------


def _pct(waarde, veld: str) -> Decimal | None:
    if waarde is None:
        return None
    if isinstance(waarde, float | bool):
        raise OngeldigeVoorwaarde(f"Schrijf het percentage '{veld}' als tekst tussen aanhalingstekens.", veld)
    try:
        pct = Decimal(str(waarde))
    except InvalidOperation:
        raise OngeldigeVoorwaarde(f"'{waarde}' is geen percentage ({veld}).", veld) from None
    if not pct.is_finite() or pct < 0 or pct > 1000:
        raise OngeldigeVoorwaarde(f"Het percentage {veld} moet tussen 0 en 1000 liggen.", veld)
    return pct


def _bedrag(waarde, veld: str) -> Decimal | None:
    if waarde is None:
        return None
    try:
        bedrag = Decimal(str(waarde))
    except InvalidOperation:
        raise OngeldigeVoorwaarde(f"'{waarde}' is geen bedrag ({veld}).", veld) from None
    if not bedrag.is_finite() or bedrag < 0:
        raise OngeldigeVoorwaarde(f"Het bedrag {veld} kan niet negatief zijn.", veld)
    return bedrag


def _geheel(waarde, veld: str, *, hoogstens: int = 120) -> int | None:
    if waarde is None:
        return None
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        raise OngeldigeVoorwaarde(f"'{waarde}' is geen heel getal ({veld}).", veld)
    if not 0 <= waarde <= hoogstens:
        raise OngeldigeVoorwaarde(f"{veld} moet van 0 tot en met {hoogstens} zijn.", veld)
    return waarde


def _ja_nee(waarde, veld: str) -> bool:
    if not isinstance(waarde, bool):
        raise OngeldigeVoorwaarde(f"{veld} moet ja of nee (true of false) zijn.", veld)
    return waarde


def _keuze(waarde, veld: str, keuzes: tuple[str, ...]) -> str:
    if waarde not in keuzes:
        raise OngeldigeVoorwaarde(f"Onbekende waarde '{waarde}' voor {veld}. Kies uit: {', '.join(keuzes)}.", veld)
    return waarde


def _lees_inkomen(p: dict) -> Inkomen:
    v = Inkomen(
        max_pct=_pct(p.get("max_pct"), "max_pct"),
        max_inclusief=_ja_nee(p.get("max_inclusief", True), "max_inclusief"),
        min_pct=_pct(p.get("min_pct"), "min_pct"),
        min_inclusief=_ja_nee(p.get("min_inclusief", False), "min_inclusief"),
        norm_basis=_keuze(p.get("norm_basis", "incl_vt"), "norm_basis", NORM_BASES),
        kostendelersnorm=_ja_nee(p.get("kostendelersnorm", True), "kostendelersnorm"),
    )
    if v.max_pct is None and v.min_pct is None:
        raise OngeldigeVoorwaarde("Geef een bovengrens (max_pct), een ondergrens (min_pct) of beide.", "max_pct")
    if v.max_pct is not None and v.min_pct is not None:
        leeg = v.min_pct > v.max_pct or (v.min_pct == v.max_pct and not (v.min_inclusief and v.max_inclusief))
        if leeg:
            raise OngeldigeVoorwaarde(
                f"De ondergrens ({v.min_pct}%) ligt niet onder de bovengrens ({v.max_pct}%): geen inkomen past.",
                "min_pct",
            )
    return v


def _lees_langdurig(p: dict) -> LangdurigLaagInkomen:
    maanden = _geheel(p.get("maanden"), "maanden", hoogstens=600)
    if not maanden:
        raise OngeldigeVoorwaarde("Geef het aantal maanden (1 of meer) dat het inkomen al laag moet zijn.", "maanden")
    return LangdurigLaagInkomen(
        maanden=maanden,
        grens_pct=_pct(p.get("grens_pct"), "grens_pct"),
        grens_inclusief=_ja_nee(p.get("grens_inclusief", True), "grens_inclusief"),
        norm_basis=_keuze(p.get("norm_basis", "incl_vt"), "norm_basis", NORM_BASES),
        kostendelersnorm=_ja_nee(p.get("kostendelersnorm", True), "kostendelersnorm"),
    )


def _lees_vermogen(p: dict) -> Vermogen:
    return Vermogen(max_bedrag=_bedrag(p.get("max_bedrag"), "max_bedrag"))


def _lees_leeftijd(p: dict) -> Leeftijd:
    v = Leeftijd(
        wie=_keuze(p.get("wie", "aanvrager"), "wie", LEEFTIJD_WIE),
        min_jaren=_geheel(p.get("min_jaren"), "min_jaren"),
        max_jaren=_geheel(p.get("max_jaren"), "max_jaren"),
        jonger_dan_aow=_ja_nee(p.get("jonger_dan_aow", False), "jonger_dan_aow"),
        vanaf_aow=_ja_nee(p.get("vanaf_aow", False), "vanaf_aow"),
    )
    if v.min_jaren is None and v.max_jaren is None and not v.jonger_dan_aow and not v.vanaf_aow:
        raise OngeldigeVoorwaarde("Geef een minimum- of maximumleeftijd, of een grens ten opzichte van de AOW.", "")
    if v.min_jaren is not None and v.max_jaren is not None and v.min_jaren > v.max_jaren:
        raise OngeldigeVoorwaarde(
            f"De minimumleeftijd ({v.min_jaren} jaar) is hoger dan de maximumleeftijd ({v.max_jaren} jaar).",
            "min_jaren",
        )
    if v.jonger_dan_aow and v.vanaf_aow:
        raise OngeldigeVoorwaarde("Iemand kan niet tegelijk jonger dan de AOW-leeftijd en ouder zijn.", "vanaf_aow")
    return v


def _lees_kinderen(p: dict) -> Kinderen:
    v = Kinderen(
        min_aantal=_geheel(p.get("min_aantal", 1), "min_aantal", hoogstens=30),
        max_aantal=_geheel(p.get("max_aantal"), "max_aantal", hoogstens=30),
        min_leeftijd=_geheel(p.get("min_leeftijd"), "min_leeftijd"),
        max_leeftijd=_geheel(p.get("max_leeftijd"), "max_leeftijd"),
    )
    if v.min_leeftijd is not None and v.max_leeftijd is not None and v.min_leeftijd > v.max_leeftijd:
        raise OngeldigeVoorwaarde(
            f"De minimumleeftijd van het kind ({v.min_leeftijd} jaar) is hoger dan de maximumleeftijd "
            f"({v.max_leeftijd} jaar).",
            "min_leeftijd",
        )
    if v.max_aantal is not None and v.min_aantal > v.max_aantal:
        raise OngeldigeVoorwaarde(
            f"Het minimum aantal kinderen ({v.min_aantal}) is hoger dan het maximum ({v.max_aantal}).", "min_aantal"
        )
    return v


def _lees_samenstelling(p: dict) -> Samenstelling:
    lijst = p.get("samenstellingen")
    if not isinstance(lijst, list | tuple) or not lijst:
        raise OngeldigeVoorwaarde("Noem ten minste één samenstelling van het huishouden.", "samenstellingen")
    return Samenstelling(samenstellingen=tuple(_keuze(s, "samenstellingen", SAMENSTELLINGEN) for s in lijst))


def _lees_kenmerk(p: dict, kenmerken: frozenset[str] | None) -> Kenmerk:
    code = p.get("kenmerk")
    if not isinstance(code, str) or not code:
        raise OngeldigeVoorwaarde("Noem het kenmerk (de code uit de lijst met kenmerken).", "kenmerk")
    if kenmerken is not None and code not in kenmerken:
        raise OngeldigeVoorwaarde(f"Onbekend kenmerk '{code}'. Het staat niet in de lijst met kenmerken.", "kenmerk")
    return Kenmerk(
        kenmerk=code,
        wie=_keuze(p.get("wie", "huishouden"), "wie", KENMERK_WIE),
        heeft=_ja_nee(p.get("heeft", True), "heeft"),
    )


_LEZERS = {
    "inkomen": _lees_inkomen,
    "langdurig_laag_inkomen": _lees_langdurig,
    "vermogen": _lees_vermogen,
    "leeftijd": _lees_leeftijd,
    "kinderen": _lees_kinderen,
    "samenstelling": _lees_samenstelling,
}


def lees_voorwaarde(data: dict, *, kenmerken: frozenset[str] | None = None) -> Voorwaarde:
    """One voorwaarde from its JSON/YAML form. `kenmerken`: the known kenmerk codes (None: not checked)."""
    if not isinstance(data, dict):
        raise OngeldigeVoorwaarde("Een voorwaarde is een lijst van gegevens met ten minste een 'soort'.", "soort")
    soort = data.get("soort")
    if soort not in SOORTEN:
        raise OngeldigeVoorwaarde(f"Onbekende soort voorwaarde '{soort}'. Kies uit: {', '.join(SOORTEN)}.", "soort")
    toegestaan = {f.name for f in fields(SOORTEN[soort])}
    onbekend = sorted(set(data) - toegestaan - {"soort"})
    if onbekend:
        raise OngeldigeVoorwaarde(
            f"Onbekend gegeven voor een voorwaarde '{soort}': {', '.join(onbekend)}. "
            f"Mogelijk: {', '.join(sorted(toegestaan))}.",
            onbekend[0],
        )
    if soort == "kenmerk":
        return _lees_kenmerk(data, kenmerken)
    return _LEZERS[soort](data)


def lees_voorwaarden(lijst, *, kenmerken: frozenset[str] | None = None) -> tuple[Voorwaarde, ...]:
    """A version's voorwaarden; the error names which one (1-based) is wrong."""
    if lijst in (None, ""):
        return ()
    if not isinstance(lijst, list | tuple):
        raise OngeldigeVoorwaarde("De voorwaarden zijn een lijst.", "voorwaarden")
    resultaat = []
    for nummer, data in enumerate(lijst, start=1):
        try:
            resultaat.append(lees_voorwaarde(data, kenmerken=kenmerken))
        except OngeldigeVoorwaarde as fout:
            raise OngeldigeVoorwaarde(f"Voorwaarde {nummer}: {fout.bericht}", fout.veld) from None
    return tuple(resultaat)


def _band_leeg(onder: tuple[Decimal, bool] | None, boven: tuple[Decimal, bool] | None) -> bool:
    """(pct, inclusief) bounds: no value lies above the lower and below the upper one."""
    if onder is None or boven is None:
        return False
    return onder[0] > boven[0] or (onder[0] == boven[0] and not (onder[1] and boven[1]))


def _strengste(grenzen: list[tuple[Decimal, bool, str]], hoogste: bool) -> tuple[Decimal, bool, str] | None:
    """The bound that admits least: the highest lower or the lowest upper bound; at the same figure the one
    that does not count the figure itself."""
    if not grenzen:
        return None
    return max(grenzen, key=lambda g: (g[0] if hoogste else -g[0], not g[1]))


def controleer_samen(voorwaarden: tuple[Voorwaarde, ...] | list[Voorwaarde], bronnen: list[str] | None = None) -> None:
    """Voorwaarden that each can hold but together admit no one, as OngeldigeVoorwaarde with `veld` the source
    of the decisive bound (`bronnen[i]` names where voorwaarde i came from, say a version's column; default
    "voorwaarden"). All voorwaarden must hold, so:
    - inkomen: per norm (basis and kostendelersnorm) the highest lower bound must lie under the lowest upper
      bound (an income band from the column inkomensgrens_pct and a voorwaarde with min_pct, say);
    - leeftijd of the aanvrager or the partner (one person each; 'volwassene' and 'kind' are "at least one",
      so bounds of different voorwaarden may be met by different people): the highest minimum may not lie
      above the lowest maximum, and not both younger than and from the AOW-leeftijd."""
    bronnen = bronnen or ["voorwaarden"] * len(voorwaarden)
    banden: dict[tuple[str, bool], tuple[list, list]] = {}
    for v, bron in zip(voorwaarden, bronnen, strict=True):
        if isinstance(v, Inkomen):
            onder, boven = banden.setdefault((v.norm_basis, v.kostendelersnorm), ([], []))
            if v.min_pct is not None:
                onder.append((v.min_pct, v.min_inclusief, bron))
            if v.max_pct is not None:
                boven.append((v.max_pct, v.max_inclusief, bron))
    for onder, boven in banden.values():
        laag, hoog = _strengste(onder, hoogste=True), _strengste(boven, hoogste=False)
        if laag is not None and hoog is not None and _band_leeg(laag[:2], hoog[:2]):
            raise OngeldigeVoorwaarde(
                f"Samen laten de voorwaarden geen enkel inkomen toe: de ondergrens ({laag[0]}%) ligt niet onder "
                f"de bovengrens ({hoog[0]}%). Verlaag de ondergrens of verhoog de bovengrens.",
                hoog[2] if hoog[2] != "voorwaarden" else laag[2],
            )
    for wie in ("aanvrager", "partner"):
        eigen = [(v, bron) for v, bron in zip(voorwaarden, bronnen, strict=True) if isinstance(v, Leeftijd)]
        eigen = [(v, bron) for v, bron in eigen if v.wie == wie]
        minima = [(v.min_jaren, bron) for v, bron in eigen if v.min_jaren is not None]
        maxima = [(v.max_jaren, bron) for v, bron in eigen if v.max_jaren is not None]
        if minima and maxima:
            minimum, maximum = max(minima), min(maxima)
            if minimum[0] > maximum[0]:
                raise OngeldigeVoorwaarde(
                    f"Samen laten de voorwaarden geen enkele leeftijd van de {wie} toe: minstens {minimum[0]} jaar "
                    f"en hoogstens {maximum[0]} jaar.",
                    maximum[1] if maximum[1] != "voorwaarden" else minimum[1],
                )
        jonger = [bron for v, bron in eigen if v.jonger_dan_aow]
        vanaf = [bron for v, bron in eigen if v.vanaf_aow]
        if jonger and vanaf:
            raise OngeldigeVoorwaarde(
                f"Samen eisen de voorwaarden dat de {wie} jonger is dan de AOW-leeftijd én die leeftijd heeft.",
                jonger[0] if jonger[0] != "voorwaarden" else vanaf[0],
            )


def als_data(voorwaarde: Voorwaarde) -> dict:
    """The JSON/YAML form: soort first, then only the parameters that differ from their default; money and
    percentages as strings so they never become floats."""
    standaard = type(voorwaarde)()
    data: dict = {"soort": voorwaarde.soort}
    for naam, waarde in asdict(voorwaarde).items():
        if waarde == getattr(standaard, naam):
            continue
        if isinstance(waarde, Decimal):
            waarde = str(waarde)
        elif isinstance(waarde, tuple):
            waarde = list(waarde)
        data[naam] = waarde
    return data
