"""The public write API of the regelingen app: recomputing rights, and applications with their decisions."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import rechten, scenario_run, tasks
from .models import Aanvraag, AanvraagStatus, Regeling, ScenarioRun

_bundel = threading.local()


def plan_herberekening(*, huishouden_ids: Sequence[int]) -> None:
    """Recompute these households' rights through Celery once the current transaction commits
    (never before: the worker must see the committed data)."""
    ids = sorted(set(huishouden_ids))
    if ids:
        transaction.on_commit(lambda: tasks.herbereken_huishoudens.delay(ids))


def plan_volledige_herberekening(*, reden: str) -> int | None:
    """Queue a full recompute in chunks, unless one is running already (then: None). Returns the run id."""
    return tasks.herbereken_alle_rechten(reden)


def na_regelwijziging(*, reden: str) -> None:
    """A norm or rule changed: recompute everyone after the commit. Inside `bundel_herberekening` the
    recompute is planned once, when the bundle closes."""
    if getattr(_bundel, "redenen", None) is not None:
        _bundel.redenen.append(reden)
        return
    transaction.on_commit(lambda: tasks.herbereken_alle_rechten.delay(reden))


@contextmanager
def bundel_herberekening(reden: str, *, plannen: bool = True) -> Iterator[None]:
    """Many rule or norm changes (loading reference data, one admin form with inlines) give one full
    recompute instead of one per row. With plannen=False none is planned: the caller recomputes itself
    (seeding an empty database). Nested bundles: the outermost decides."""
    if getattr(_bundel, "redenen", None) is not None:
        yield
        return
    _bundel.redenen = []
    try:
        yield
        gewijzigd = bool(_bundel.redenen)
    finally:
        _bundel.redenen = None
    if gewijzigd and plannen:
        transaction.on_commit(lambda: tasks.herbereken_alle_rechten.delay(reden))


def herbereken_alles_nu() -> rechten.Resultaat:
    """The full recompute in this process, chunk after chunk (seeding, benchmarks, management use)."""
    return rechten.herbereken_alles_nu()


def start_scenario(
    *, door, regeling_code: str, regeling_naam: str, wijzigingen: dict, voorwaarden: list[dict] | None
) -> ScenarioRun:
    """Queue a what-if as a background run (checked by the caller first: scenario.controleer). The task is
    sent after the commit; the run's page follows its progress."""
    run = ScenarioRun.objects.create(
        gestart_door=door,
        regeling_code=regeling_code,
        regeling_naam=regeling_naam,
        wijzigingen=scenario_run.json_veilig(wijzigingen),
        voorwaarden=voorwaarden,
        peildatum=timezone.localdate(),
    )
    transaction.on_commit(lambda: tasks.bereken_scenario.delay(run.pk))
    return run


def registreer_aanvraag(*, huishouden, regeling: Regeling, aangevraagd_op: date) -> Aanvraag:
    """Record that a household applied for a regeling (it then leaves the niet-gebruik worklist)."""
    return Aanvraag.objects.create(
        huishouden=huishouden, regeling=regeling, status=AanvraagStatus.AANGEVRAAGD, aangevraagd_op=aangevraagd_op
    )


def besluit_op_aanvraag(
    *, aanvraag: Aanvraag, toegekend: bool, besloten_op: date, bedrag: Decimal | None = None
) -> Aanvraag:
    """Record the decision on an application: toegekend (with the amount) or afgewezen."""
    with transaction.atomic():
        aanvraag = Aanvraag.objects.for_systeem("besluit op aanvraag").select_for_update().get(pk=aanvraag.pk)
        if aanvraag.status != AanvraagStatus.AANGEVRAAGD:
            raise ValidationError({"status": "Op deze aanvraag is al besloten."})
        if besloten_op < aanvraag.aangevraagd_op:
            raise ValidationError({"besloten_op": "De besluitdatum ligt vóór de aanvraagdatum."})
        aanvraag.status = AanvraagStatus.TOEGEKEND if toegekend else AanvraagStatus.AFGEWEZEN
        aanvraag.besloten_op = besloten_op
        aanvraag.bedrag = bedrag if toegekend else None
        aanvraag.save(update_fields=["status", "besloten_op", "bedrag"])
    return aanvraag


def wijzig_versie(
    *,
    versie,
    ingang: date,
    wijzigingen: dict,
    door,
    testgevallen_bijwerken: bool | None = None,
    bevestigd: frozenset[str] | None = None,
):
    """Change a version's rules from `ingang` on: a version in force gets a successor, never an edit in place
    (see regelingen.versies, also for the testgevallen a change breaks)."""
    from . import versies

    return versies.wijzig_versie(
        versie=versie,
        ingang=ingang,
        wijzigingen=wijzigingen,
        door=door,
        testgevallen_bijwerken=testgevallen_bijwerken,
        bevestigd=bevestigd,
    )
