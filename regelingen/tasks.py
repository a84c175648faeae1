"""Celery tasks of the rechtenberekening. They take ids, are safe to run twice, and leave the computing to
regelingen.rechten. Other code queues them through regelingen.services."""

from celery import shared_task
from django.conf import settings
from django.db import transaction

from . import rechten, scenario_run


@shared_task
def herbereken_huishoudens(huishouden_ids: list[int]) -> int:
    """Recompute the stored rights of these households."""
    return rechten.herbereken(huishouden_ids)


@shared_task(
    soft_time_limit=max(settings.HERBEREKENING_CHUNK_TIME_LIMIT - 30, 1),
    time_limit=settings.HERBEREKENING_CHUNK_TIME_LIMIT,
)
def herbereken_reeks_taak(van_id: int, tot_id: int, run_id: int | None = None) -> int:
    """One chunk of a full recompute: the households with van_id <= id < tot_id. Its own time limits are
    what the stale-run detector waits for (ADR 0012)."""
    return rechten.herbereken_reeks(van_id, tot_id, run_id)


def _verstuur_chunk(van_id: int, tot_id: int, run_id: int) -> None:
    herbereken_reeks_taak.delay(van_id, tot_id, run_id)


@shared_task
def herbereken_alle_rechten(reden: str = "nachtelijke herberekening") -> int | None:
    """Queue a full recompute as chunk tasks (nightly from beat, and after a norm or rule change). Returns
    the run id; the chunks are sent after this transaction commits. While a live run is busy: None, and
    the request is queued again when that run ends. A stalled run does not block: it is replaced."""
    return rechten.start_run(reden, _verstuur_chunk)


@shared_task
def herstel_vastgelopen_herberekeningen() -> list[tuple[int, str, int]]:
    """The stale-run detector (beat, every minute): re-queue only the missing chunks of a run without
    progress, or end it. Returns (run id, what was done, number of chunks) per run it touched."""
    return [(h.run_id, h.status, len(h.chunks)) for h in rechten.herstel_vastgelopen_runs(_verstuur_chunk)]


@shared_task
def bereken_scenario(run_id: int) -> str:
    """A what-if over a large population, with its progress on its ScenarioRun (issue 12, item 8)."""
    return scenario_run.voer_uit(run_id).status


def _plan_opnieuw(sender, *, reden: str, **kwargs) -> None:
    transaction.on_commit(lambda: herbereken_alle_rechten.delay(reden))


rechten.opnieuw_gevraagd.connect(_plan_opnieuw, dispatch_uid="regelingen-opnieuw-na-run")
