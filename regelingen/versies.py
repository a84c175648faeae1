"""Versioning of a regeling's rules: a change to a version in force starts a new version from a date, so an
outcome for an earlier peildatum is still explained by the rule that was in force then (issue 10, item 3)."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from venlo_armoede.accounts import logboek
from venlo_armoede.accounts.models import BeheerActie

from .models import Regeling, RegelingVersie, Testgeval

# Fields that are the period or the owner of a version, not its rules.
_GEEN_REGEL = {"id", "regeling", "geldig_van", "geldig_tot"}


def regelvelden() -> list[models.Field]:
    """The rule fields of a version, in model order (what a change may touch)."""
    return [v for v in RegelingVersie._meta.concrete_fields if v.name not in _GEEN_REGEL and v.editable]


def _kinderen() -> list:
    """The one-to-many parts of a version that belong to it (its voorwaarden, say): every reverse FK with
    a real related_name that cascades. Outcomes point at a version with related_name="+" (hidden): they
    are results, not parts, and are never copied."""
    return [
        rel
        for rel in RegelingVersie._meta.related_objects
        if rel.one_to_many and not rel.is_hidden() and rel.on_delete is models.CASCADE
    ]


def _momentopname(versie: RegelingVersie) -> dict:
    data = model_to_dict(versie, fields=["geldig_van", "geldig_tot", *(v.name for v in regelvelden())])
    return {k: (str(v) if v is not None and not isinstance(v, bool | list) else v) for k, v in data.items()}


def _kopieer_kinderen(*, van: RegelingVersie, naar: RegelingVersie) -> None:
    for rel in _kinderen():
        rijen = list(rel.related_model._default_manager.filter(**{rel.field.name: van}))
        for rij in rijen:
            rij.pk = None
            rij._state.adding = True
            setattr(rij, rel.field.name, naar)
        rel.related_model._default_manager.bulk_create(rijen)


def _weiger(bericht: str, veld: str = "ingang") -> ValidationError:
    return ValidationError({veld: bericht})


class TestgevallenAnders(ValidationError):
    """Saving would make testgevallen of the version come out differently and beheer has not confirmed that
    (or confirmed other ones). Nothing was saved. `gevallen`: the testgevallen.TestgevalUitkomst of each."""

    def __init__(self, gevallen: list, *, andere: bool = False):
        namen = ", ".join(f"‘{g.naam}’" for g in gevallen)
        if andere:
            tekst = (
                "Er is niets opgeslagen. Met deze regels komen andere testgevallen anders uit dan die u heeft "
                f"bevestigd: {namen}. Bekijk ze hieronder en bevestig opnieuw."
            )
        else:
            aantal = len(gevallen)
            wat = "1 testgeval komt" if aantal == 1 else f"{aantal} testgevallen komen"
            tekst = (
                f"Er is niets opgeslagen. {wat} met de nieuwe regels anders uit dan verwacht: {namen}. Klopt de "
                "nieuwe uitkomst? Zet dan een vinkje bij ‘Ik weet het: werk deze testgevallen bij naar de nieuwe "
                "uitkomst’ en kies opnieuw ‘Opslaan’. Klopt ze niet? Pas dan de regels aan."
            )
        super().__init__(tekst, code="testgevallen_anders")
        self.gevallen = gevallen


def wijzig_versie(
    *,
    versie: RegelingVersie,
    ingang: date,
    wijzigingen: dict,
    door,
    testgevallen_bijwerken: bool | None = None,
    bevestigd: frozenset[str] | None = None,
) -> RegelingVersie:
    """Change the rules of `versie` from `ingang` on and return the version that holds the change.

    - A version that has ended (geldig_tot before today) is read-only.
    - A version that is in force (or started before `ingang`) keeps its rules; a new version starts on
      `ingang` and the old one ends the day before. `ingang` may not lie before today: that would rewrite
      outcomes for past peildata.
    - A version that has not started yet (prepared for a future date) is changed in place when `ingang`
      is its own start date.
    - Testgevallen (the rule editor): with `testgevallen_bijwerken` False, a change that makes a testgeval of
      the version come out differently is refused (TestgevallenAnders); with True those testgevallen get the
      new outcome as their expectation and from then on describe the new version. `bevestigd`: the
      TestgevalUitkomst.sleutel values beheer saw and confirmed; any other difference is refused. None
      (an import, a script): testgevallen are not looked at.
    Atomic: the new version, the end of the old one and the updated testgevallen are saved together or not
    at all; all are logged in the beheerlogboek; one full recompute is queued after the commit."""
    from . import services  # services imports this module's callers; avoid a cycle at import time

    onbekend = set(wijzigingen) - {v.name for v in regelvelden()}
    if onbekend:
        raise ValidationError(f"Deze velden zijn geen regels van een versie: {', '.join(sorted(onbekend))}.")
    vandaag = timezone.localdate()
    # door=None (an import from the command line, say): the actor already set, else "systeem".
    actor = logboek.als_gebruiker(door) if door is not None else logboek.huidige_actor()
    with transaction.atomic(), logboek.namens(actor):
        with services.bundel_herberekening(f"regeling {versie.regeling} gewijzigd vanaf {ingang}"):
            list(RegelingVersie.objects.select_for_update().filter(regeling_id=versie.regeling_id))
            versie = RegelingVersie.objects.select_related("regeling").get(pk=versie.pk)
            controleer_ingang(versie=versie, ingang=ingang, vandaag=vandaag)
            anders = []
            if testgevallen_bijwerken is not None:
                anders = _testgevallen_anders(versie=versie, ingang=ingang, wijzigingen=wijzigingen)
                if anders and not testgevallen_bijwerken:
                    raise TestgevallenAnders(anders)
                niet_gezien = [g for g in anders if bevestigd is not None and g.sleutel not in bevestigd]
                if niet_gezien:
                    raise TestgevallenAnders(niet_gezien, andere=True)
            if ingang == versie.geldig_van:
                nieuw = _wijzig_toekomstige(versie=versie, wijzigingen=wijzigingen)
            else:
                nieuw = _nieuwe_versie(versie=versie, ingang=ingang, wijzigingen=wijzigingen)
            _werk_testgevallen_bij(anders, versie=nieuw)
            nieuw.bijgewerkte_testgevallen = len(anders)
            return nieuw


def _testgevallen_anders(*, versie: RegelingVersie, ingang: date, wijzigingen: dict) -> list:
    """The testgevallen of `versie` the change makes come out differently (as the editor's preview shows them),
    computed inside the caller's transaction with the testgevallen of the regeling locked."""
    from . import selectors, testgevallen  # testgevallen reads regelset, which writes through this module

    list(Testgeval.objects.select_for_update().filter(regeling_id=versie.regeling_id))
    nieuw = nieuwe_regels(versie=versie, ingang=ingang, wijzigingen=wijzigingen)
    gevallen = testgevallen.na_wijziging(
        versie=versie, huidige=selectors.regel_van(versie), nieuwe=selectors.regel_van(nieuw)
    )
    return [g for g in gevallen if not g.klopt]


def _werk_testgevallen_bij(anders: list, *, versie: RegelingVersie) -> None:
    """Beheer confirmed: each testgeval expects the new outcome (and amount, when that is checked) and from now
    on describes the new version, so `test_regelingen` checks it against the rule it was confirmed for."""
    for uitkomst in anders:
        geval = Testgeval.objects.get(pk=uitkomst.pk)
        voor = _testgeval_momentopname(geval)
        geval.verwacht_uitkomst = uitkomst.na
        if geval.bedrag_controleren:
            geval.verwacht_bedrag = uitkomst.na_bedrag
        geval.versie = versie
        geval.save(update_fields=["verwacht_uitkomst", "verwacht_bedrag", "versie"])
        logboek.schrijf(
            actie=BeheerActie.GEWIJZIGD,
            object_soort="testgeval",
            object_id=geval.pk,
            object_naam=str(geval),
            voor=voor,
            na=_testgeval_momentopname(geval),
            reden=f"Bijgewerkt naar de nieuwe uitkomst bij de wijziging vanaf {versie.geldig_van:%d-%m-%Y}",
        )


def _testgeval_momentopname(geval: Testgeval) -> dict:
    return {
        "verwacht_uitkomst": geval.verwacht_uitkomst,
        "verwacht_bedrag": None if geval.verwacht_bedrag is None else str(geval.verwacht_bedrag),
        "versie": geval.versie_id,
    }


def controleer_ingang(*, versie: RegelingVersie, ingang: date, vandaag: date | None = None) -> None:
    """ValidationError (on "ingang", in Dutch) when a change of `versie` may not start on `ingang`; the rules
    are in wijzig_versie's docstring. The editor's preview checks the same before it computes anything."""
    vandaag = vandaag or timezone.localdate()
    if versie.geldig_tot is not None and versie.geldig_tot < vandaag:
        raise _weiger("Deze versie is voorbij. Een versie uit het verleden kunt u niet meer wijzigen.")
    if ingang < vandaag:
        raise _weiger("De ingangsdatum ligt in het verleden. Kies vandaag of een latere datum.")
    if versie.geldig_tot is not None and ingang > versie.geldig_tot:
        raise _weiger(
            f"De ingangsdatum ligt na het einde van deze versie ({versie.geldig_tot:%d-%m-%Y}). "
            "Kies de versie die dan geldt."
        )
    if ingang < versie.geldig_van:
        raise _weiger(f"De ingangsdatum ligt vóór het begin van deze versie ({versie.geldig_van:%d-%m-%Y}).")
    if ingang == versie.geldig_van and versie.geldig_van <= vandaag:
        raise _weiger(
            "Deze versie is al in werking. Kies een ingangsdatum na "
            f"{versie.geldig_van:%d-%m-%Y}: dan komt er een nieuwe versie."
        )


def nieuwe_regels(*, versie: RegelingVersie, ingang: date, wijzigingen: dict) -> RegelingVersie:
    """The version as it would be after the change, not saved: checked like a saved one (Dutch
    ValidationError), except for the overlap with `versie` itself, which saving resolves by ending it."""
    onbekend = set(wijzigingen) - {v.name for v in regelvelden()}
    if onbekend:
        raise ValidationError(f"Deze velden zijn geen regels van een versie: {', '.join(sorted(onbekend))}.")
    nieuw = RegelingVersie(
        geldig_van=ingang,
        geldig_tot=versie.geldig_tot,
        **{v.name: copy.deepcopy(getattr(versie, v.name)) for v in regelvelden()},
    )
    for naam, waarde in wijzigingen.items():
        setattr(nieuw, naam, waarde)
    nieuw.full_clean(exclude=["regeling"])  # without a regeling: no overlap check against the version itself
    nieuw.regeling = versie.regeling
    return nieuw


def _wijzig_toekomstige(*, versie: RegelingVersie, wijzigingen: dict) -> RegelingVersie:
    voor = _momentopname(versie)
    for naam, waarde in wijzigingen.items():
        setattr(versie, naam, waarde)
    versie.full_clean()
    versie.save()
    logboek.schrijf(
        actie=BeheerActie.GEWIJZIGD,
        object_soort="regelingversie",
        object_id=versie.pk,
        object_naam=str(versie),
        voor=voor,
        na=_momentopname(versie),
    )
    return versie


def _nieuwe_versie(*, versie: RegelingVersie, ingang: date, wijzigingen: dict) -> RegelingVersie:
    oud_voor = _momentopname(versie)
    nieuw = RegelingVersie(
        regeling=versie.regeling,
        geldig_van=ingang,
        geldig_tot=versie.geldig_tot,
        # deepcopy: JSON rule fields (samenstellingen, voorwaarden) must not share lists with the old version
        **{v.name: copy.deepcopy(getattr(versie, v.name)) for v in regelvelden()},
    )
    for naam, waarde in wijzigingen.items():
        setattr(nieuw, naam, waarde)
    versie.geldig_tot = ingang - timedelta(days=1)
    versie.full_clean()
    versie.save(update_fields=["geldig_tot"])
    nieuw.full_clean()  # the overlap check names any clash in Dutch
    nieuw.save()
    _kopieer_kinderen(van=versie, naar=nieuw)
    logboek.schrijf(
        actie=BeheerActie.GEWIJZIGD,
        object_soort="regelingversie",
        object_id=versie.pk,
        object_naam=str(versie),
        voor=oud_voor,
        na=_momentopname(versie),
        reden=f"Beëindigd: nieuwe versie vanaf {ingang:%d-%m-%Y}",
    )
    logboek.schrijf(
        actie=BeheerActie.AANGEMAAKT,
        object_soort="regelingversie",
        object_id=nieuw.pk,
        object_naam=str(nieuw),
        na=_momentopname(nieuw),
        reden=f"Nieuwe versie van versie {versie.pk}",
    )
    return nieuw


@dataclass(frozen=True)
class Verschil:
    veld: str
    oud: str
    nieuw: str


@dataclass(frozen=True)
class HistorieRegel:
    versie: RegelingVersie
    status: str  # voorbij, geldt, komt
    verschillen: list[Verschil]


def _tekst(versie: RegelingVersie, veld: models.Field) -> str:
    waarde = getattr(versie, veld.name)
    if veld.choices:
        return str(getattr(versie, f"get_{veld.name}_display")()) or "—"
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if waarde in (None, "", []):
        return "—"
    if isinstance(waarde, list):
        if any(isinstance(w, dict) for w in waarde):  # voorwaarden: objects, shown as their JSON
            return json.dumps(waarde, ensure_ascii=False, sort_keys=True, default=str)
        return ", ".join(str(w) for w in waarde)
    return str(waarde)


def historie(*, regeling: Regeling) -> list[HistorieRegel]:
    """The versions of a regeling, oldest first, each with what changed compared with the one before."""
    vandaag = timezone.localdate()
    versies = list(RegelingVersie.objects.filter(regeling=regeling).order_by("geldig_van"))
    regels = []
    vorige = None
    for versie in versies:
        verschillen = []
        if vorige is not None:
            for veld in regelvelden():
                oud, nieuw = _tekst(vorige, veld), _tekst(versie, veld)
                if oud != nieuw:
                    verschillen.append(Verschil(veld=str(veld.verbose_name), oud=oud, nieuw=nieuw))
        if versie.geldig_van > vandaag:
            status = "komt"
        elif versie.geldig_tot is not None and versie.geldig_tot < vandaag:
            status = "voorbij"
        else:
            status = "geldt"
        regels.append(HistorieRegel(versie=versie, status=status, verschillen=verschillen))
        vorige = versie
    return regels
