"""The rule editor's preview ("Bekijk wat er verandert"): before functioneel beheer saves a change to a version,
what would it do? The rules as sentences before and after, and how many households of the current population
gain or lose the right, in total and per stadsdeel.

Computed like the what-if (scenario.vergelijk): the population is read once in a few queries and every
household goes through the same pure engine once, with the rule as it is and as it would be in one context.
Nothing is written. Counts are aggregates only, with small numbers suppressed as everywhere (scenario.weergave).

The peildatum is today: the households and norms known now, whatever date the change starts (a future date
has no data of its own yet, and a missing norm or vermogensgrens for that year would blur every outcome)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone

from . import engine, regelset, scenario, selectors, testgevallen, versies, zinnen
from .models import RegelingVersie, Uitkomst

# The built-in testgevallen (the files `python manage.py test_regelingen` runs in CI).
INGEBOUWDE_TESTGEVALLEN = Path(__file__).resolve().parent / "data" / "testgevallen"


@dataclass(frozen=True)
class TestgevalUitkomst:
    """One testgeval of the version being changed: what it expects and what the changed rule gives."""

    naam: str
    peildatum: date
    verwacht: str  # an Uitkomst value
    nu: str  # with the rule as it is
    na: str  # with the change

    @property
    def klopt(self) -> bool:
        return self.na == self.verwacht

    @property
    def verwacht_tekst(self) -> str:
        return str(Uitkomst(self.verwacht).label)

    @property
    def na_tekst(self) -> str:
        return str(Uitkomst(self.na).label)


@dataclass(frozen=True)
class Voorvertoning:
    peildatum: date
    ingang: date
    zinnen_nu: list[str]
    zinnen_na: list[str]
    uitkomst: scenario.ScenarioUitkomst  # the raw counts (tests; never shown as such)
    weergave: scenario.Weergave  # the same, safe to show
    testgevallen: list[TestgevalUitkomst] = field(default_factory=list)
    testgevallen_fout: str = ""  # a built-in file that cannot be read (CI's test_regelingen names the line)

    @property
    def testgevallen_anders(self) -> list[TestgevalUitkomst]:
        return [t for t in self.testgevallen if not t.klopt]

    @property
    def regels_gelijk(self) -> bool:
        return self.zinnen_nu == self.zinnen_na

    @property
    def stadsdelen_met_verschil(self) -> list[scenario.Rij]:
        """Only the stadsdelen where someone gains or loses the right (a long table of zeros says nothing)."""
        return [
            rij for rij in self.weergave.per_stadsdeel if any(rij.cellen[m].tekst != "0" for m in ("erbij", "eraf"))
        ]


def beschrijf(versie: RegelingVersie) -> list[str]:
    """The rules of a version as B1 sentences: its voorwaarden first, then the amount and any judgement."""
    regel = selectors.regel_van(versie)
    return zinnen.voorwaarden(regel) + zinnen.overige(regel)


def bekijk_wijziging(*, versie: RegelingVersie, ingang: date, wijzigingen: dict) -> Voorvertoning:
    """What saving `wijzigingen` from `ingang` would change. Raises ValidationError (Dutch, per field) for the
    same bad input saving refuses, so a preview never shows a change that cannot be saved."""
    versies.controleer_ingang(versie=versie, ingang=ingang)
    nieuw = versies.nieuwe_regels(versie=versie, ingang=ingang, wijzigingen=wijzigingen)
    huidige_regel, nieuwe_regel = selectors.regel_van(versie), selectors.regel_van(nieuw)
    peildatum = timezone.localdate()
    try:
        uitkomst = scenario.vergelijk(huidige=huidige_regel, nieuwe=nieuwe_regel, peildatum=peildatum)
    except scenario.OngeldigScenario as fout:  # e.g. no norms known for today
        raise ValidationError(fout.bericht) from fout
    gevallen, fout = _testgevallen(versie=versie, huidige=huidige_regel, nieuwe=nieuwe_regel)
    return Voorvertoning(
        testgevallen=gevallen,
        testgevallen_fout=fout,
        peildatum=peildatum,
        ingang=ingang,
        zinnen_nu=zinnen.voorwaarden(huidige_regel) + zinnen.overige(huidige_regel),
        zinnen_na=zinnen.voorwaarden(nieuwe_regel) + zinnen.overige(nieuwe_regel),
        uitkomst=uitkomst,
        weergave=scenario.weergave(uitkomst),
    )


def _testgevallen(
    *, versie: RegelingVersie, huidige: engine.Regel, nieuwe: engine.Regel
) -> tuple[list[TestgevalUitkomst], str]:
    """The built-in testgevallen that describe this version (an expectation for its regeling, a peildatum in
    its period), each computed with the rule as it is and as changed, as if the change held on the
    testgeval's own peildatum: does the rule still do what its examples say? Only this regeling's rule is in
    the context: the engine judges every rule on its own."""
    gevallen = []
    for pad in sorted(INGEBOUWDE_TESTGEVALLEN.glob("*.yaml")):
        try:
            gevallen += testgevallen.lees(pad.read_text(encoding="utf-8"))
        except regelset.Importfout:
            return [], f"De testgevallen in {pad.name} kunnen niet worden gelezen."
    code = huidige.code
    normtabel = selectors.normtabel()
    uitkomsten = []
    for geval in gevallen:
        verwacht = next((v.uitkomst for v in geval.verwacht if v.code == code), None)
        in_periode = versie.geldig_van <= geval.peildatum and (
            versie.geldig_tot is None or geval.peildatum <= versie.geldig_tot
        )
        if verwacht is None or not in_periode:
            continue
        in_werking = {"geldig_van": geval.peildatum, "geldig_tot": None}
        try:
            context = engine.maak_context(
                geval.peildatum,
                normtabel,
                (replace(huidige, **in_werking), replace(nieuwe, code=f"{code}~nieuw", **in_werking)),
            )
            berekening = engine.bepaal_rechten_met_context(geval.huishouden, context)
        except engine.OngeldigHuishouden:
            continue  # test_regelingen reports it; the preview is about the change
        per_code = {u.code: u.uitkomst for u in berekening.uitkomsten}
        uitkomsten.append(
            TestgevalUitkomst(
                naam=geval.naam,
                peildatum=geval.peildatum,
                verwacht=verwacht,
                nu=per_code[code],
                na=per_code[f"{code}~nieuw"],
            )
        )
    return uitkomsten, ""
