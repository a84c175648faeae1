"""The rule editor's preview ("Bekijk wat er verandert"): before functioneel beheer saves a change to a version,
what would it do? The rules as sentences before and after, and how many households of the current population
gain or lose the right, in total and per stadsdeel.

Computed like the what-if (scenario.vergelijk): the population is read once in a few queries and every
household goes through the same pure engine once, with the rule as it is and as it would be in one context.
Nothing is written. Counts are aggregates only, with small numbers suppressed as everywhere (scenario.weergave).

The peildatum is today: the households and norms known now, whatever date the change starts (a future date
has no data of its own yet, and a missing norm or vermogensgrens for that year would blur every outcome)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from . import scenario, selectors, testgevallen, versies, zinnen
from .models import RegelingVersie

# A testgeval of the version with what the change gives (regelingen.testgevallen, where they are computed).
TestgevalUitkomst = testgevallen.TestgevalUitkomst


@dataclass(frozen=True)
class Voorvertoning:
    peildatum: date
    ingang: date
    zinnen_nu: list[str]
    zinnen_na: list[str]
    uitkomst: scenario.ScenarioUitkomst  # the raw counts (tests; never shown as such)
    weergave: scenario.Weergave  # the same, safe to show
    testgevallen: list[TestgevalUitkomst] = field(default_factory=list)

    @property
    def testgevallen_anders(self) -> list[TestgevalUitkomst]:
        return [t for t in self.testgevallen if not t.klopt]

    @property
    def bevestiging(self) -> str:
        """The testgevallen a confirmation covers, for the form's hidden field (versies.wijzig_versie)."""
        return " ".join(t.sleutel for t in self.testgevallen_anders)

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
    return Voorvertoning(
        testgevallen=testgevallen.na_wijziging(versie=versie, huidige=huidige_regel, nieuwe=nieuwe_regel),
        peildatum=peildatum,
        ingang=ingang,
        zinnen_nu=zinnen.voorwaarden(huidige_regel) + zinnen.overige(huidige_regel),
        zinnen_na=zinnen.voorwaarden(nieuwe_regel) + zinnen.overige(nieuwe_regel),
        uitkomst=uitkomst,
        weergave=scenario.weergave(uitkomst),
    )
